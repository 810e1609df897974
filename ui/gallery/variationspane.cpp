#include "variationspane.h"

#include "currentprofile.h"
#include "engine/imagegenerationservice.h"
#include "engine/thumbnailcache.h"
#include "icons.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

namespace atelier {

namespace {

constexpr QSize kThumbnail(72, 72);
constexpr qint64 kThumbnailBytes = 4LL * 1024 * 1024;
constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kPathRole = Qt::UserRole + 2;
constexpr int kRereadMs = 50;

// No %n plurals: English loads no translation, so it would show "(s)".
QString counted(qsizetype count, const QString &one, const QString &many)
{
    return count == 1 ? one : many.arg(count);
}

} // namespace

VariationsPane::VariationsPane(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_thumbnails = new ThumbnailCache(kThumbnail, kThumbnailBytes, this);
    m_more = new QPushButton(Icons::icon(QStringLiteral("variations")), tr("More like this"), this);
    m_more->setObjectName(QStringLiteral("moreLikeThisButton"));
    m_count = new QSpinBox(this);
    m_count->setObjectName(QStringLiteral("variationCount"));
    m_count->setRange(1, Variations::kMaxCount);
    m_count->setPrefix(QStringLiteral("× "));
    m_count->setValue(context.settings.variationCount());
    m_count->setAccessibleName(tr("How many more"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("familySummary"));
    m_summary->setWordWrap(true);
    m_strip = new QListWidget(this);
    m_strip->setObjectName(QStringLiteral("familyStrip"));
    m_strip->setViewMode(QListView::IconMode);
    m_strip->setFlow(QListView::LeftToRight);
    m_strip->setWrapping(false);
    m_strip->setMovement(QListView::Static);
    m_strip->setIconSize(kThumbnail);
    m_strip->setGridSize(kThumbnail + QSize(28, 2 * fontMetrics().height() + 12));
    m_strip->setFixedHeight(m_strip->gridSize().height() + style()->pixelMetric(QStyle::PM_ScrollBarExtent) +
                            8);
    m_strip->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_strip->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_strip->setSelectionMode(QAbstractItemView::NoSelection);
    m_strip->setFrameShape(QFrame::NoFrame);
    m_strip->viewport()->setAutoFillBackground(false); // on the pane's own background

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_more, 1);
    row->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_summary);
    layout->addWidget(m_strip);

    connect(m_more, &QPushButton::clicked, this, &VariationsPane::queueMore);
    m_count->setKeyboardTracking(false);
    connect(m_count, &QSpinBox::valueChanged, this, [this](int count) {
        m_context.settings.setVariationCount(count);
        showCost();
    });
    // A click, or Enter on the strip. The strip then shows the new one's family, so the second click of a
    // double-click would land on another relative: double-clicks are not taken (see eventFilter()).
    const auto open = [this](QListWidgetItem *item) { Q_EMIT chosen(item->data(kIdRole).toLongLong()); };
    m_strip->viewport()->installEventFilter(this);
    connect(m_strip, &QListWidget::itemClicked, this, open);
    connect(m_strip, &QListWidget::itemActivated, this, open);
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this, &VariationsPane::showThumbnail);
    // Ten queued at once, or a burst of endings, read the family once; never from within the strip's own
    // signals, which rebuilding it would pull the items from under.
    m_reread.setSingleShot(true);
    m_reread.setInterval(kRereadMs);
    connect(&m_reread, &QTimer::timeout, this, &VariationsPane::readFamily);
    ImageGenerationService &service = context.service;
    connect(&service, &ImageGenerationService::generationQueued, this,
            [this](const Generation &generation) { refreshFor(generation.id, generation.parentId); });
    for (const auto ended :
         {&ImageGenerationService::generationFinished, &ImageGenerationService::generationFailed,
          &ImageGenerationService::generationCancelled})
        connect(&service, ended, this, [this](const Generation &generation) { refreshFor(generation.id); });
    connect(&service, &ImageGenerationService::generationStarted, this,
            [this](qint64 id) { refreshFor(id); });
    connect(&service, &ImageGenerationService::generationDeleted, this,
            [this](qint64 id) { refreshFor(id); });
    // A restore or an erasure may touch the family without naming one of it here.
    connect(&service, &ImageGenerationService::trashChanged, &m_reread, qOverload<>(&QTimer::start));
    connect(&service, &ImageGenerationService::generationsRestored, &m_reread, qOverload<>(&QTimer::start));
    connect(&service, &ImageGenerationService::changedElsewhere, this, [this](bool everything) {
        if (everything)
            m_reread.start();
    });
    m_summary->hide();
    m_strip->hide();
    setGeneration(std::nullopt);
}

void VariationsPane::setGeneration(const std::optional<Generation> &generation)
{
    m_id = generation ? generation->id : 0;
    // What one holds, worked out from the request without opening its files: whether it can still be queued
    // is checked when asked.
    m_each = generation ? m_context.service.catalog().reservation(generation->request) : 0;
    m_more->setEnabled(m_id > 0);
    m_count->setEnabled(m_id > 0);
    showCost();
    m_reread.start();
}

bool VariationsPane::eventFilter(QObject *watched, QEvent *event)
{
    return (watched == m_strip->viewport() && event->type() == QEvent::MouseButtonDblClick) ||
           QWidget::eventFilter(watched, event);
}

