#pragma once

#include "domain/queuestatus.h"

#include <QWidget>

class QLabel;
class QStackedWidget;

namespace atelier {

class DailyGenerationsChart;
class FigureCard;
class PopularModelsChart;
class ShownRefresh;
struct StudioContext;
struct UserStats;

// The current profile's statistics and the queue, live.
class StatsDashboard final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsDashboard)
public:
    explicit StatsDashboard(StudioContext &context, QWidget *parent = nullptr);

Q_SIGNALS:
    // The figures were read again from the service (after a burst of changes, once).
    void refreshed();

private:
    QWidget *buildEmptyState();
    QWidget *buildFigures();
    QWidget *buildQueue();
    FigureCard *addCard(const QString &name, const QString &caption, const QString &explanation,
                        QWidget *parent);
    // Coalesces the service's signals: however many arrive, the figures are read once a moment later.
    void scheduleRefresh();
    // Reads the figures (see ShownRefresh: only while shown).
    void refresh();
    void showStats(const UserStats &stats);
    void showQueue(const QueueStatus &status);

    StudioContext &m_context;
    ShownRefresh *m_refresh;
    QueueStatus m_queueStatus;

    QLabel *m_heading = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_emptyText = nullptr;
    FigureCard *m_total = nullptr;
    FigureCard *m_completed = nullptr;
    FigureCard *m_failed = nullptr;
    FigureCard *m_cancelled = nullptr;
    FigureCard *m_active = nullptr;
    FigureCard *m_successRate = nullptr;
    FigureCard *m_averageTime = nullptr;
    FigureCard *m_tokensUsed = nullptr;
    FigureCard *m_balance = nullptr;
    PopularModelsChart *m_models = nullptr;
    DailyGenerationsChart *m_days = nullptr;
    FigureCard *m_waiting = nullptr;
    FigureCard *m_running = nullptr;
    FigureCard *m_averageWait = nullptr;
    FigureCard *m_drain = nullptr;
};

} // namespace atelier
