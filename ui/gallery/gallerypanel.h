#pragma once

#include "domain/generationrequest.h"

#include <QWidget>

class QAction;
class QLabel;
class QListView;
class QStackedWidget;

namespace atelier {

class DetailsPanel;
class GalleryFilterBar;
class HistoryModel;
class ThumbnailCache;
struct StudioContext;

// The profile's history as a thumbnail grid with search, filters and a details pane.
class GalleryPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit GalleryPanel(StudioContext &context, QWidget *parent = nullptr);

    HistoryModel *model() const { return m_model; }
    ThumbnailCache *thumbnails() const { return m_thumbnails; }
    QListView *grid() const { return m_grid; }
    DetailsPanel *details() const { return m_details; }
    GalleryFilterBar *filters() const { return m_filters; }

Q_SIGNALS:
    // "Reuse settings": the prompt panel takes this request.
    void reuseRequested(const atelier::GenerationRequest &request);

private:
    void showCurrent();
    void showCount(int total);

    StudioContext &m_context;
    ThumbnailCache *m_thumbnails;
    HistoryModel *m_model;
    GalleryFilterBar *m_filters;
    QLabel *m_count;
    QStackedWidget *m_gridPages;
    QListView *m_grid;
    QLabel *m_empty;
    DetailsPanel *m_details;
};

} // namespace atelier
