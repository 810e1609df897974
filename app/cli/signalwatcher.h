#pragma once

#include <QObject>

class QSocketNotifier;

namespace atelier::cli {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (a handler may only write to a pipe), so that
// the program can hand its running jobs back to the queue before it leaves.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void interrupted(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace atelier::cli
