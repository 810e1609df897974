#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>

namespace atelier {

// The time the engine sees. Time-based logic (back-off, time-outs, ETA) asks a Clock so that tests can move
// time by hand instead of sleeping.
class Clock : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual qint64 nowMs() const = 0; // milliseconds since the Unix epoch, UTC
    // Milliseconds from an arbitrary start, never stepped: unlike nowMs() it does not jump with a suspend
    // and resume or a clock correction, so it tells how much time really passed in this process.
    virtual qint64 monotonicMs() const = 0;
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }

Q_SIGNALS:
    // Time moved by more than its normal flow (a manual clock advanced): re-check every deadline now.
    void jumped();
};

class SystemClock final : public Clock
{
    Q_OBJECT
public:
    explicit SystemClock(QObject *parent = nullptr) : Clock(parent) { m_started.start(); }
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    qint64 monotonicMs() const override { return m_started.elapsed(); }

private:
    QElapsedTimer m_started; // the monotonic clock
};

} // namespace atelier
