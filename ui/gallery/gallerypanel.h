#pragma once

#include "domain/generation.h"
#include "domain/generationtile.h"
#include "domain/historyformat.h"

#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;
class QToolButton;

namespace atelier {

class BoardSidebar;
class DetailsPanel;
class GalleryFilterBar;
class GalleryTrash;
class HistoryModel;
class ThumbnailCache;
class TileGridView;
struct StudioContext;

// The profile's history as a thumbnail grid with search, filters and a details pane.
class GalleryPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit GalleryPanel(StudioContext &context, QWidget *parent = nullptr);
    ~GalleryPanel() override;

    HistoryModel *model() const { return m_model; }
    ThumbnailCache *thumbnails() const { return m_thumbnails; }
    TileGridView *grid() const { return m_grid; }
    DetailsPanel *details() const { return m_details; }
    GalleryFilterBar *filters() const { return m_filters; }
    BoardSidebar *boards() const { return m_boards; }
    GalleryTrash *trash() const { return m_trash; }
    // What the grid shows of the generations chosen in it, in the grid's order: an export of thousands reads
    // nothing from the database to ask what to do.
    QList<GenerationTile> selectedTiles() const;

Q_SIGNALS:
    // "Reuse settings": the prompt panel takes this request.
    void reuseRequested(const atelier::GenerationRequest &request);

private:
    QToolButton *buildExportButton();
    QToolButton *buildCompareButton();
    // More like this (M), and a relative chosen in the details pane.
    void buildVariations();
    void showGeneration(qint64 id);
    // Delete, undo and redo, and the trash's button.
    QToolButton *buildTrash();
    void compareSelected();
    // The filter bar's query on the board chosen in the sidebar.
    void applyQuery();
    // A change by key was refused: why, above the grid until the next query.
    void say(const QString &message);
    void showCurrent();
    void showCount(int total);
    void showSelection();
    void exportSelected();
    void exportHistory(HistoryFormat format);

    StudioContext &m_context;
    ThumbnailCache *m_thumbnails;
    HistoryModel *m_model;
    GalleryFilterBar *m_filters;
    BoardSidebar *m_boards;
    GalleryTrash *m_trash;
    QLabel *m_notice;
    QLabel *m_count;
    QLabel *m_selected;
    QMenu *m_exportMenu;
    QAction *m_exportSelected;
    QAction *m_compare;
    QAction *m_exportCsv;
    QAction *m_exportJson;
    QStackedWidget *m_gridPages;
    TileGridView *m_grid;
    QLabel *m_empty;
    DetailsPanel *m_details;
    QTimer m_repaint;
};

} // namespace atelier
