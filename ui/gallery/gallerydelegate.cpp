#include "gallerydelegate.h"

#include "domain/generationstatus.h"
#include "engine/thumbnailcache.h"
#include "historymodel.h"
#include "icons.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace atelier {

namespace {

constexpr int kMargin = 6;
constexpr int kRadius = 6;

QString iconFor(GenerationStatus status)
{
    switch (status) {
    case GenerationStatus::Pending:
        return QStringLiteral("pending");
    case GenerationStatus::Processing:
        return QStringLiteral("running");
    case GenerationStatus::Failed:
        return QStringLiteral("error");
    case GenerationStatus::Cancelled:
        return QStringLiteral("cancel");
    case GenerationStatus::Completed:
        break;
    }
    return QStringLiteral("done");
}

QString badgeText(GenerationStatus status)
{
    switch (status) {
    case GenerationStatus::Pending:
        return GalleryDelegate::tr("Waiting");
    case GenerationStatus::Processing:
        return GalleryDelegate::tr("Making");
    case GenerationStatus::Failed:
        return GalleryDelegate::tr("Failed");
    case GenerationStatus::Cancelled:
        return GalleryDelegate::tr("Cancelled");
    case GenerationStatus::Completed:
        break;
    }
    return {};
}

} // namespace

GalleryDelegate::GalleryDelegate(ThumbnailCache &cache, QObject *parent)
    : QStyledItemDelegate(parent), m_cache(cache)
{}

QSize GalleryDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QSize bound = m_cache.bound();
    return {bound.width() + 2 * kMargin, bound.height() + option.fontMetrics.height() + 3 * kMargin};
}

void GalleryDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &palette = option.palette;
    const QRect tile = option.rect.adjusted(2, 2, -2, -2);
    const bool selected = option.state & QStyle::State_Selected;
    if (selected || (option.state & QStyle::State_MouseOver)) {
        QColor fill = palette.color(QPalette::Highlight);
        if (!selected)
            fill.setAlphaF(0.25);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(tile, kRadius, kRadius);
    }
    const QRect picture(tile.left() + kMargin - 2, tile.top() + kMargin - 2, m_cache.bound().width(),
                        m_cache.bound().height());
    paintPicture(painter, option, picture, index);
    paintBadge(painter, option, picture, index);
    paintMarks(painter, option, picture, index);

    const QRect text(picture.left(), picture.bottom() + kMargin, picture.width(),
                     option.fontMetrics.height());
    painter->setPen(palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(option.font);
    const QString prompt = index.data(HistoryModel::PromptRole).toString().simplified();
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(prompt, Qt::ElideRight, text.width()));
    if (option.state & QStyle::State_HasFocus) {
        painter->setPen(QPen(palette.color(QPalette::Highlight), 1, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(tile, kRadius, kRadius);
    }
    painter->restore();
}

void GalleryDelegate::paintPicture(QPainter *painter, const QStyleOptionViewItem &option, const QRect &area,
                                   const QModelIndex &index) const
{
    const auto status = GenerationStatus(index.data(HistoryModel::StatusRole).toInt());
    const QString path = index.data(HistoryModel::ThumbnailPathRole).toString();
    const QPixmap thumbnail = m_cache.thumbnail(path);
    if (!thumbnail.isNull()) {
        QSize size = thumbnail.deviceIndependentSize().toSize().scaled(area.size(), Qt::KeepAspectRatio);
        QRect target(QPoint(), size);
        target.moveCenter(area.center());
        QPainterPath clip;
        clip.addRoundedRect(target, kRadius, kRadius);
        painter->setClipPath(clip);
        painter->drawPixmap(target, thumbnail);
        painter->setClipping(false);
        return;
    }
    // The placeholder: a quiet card with a glyph that says why there is no picture (yet).
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.palette.color(QPalette::AlternateBase));
    painter->drawRoundedRect(area, kRadius, kRadius);
    QString glyph = QStringLiteral("placeholder");
    if (!path.isEmpty() && m_cache.isBroken(path))
        glyph = QStringLiteral("warning");
    else if (path.isEmpty())
        glyph = iconFor(status);
    const int side = qMin(area.width(), area.height()) / 3;
    QRect iconRect(0, 0, side, side);
    iconRect.moveCenter(area.center());
    Icons::icon(glyph).paint(painter, iconRect, Qt::AlignCenter, QIcon::Disabled);
}

void GalleryDelegate::paintBadge(QPainter *painter, const QStyleOptionViewItem &option, const QRect &area,
                                 const QModelIndex &index) const
{
    const auto status = GenerationStatus(index.data(HistoryModel::StatusRole).toInt());
    const QString text = badgeText(status);
    if (text.isEmpty())
        return;
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.85);
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 4;
    const int iconSide = metrics.height();
    const QRect badge(area.left() + 4, area.top() + 4, metrics.horizontalAdvance(text) + iconSide + 14,
                      height);
    // Window colours so it reads on any picture and in a dark palette.
    QColor fill = option.palette.color(QPalette::Window);
    fill.setAlphaF(0.9);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(badge, height / 2.0, height / 2.0);
    const QRect iconRect(badge.left() + 5, badge.top() + 2, iconSide, iconSide);
    Icons::icon(iconFor(status)).paint(painter, iconRect);
    painter->setFont(font);
    painter->setPen(option.palette.color(QPalette::WindowText));
    painter->drawText(badge.adjusted(iconSide + 8, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
}

void GalleryDelegate::paintMarks(QPainter *painter, const QStyleOptionViewItem &option, const QRect &area,
                                 const QModelIndex &index) const
{
    const bool favorite = index.data(HistoryModel::FavoriteRole).toBool();
    const int rating = index.data(HistoryModel::RatingRole).toInt();
    if (!favorite && rating == 0)
        return;
    // A pill in the picture's lower left corner: the heart, then one star per point of the rating.
    const int side = qMax(12, option.fontMetrics.height() - 2);
    const int count = (favorite ? 1 : 0) + rating;
    const int height = side + 6;
    const QRect pill(area.left() + 4, area.bottom() - 4 - height,
                     count * side + 8 + (favorite && rating ? 3 : 0), height);
    QColor fill = option.palette.color(QPalette::Window);
    fill.setAlphaF(0.9);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    QRect icon(pill.left() + 4, pill.top() + 3, side, side);
    if (favorite) {
        Icons::icon(QStringLiteral("favorite")).paint(painter, icon);
        icon.translate(side + 3, 0);
    }
    const QIcon star = Icons::icon(QStringLiteral("star"));
    for (int i = 0; i < rating; ++i, icon.translate(side, 0))
        star.paint(painter, icon);
}

} // namespace atelier
