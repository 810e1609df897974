#include "queuedelegate.h"

#include "domain/generationstatus.h"
#include "icons.h"
#include "queuemodel.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>

namespace atelier {

namespace {
constexpr int kPreview = 64;
constexpr int kMargin = 8;
constexpr int kButtonWidth = 72;
constexpr int kButtonHeight = 26;

QString statusIcon(GenerationStatus status)
{
    switch (status) {
    case GenerationStatus::Pending:
        return QStringLiteral("pending");
    case GenerationStatus::Processing:
        return QStringLiteral("running");
    case GenerationStatus::Completed:
        return QStringLiteral("done");
    case GenerationStatus::Failed:
        return QStringLiteral("error");
    case GenerationStatus::Cancelled:
        return QStringLiteral("cancel");
    }
    return {};
}

QString buttonText(QueueDelegate::Button button)
{
    switch (button) {
    case QueueDelegate::Button::Cancel:
        return QueueDelegate::tr("Cancel");
    case QueueDelegate::Button::Retry:
        return QueueDelegate::tr("Retry");
    case QueueDelegate::Button::Dismiss:
        return QueueDelegate::tr("Dismiss");
    case QueueDelegate::Button::None:
        break;
    }
    return {};
}
} // namespace

QSize QueueDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index)
    const int lines = option.fontMetrics.height() * 3 + 16;
    return {280, std::max(kPreview, lines) + 2 * kMargin};
}

QList<QPair<QueueDelegate::Button, QRect>> QueueDelegate::buttons(const QStyleOptionViewItem &option,
                                                                  const QModelIndex &index) const
{
    QList<Button> kinds;
    if (index.data(QueueModel::CanCancelRole).toBool())
        kinds << Button::Cancel;
    if (index.data(QueueModel::CanRetryRole).toBool())
        kinds << Button::Retry << Button::Dismiss;
    QList<QPair<Button, QRect>> placed;
    int top = option.rect.top() + kMargin;
    for (const Button kind : std::as_const(kinds)) {
        placed.append(
            {kind, QRect(option.rect.right() - kMargin - kButtonWidth, top, kButtonWidth, kButtonHeight)});
        top += kButtonHeight + 4;
    }
    return placed;
}

QueueDelegate::Button QueueDelegate::buttonAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                              const QPoint &point) const
{
    for (const auto &[kind, rect] : buttons(option, index)) {
        if (rect.contains(point))
            return kind;
    }
    return Button::None;
}

void QueueDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    opt.text.clear();
    opt.icon = QIcon();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    painter->save();
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    const auto status = GenerationStatus(index.data(QueueModel::StatusRole).toInt());
    const QRect rect = opt.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);

    // The latest partial image when there is one, else the state's glyph on a quiet tile.
    const QRect previewRect(rect.left(), rect.top(), kPreview, kPreview);
    const QImage preview = index.data(QueueModel::PreviewRole).value<QImage>();
    painter->setPen(Qt::NoPen);
    painter->setBrush(opt.palette.color(QPalette::AlternateBase));
    painter->drawRoundedRect(previewRect, 6, 6);
    if (!preview.isNull()) {
        const QSize fitted = preview.size().scaled(previewRect.size(), Qt::KeepAspectRatio);
        QRect target(QPoint(), fitted);
        target.moveCenter(previewRect.center());
        painter->setRenderHint(QPainter::SmoothPixmapTransform);
        painter->drawImage(target, preview);
    } else {
        Icons::icon(statusIcon(status)).paint(painter, previewRect.adjusted(18, 18, -18, -18));
    }

    const auto placed = buttons(opt, index);
    const int textRight = placed.isEmpty() ? rect.right() : placed.first().second.left() - kMargin;
    const QRect textRect(previewRect.right() + kMargin, rect.top(), textRight - previewRect.right() - kMargin,
                         rect.height());
    const QFontMetrics metrics = opt.fontMetrics;
    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(opt.palette.color(textRole));
    const QString prompt = QFontMetrics(bold).elidedText(index.data(Qt::DisplayRole).toString().simplified(),
                                                         Qt::ElideRight, textRect.width());
    painter->drawText(QRect(textRect.topLeft(), QSize(textRect.width(), metrics.height())), Qt::AlignLeft,
                      prompt);
    painter->setFont(opt.font);
    const bool failed = status == GenerationStatus::Failed;
    if (!selected && !failed)
        painter->setPen(opt.palette.color(QPalette::PlaceholderText));
    const QRect detailRect(textRect.left(), textRect.top() + metrics.height() + 2, textRect.width(),
                           metrics.height() * 2);
    const QString detail = index.data(QueueModel::DetailRole).toString();
    painter->drawText(detailRect, Qt::AlignLeft | Qt::TextWordWrap,
                      metrics.elidedText(detail, Qt::ElideRight, detailRect.width() * 2 - 20));

    if (status == GenerationStatus::Pending || status == GenerationStatus::Processing) {
        QStyleOptionProgressBar bar;
        bar.rect = QRect(textRect.left(), rect.bottom() - 6, textRect.width(), 6);
        bar.minimum = 0;
        bar.maximum = 100;
        bar.progress = status == GenerationStatus::Pending ? 0 : index.data(QueueModel::PercentRole).toInt();
        bar.palette = opt.palette;
        bar.state = QStyle::State_Enabled | QStyle::State_Horizontal;
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, opt.widget);
    }

    for (const auto &[kind, buttonRect] : placed) {
        QStyleOptionButton button;
        button.rect = buttonRect;
        button.text = buttonText(kind);
        button.palette = opt.palette;
        button.state = QStyle::State_Enabled | QStyle::State_Raised;
        style->drawControl(QStyle::CE_PushButton, &button, painter, opt.widget);
    }
    painter->restore();
}

bool QueueDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const qint64 id = index.data(QueueModel::IdRole).toLongLong();
        switch (buttonAt(option, index, mouse->position().toPoint())) {
        case Button::Cancel:
            Q_EMIT cancelClicked(id);
            return true;
        case Button::Retry:
            Q_EMIT retryClicked(id);
            return true;
        case Button::Dismiss:
            Q_EMIT dismissClicked(id);
            return true;
        case Button::None:
            break;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace atelier
