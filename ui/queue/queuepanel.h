#pragma once

#include <QWidget>

class QLabel;
class QListView;

namespace atelier {

class QueueDelegate;
class QueueModel;
struct StudioContext;

// Every pending and running job of the current profile, live: preview, prompt, status, progress, position,
// time left; Cancel on waiting and running jobs, Retry on failed and cancelled ones.
class QueuePanel final : public QWidget
{
    Q_OBJECT
public:
    explicit QueuePanel(StudioContext &context, QWidget *parent = nullptr);

    QueueModel *model() const { return m_model; }
    QListView *view() const { return m_view; }

    void cancel(qint64 id);
    void retry(qint64 id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showMenu(const QPoint &position);
    void showMessage(const QString &message);
    void updateEmptyState();

    StudioContext &m_context;
    QueueModel *m_model = nullptr;
    QueueDelegate *m_delegate = nullptr;
    QListView *m_view = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace atelier
