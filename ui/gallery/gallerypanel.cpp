#include "gallerypanel.h"

#include "boardsidebar.h"
#include "comparedialog.h"
#include "currentprofile.h"
#include "detailspanel.h"
#include "engine/imagegenerationservice.h"
#include "engine/thumbnailcache.h"
#include "exportdialog.h"
#include "gallerydelegate.h"
#include "galleryfilterbar.h"
#include "gallerytrash.h"
#include "historymodel.h"
#include "icons.h"
#include "markkeys.h"
#include "studiocontext.h"
#include "tilegridview.h"
#include "variationspane.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace atelier {

namespace {
constexpr QSize kThumbnail(160, 160);
constexpr qint64 kThumbnailBytes = 32LL * 1024 * 1024; // some 330 tiles, twenty screens' worth
constexpr int kRepaintMs = 100;
} // namespace

GalleryPanel::GalleryPanel(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_thumbnails = new ThumbnailCache(kThumbnail, kThumbnailBytes, this);
    m_model = new HistoryModel(context.service, context.profile, this);
    m_filters = new GalleryFilterBar(context.service.catalog(), this);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("countLabel"));
    m_selected = new QLabel(this);
    m_selected->setObjectName(QStringLiteral("selectionLabel"));
    m_selected->hide();

    m_grid = new TileGridView(this);
    m_grid->setObjectName(QStringLiteral("galleryGrid"));
    // Ctrl- and Shift-click choose several for an export; the details pane follows the current one.
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->setDragEnabled(true);
    m_grid->setDragDropMode(QAbstractItemView::DragOnly);
    m_grid->setDefaultDropAction(Qt::CopyAction);
    m_grid->setMouseTracking(true);
    m_grid->setItemDelegate(new GalleryDelegate(*m_thumbnails, m_grid));
    m_grid->setModel(m_model);

    m_empty = new QLabel(this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_gridPages = new QStackedWidget(this);
    m_gridPages->addWidget(m_grid);
    m_gridPages->addWidget(m_empty);

    m_details = new DetailsPanel(context, this);
    m_boards = new BoardSidebar(context, this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("gallerySplitter"));
    splitter->addWidget(m_boards);
    splitter->addWidget(m_gridPages);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({170, 600, 400});
    splitter->setChildrenCollapsible(false);

    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("galleryNotice"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    auto *top = new QHBoxLayout;
    top->addWidget(m_filters, 1);
    top->addWidget(m_count);
    top->addWidget(m_selected);
    top->addWidget(buildCompareButton());
    top->addWidget(buildExportButton());
    top->addWidget(buildTrash());
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_notice);
    layout->addWidget(splitter, 1);

    // 1-5, 0 and F on the chosen tiles; the current one when none is chosen.
    auto *keys = new MarkKeys(context, m_grid, [this] {
        QList<GenerationTile> tiles = selectedTiles();
        if (tiles.isEmpty() && m_grid->currentIndex().isValid())
            tiles.append(m_model->tileAt(m_grid->currentIndex().row()));
        return tiles;
    });
    connect(keys, &MarkKeys::failed, this, &GalleryPanel::say);

    // Added to the panel so the window's list of shortcuts shows it.
    auto *find = new QAction(tr("Search the gallery"), this);
    find->setObjectName(QStringLiteral("searchGalleryAction"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_filters->searchField()->setFocus(Qt::ShortcutFocusReason);
        m_filters->searchField()->selectAll();
    });
    addAction(find);

    connect(m_filters, &GalleryFilterBar::queryChanged, this, &GalleryPanel::applyQuery);
    connect(m_boards, &BoardSidebar::boardChosen, this, &GalleryPanel::applyQuery);
    // The tag filter offers the profile's tags.
    const auto offerTags = [this] { m_filters->setTags(m_context.service.tags(m_context.profile.id())); };
    connect(&context.service, &ImageGenerationService::generationsMarked, m_filters, offerTags);
    connect(&context.profile, &CurrentProfile::changedTo, m_filters, offerTags);
    offerTags();
    // Thumbnails arrive one by one from the decoders; the grid repaints for a few of them at once. Only the
    // tiles in sight asked for one, so the rows need no index of their pictures.
    m_repaint.setSingleShot(true);
    m_repaint.setInterval(kRepaintMs);
    connect(&m_repaint, &QTimer::timeout, m_grid->viewport(), qOverload<>(&QWidget::update));
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, &m_repaint, [this] {
        if (!m_repaint.isActive())
            m_repaint.start();
    });
    // Rows scrolled out of sight or replaced no longer need their thumbnails; the ones painted next ask
    // again.
    connect(m_grid->verticalScrollBar(), &QScrollBar::valueChanged, m_thumbnails,
            &ThumbnailCache::dropWaiting);
    connect(m_model, &HistoryModel::modelReset, m_thumbnails, &ThumbnailCache::dropWaiting);
    connect(m_model, &HistoryModel::totalCountChanged, this, &GalleryPanel::showCount);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, &GalleryPanel::showCurrent);
    connect(m_grid->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &GalleryPanel::showSelection);
    connect(m_model, &HistoryModel::rowsRemoved, this, &GalleryPanel::showSelection);
    connect(m_model, &HistoryModel::modelReset, this, [this] {
        showCurrent();
        showCount(m_model->totalCount());
        showSelection();
    });
    connect(m_model, &HistoryModel::dataChanged, this,
            [this](const QModelIndex &first, const QModelIndex &last) {
                const int row = m_grid->currentIndex().row();
                if (row >= first.row() && row <= last.row())
                    showCurrent();
            });
    connect(m_details, &DetailsPanel::reuseRequested, this, &GalleryPanel::reuseRequested);
    buildVariations();
    showCount(m_model->totalCount());
    showSelection();
}