void VariationsPane::queueMore()
{
    if (m_id == 0)
        return;
    const int count = m_count->value();
    const ImageGenerationService::Batch batch =
        m_context.service.moreLikeThis(m_id, m_context.profile.id(), count);
    if (batch.error.isError()) {
        Q_EMIT said(batch.error.message);
        return;
    }
    const int first = batch.submissions.constFirst().position;
    const int last = batch.submissions.constLast().position;
    Q_EMIT said(
        count == 1
            ? tr("Queued one more like this, place %1 in the queue.").arg(first)
            : tr("Queued %1 more like this, places %2 to %3 in the queue.").arg(count).arg(first).arg(last));
}

void VariationsPane::readFamily()
{
    m_family =
        m_id > 0 ? m_context.service.generationFamily(m_id, m_context.profile.id()) : GenerationFamily{};
    const int scrolled = m_strip->horizontalScrollBar()->value();
    m_strip->clear();
    QStringList summary;
    switch (m_family.parentState) {
    case GenerationFamily::ParentState::None:
        break;
    case GenerationFamily::ParentState::InHistory:
        addTile(*m_family.parent, tr("Came from"));
        summary.append(tr("Made from #%1 with “More like this”.").arg(m_family.parentId));
        break;
    case GenerationFamily::ParentState::InTrash:
        summary.append(tr("Made from #%1, which is in the trash.").arg(m_family.parentId));
        break;
    case GenerationFamily::ParentState::Erased:
        summary.append(tr("Made from #%1, which was deleted.").arg(m_family.parentId));
        break;
    }
    for (const GenerationTile &tile : std::as_const(m_family.siblings))
        addTile(tile, tr("Sibling"));
    for (const GenerationTile &tile : std::as_const(m_family.variations))
        addTile(tile, tr("Variation"));
    if (m_family.siblingCount > 0)
        summary.append(counted(m_family.siblingCount, tr("1 other was made from it."),
                               tr("%1 others were made from it.")));
    if (m_family.variationCount > 0)
        summary.append(counted(m_family.variationCount, tr("1 was made from this one."),
                               tr("%1 were made from this one.")));
    if (m_family.siblings.size() < m_family.siblingCount ||
        m_family.variations.size() < m_family.variationCount)
        summary.append(tr("The newest %1 of each are shown.").arg(GenerationFamily::kMaxListed));
    m_summary->setText(summary.join(u' '));
    m_summary->setVisible(!summary.isEmpty());
    m_strip->setVisible(m_strip->count() > 0);
    m_strip->horizontalScrollBar()->setValue(scrolled);
}

void VariationsPane::refreshFor(qint64 id, qint64 parentId)
{
    if (m_id == 0)
        return;
    const auto inFamily = [this](qint64 member) {
        const auto has = [member](const QList<GenerationTile> &tiles) {
            return std::any_of(tiles.cbegin(), tiles.cend(),
                               [member](const GenerationTile &tile) { return tile.id == member; });
        };
        return member == m_id || member == m_family.parentId || has(m_family.siblings) ||
               has(m_family.variations);
    };
    if (inFamily(id) || (parentId > 0 && (parentId == m_id || parentId == m_family.parentId)))
        m_reread.start();
}

void VariationsPane::addTile(const GenerationTile &tile, const QString &role)
{
    auto *item = new QListWidgetItem(QStringLiteral("%1\n#%2").arg(role).arg(tile.id), m_strip);
    item->setData(kIdRole, tile.id);
    item->setData(kPathRole, tile.thumbnailPath);
    item->setIcon(pictureOf(tile));
    item->setToolTip(tr("#%1: %2\nClick to show it.").arg(tile.id).arg(tile.prompt));
    item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
}

QPixmap VariationsPane::pictureOf(const GenerationTile &tile)
{
    if (!tile.thumbnailPath.isEmpty()) {
        const QPixmap thumbnail = m_thumbnails->thumbnail(tile.thumbnailPath);
        if (!thumbnail.isNull())
            return thumbnail;
    }
    // The thumbnail's size, so that every cell is laid out alike: what it is waiting for, or why it has none.
    QPixmap picture(kThumbnail);
    picture.fill(Qt::transparent);
    QString icon = QStringLiteral("placeholder");
    if (tile.status == GenerationStatus::Pending)
        icon = QStringLiteral("pending");
    else if (tile.status == GenerationStatus::Processing)
        icon = QStringLiteral("running");
    else if (tile.status == GenerationStatus::Failed || tile.status == GenerationStatus::Cancelled)
        icon = QStringLiteral("error");
    QPainter painter(&picture);
    const QSize size = kThumbnail / 2;
    Icons::icon(icon).paint(&painter, QRect(QPoint((kThumbnail.width() - size.width()) / 2,
                                                   (kThumbnail.height() - size.height()) / 2),
                                            size));
    return picture;
}

void VariationsPane::showThumbnail(const QString &path)
{
    const QPixmap thumbnail = m_thumbnails->thumbnail(path);
    if (thumbnail.isNull())
        return;
    for (int row = 0; row < m_strip->count(); ++row) {
        QListWidgetItem *item = m_strip->item(row);
        if (item->data(kPathRole).toString() == path)
            item->setIcon(thumbnail);
    }
}

void VariationsPane::showCost()
{
    const int count = m_count->value();
    m_more->setToolTip(
        m_each > 0
            ? tr("Queue %1 with these settings, each with a new seed where the model takes one (M). Holds %2 "
                 "tokens.")
                  .arg(count)
                  .arg(m_each * count)
            : tr("The same settings again, with a new seed where the model takes one (M)"));
}

} // namespace atelier
