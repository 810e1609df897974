#pragma once

#include "domain/queuestatus.h"

#include <QMainWindow>

class QLabel;
class QSplitter;
class QTabWidget;

namespace atelier {

class AnalyticsPanel;
class EventLogPanel;
class GalleryPanel;
class KeyHintBanner;
class PromptPanel;
class QueuePanel;
class StatsDashboard;
struct StudioContext;

// The studio's window: the prompt panel on the left, the gallery and the statistics in the middle, the queue
// on the right, the profile in the tool bar and the queue's state in the status bar. It only arranges the
// panels and connects them; each panel does its own work.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(StudioContext &context, QWidget *parent = nullptr);

    PromptPanel *promptPanel() const { return m_prompt; }
    QueuePanel *queuePanel() const { return m_queue; }
    GalleryPanel *galleryPanel() const { return m_gallery; }
    StatsDashboard *statsDashboard() const { return m_stats; }
    AnalyticsPanel *analyticsPanel() const { return m_analytics; }
    EventLogPanel *eventLogPanel() const { return m_events; }
    // 0: gallery, 1: statistics, 2: analytics.
    void showPage(int page);

    void openSettings();
    void showShortcuts();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void showQueueStatus(const QueueStatus &status);
    void restoreLayout();
    void saveLayout();

    StudioContext &m_context;
    PromptPanel *m_prompt = nullptr;
    KeyHintBanner *m_keyHint = nullptr;
    QueuePanel *m_queue = nullptr;
    GalleryPanel *m_gallery = nullptr;
    AnalyticsPanel *m_analytics = nullptr;
    EventLogPanel *m_events = nullptr;
    StatsDashboard *m_stats = nullptr;
    QTabWidget *m_pages = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_queueLabel = nullptr;
    QLabel *m_waitLabel = nullptr;
};

} // namespace atelier