QToolButton *GalleryPanel::buildExportButton()
{
    m_exportMenu = new QMenu(this);
    m_exportSelected =
        m_exportMenu->addAction(Icons::icon(QStringLiteral("image")), tr("Export selected images…"));
    m_exportSelected->setObjectName(QStringLiteral("exportSelectedAction"));
    m_exportMenu->addSeparator();
    m_exportCsv = m_exportMenu->addAction(tr("Export history as CSV…"));
    m_exportCsv->setObjectName(QStringLiteral("exportCsvAction"));
    m_exportJson = m_exportMenu->addAction(tr("Export history as JSON…"));
    m_exportJson->setObjectName(QStringLiteral("exportJsonAction"));
    connect(m_exportSelected, &QAction::triggered, this, &GalleryPanel::exportSelected);
    connect(m_exportCsv, &QAction::triggered, this, [this] { exportHistory(HistoryFormat::Csv); });
    connect(m_exportJson, &QAction::triggered, this, [this] { exportHistory(HistoryFormat::Json); });

    // Added to the panel so the window's list of shortcuts shows it.
    auto *open = new QAction(Icons::icon(QStringLiteral("export")), tr("Export…"), this);
    open->setObjectName(QStringLiteral("exportAction"));
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    open->setToolTip(tr("Export the chosen images or the history (%1)")
                         .arg(open->shortcut().toString(QKeySequence::NativeText)));
    addAction(open);
    auto *button = new QToolButton(this);
    button->setObjectName(QStringLiteral("exportMenuButton"));
    button->setDefaultAction(open);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    // popup(), not the button's own menu: that one runs a nested event loop.
    connect(open, &QAction::triggered, this,
            [this, button] { m_exportMenu->popup(button->mapToGlobal(QPoint(0, button->height()))); });
    return button;
}

GalleryPanel::~GalleryPanel()
{
    // Leaving a field saves what was typed in it (the tags), and the news reaches this panel's slots: that
    // happens here, while the panel is whole, rather than from QWidget's destructor.
    hide();
}

