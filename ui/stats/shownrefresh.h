#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

class QWidget;

namespace atelier {

// When a panel reads its figures again: a moment after the first of a burst of changes (however many more
// come, once), and only while it is on screen. A hidden panel reads nothing; it reads once when shown again.
class ShownRefresh final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShownRefresh)
public:
    ShownRefresh(QWidget *panel, int delayMs, std::function<void()> read);

    // Something changed: read in a moment.
    void request();
    // Read now (when shown; otherwise once it is).
    void now();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_panel;
    std::function<void()> m_read;
    QTimer m_timer;
    bool m_stale = true;
};

} // namespace atelier
