#pragma once

#include "domain/generationerror.h"
#include "domain/queueplace.h"

#include <QWidget>

class QLabel;
class QListView;
class QMenu;
class QModelIndex;
class QToolButton;

namespace atelier {

class QueueDelegate;
class QueueModel;
struct StudioContext;

// Every pending and running job of the current profile, live: preview, prompt, status, progress, position,
// time left; Cancel on waiting and running jobs, Retry on failed and cancelled ones. Waiting jobs are moved
// by dragging or from their menu (top, bottom, pause, priority); the whole queue is paused from the header.
class QueuePanel final : public QWidget
{
    Q_OBJECT
public:
    explicit QueuePanel(StudioContext &context, QWidget *parent = nullptr);

    QueueModel *model() const { return m_model; }
    QListView *view() const { return m_view; }

    void cancel(qint64 id);
    void retry(qint64 id);
    void move(qint64 id, QueuePlace place);
    void setHeld(qint64 id, bool held);
    void setQueuePaused(bool paused);
    // Asks first; running jobs go on.
    void cancelAllPending();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showMenu(const QPoint &position);
    void addSteering(QMenu *menu, qint64 id, const QModelIndex &index);
    void showPaused(bool paused);
    void report(const GenerationError &error);
    void showMessage(const QString &message);
    void updateEmptyState();

    StudioContext &m_context;
    QueueModel *m_model = nullptr;
    QueueDelegate *m_delegate = nullptr;
    QListView *m_view = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_message = nullptr;
    QToolButton *m_pause = nullptr;
};

} // namespace atelier