QToolButton *GalleryPanel::buildTrash()
{
    m_trash = new GalleryTrash(m_context, this);
    connect(m_trash, &GalleryTrash::said, this, &GalleryPanel::say);
    // Delete on the grid, as in file managers: the chosen tiles, or the current one when none is chosen.
    auto *remove = new QAction(tr("Delete"), this);
    remove->setObjectName(QStringLiteral("deleteAction"));
    remove->setShortcuts(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    m_grid->addAction(remove);
    connect(remove, &QAction::triggered, this, [this] {
        QList<qint64> ids;
        for (const GenerationTile &tile : selectedTiles())
            ids.append(tile.id);
        if (ids.isEmpty() && m_grid->currentIndex().isValid())
            ids.append(m_model->idAt(m_grid->currentIndex().row()));
        m_trash->trash(ids);
    });
    connect(m_details, &DetailsPanel::deleteRequested, m_trash, [this](qint64 id) { m_trash->trash({id}); });
    auto *button = new QToolButton(this);
    button->setObjectName(QStringLiteral("trashButton"));
    button->setDefaultAction(m_trash->openAction());
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}

void GalleryPanel::buildVariations()
{
    // M on the grid, as the details pane's button: more like the current one.
    auto *more = new QAction(tr("More like this"), this);
    more->setObjectName(QStringLiteral("moreLikeThisAction"));
    more->setShortcut(QKeySequence(Qt::Key_M));
    more->setShortcutContext(Qt::WidgetShortcut);
    m_grid->addAction(more);
    connect(more, &QAction::triggered, m_details->variations(), &VariationsPane::queueMore);
    connect(m_details->variations(), &VariationsPane::chosen, this, &GalleryPanel::showGeneration);
}

void GalleryPanel::showGeneration(qint64 id)
{
    if (const int row = m_model->rowOf(id); row >= 0) {
        const QModelIndex index = m_model->index(row);
        m_grid->setCurrentIndex(index);
        m_grid->scrollTo(index);
        return;
    }
    // Not among the tiles shown (a filter, a board, or further down than read so far): the pane shows it
    // all the same, and nothing in the grid is current.
    const std::optional<Generation> generation = m_context.service.getGenerationStatus(id);
    if (!generation)
        return;
    m_grid->selectionModel()->clear();
    m_details->show(generation);
}

QToolButton *GalleryPanel::buildCompareButton()
{
    m_compare = new QAction(tr("Compare"), this);
    m_compare->setObjectName(QStringLiteral("compareAction"));
    m_compare->setShortcut(QKeySequence(Qt::Key_C));
    m_compare->setShortcutContext(Qt::WidgetShortcut);
    m_compare->setToolTip(tr("Two to four chosen results side by side (C)"));
    m_grid->addAction(m_compare);
    connect(m_compare, &QAction::triggered, this, &GalleryPanel::compareSelected);
    auto *button = new QToolButton(this);
    button->setObjectName(QStringLiteral("compareButton"));
    button->setDefaultAction(m_compare);
    button->setAutoRaise(true);
    return button;
}

void GalleryPanel::compareSelected()
{
    const QList<GenerationTile> tiles = selectedTiles();
    if (tiles.size() < 2 || tiles.size() > 4)
        return;
    QList<Generation> generations;
    for (const GenerationTile &tile : tiles) {
        if (const std::optional<Generation> generation = m_context.service.getGenerationStatus(tile.id))
            generations.append(*generation);
    }
    auto *dialog = new CompareDialog(generations, m_context.service.catalog(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

QList<GenerationTile> GalleryPanel::selectedTiles() const
{
    QList<int> rows;
    const QModelIndexList chosen = m_grid->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : chosen)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    QList<GenerationTile> tiles;
    tiles.reserve(rows.size());
    for (const int row : std::as_const(rows))
        tiles.append(m_model->tileAt(row));
    return tiles;
}

void GalleryPanel::exportSelected()
{
    auto *dialog = new ExportDialog(m_context, selectedTiles(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void GalleryPanel::exportHistory(HistoryFormat format)
{
    auto *dialog = new ExportDialog(m_context, m_model->query(), format, m_model->totalCount(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void GalleryPanel::applyQuery()
{
    say({});
    HistoryQuery query = m_filters->query();
    query.boardId = m_boards->chosenBoard();
    m_model->setQuery(query);
}

void GalleryPanel::say(const QString &message)
{
    m_notice->setText(message);
    m_notice->setVisible(!message.isEmpty());
}

void GalleryPanel::showCurrent()
{
    const QModelIndex current = m_grid->currentIndex();
    m_details->show(current.isValid() ? m_model->generationAt(current.row()) : std::nullopt);
}

void GalleryPanel::showCount(int total)
{
    // Rows are generations, not images: a failed one has none, one can hold several. No %n plural: English
    // loads no translation, so it would show "(s)".
    m_count->setText(total == 1 ? tr("1 generation") : tr("%1 generations").arg(QLocale().toString(total)));
    const HistoryQuery query = m_model->query();
    const bool filtered = !query.text.isEmpty() || !query.statuses.isEmpty() || !query.model.isEmpty() ||
                          query.from.isValid() || query.to.isValid() || query.favoritesOnly ||
                          query.minRating > 0 || !query.tag.isEmpty();
    if (!m_model->readError().isEmpty())
        m_empty->setText(m_model->readError());
    else if (query.boardId > 0 && !filtered)
        m_empty->setText(tr("This board is empty. Drag results from \"All results\" onto it."));
    else
        m_empty->setText(filtered
                             ? tr("Nothing matches. Try other words or fewer filters.")
                             : tr("No images yet. Write a prompt and press Generate: what you make shows "
                                  "up here."));
    // Until the first answer the grid stays, empty, rather than saying there is nothing.
    const bool nothing = total == 0 && !m_model->isLoading();
    m_gridPages->setCurrentWidget(nothing ? m_empty : static_cast<QWidget *>(m_grid));
    m_exportCsv->setEnabled(total > 0);
    m_exportJson->setEnabled(total > 0);
    // The grid asks for more rows only as rows come in or it scrolls: when the count says there are more
    // while the grid already shows its end (a tall window, a quick scroll), they are asked for here.
    const QScrollBar *bar = m_grid->verticalScrollBar();
    if (bar->value() >= bar->maximum() && m_model->canFetchMore({}))
        m_model->fetchMore({});
}

void GalleryPanel::showSelection()
{
    const qsizetype chosen = m_grid->selectionModel()->selectedIndexes().size();
    m_selected->setText(tr("%1 selected").arg(QLocale().toString(chosen)));
    m_selected->setVisible(chosen > 1);
    m_exportSelected->setEnabled(chosen > 0);
    m_compare->setEnabled(chosen >= 2 && chosen <= 4);
}

} // namespace atelier
