#pragma once

#include <QDateTime>
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
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }

Q_SIGNALS:
    // Time moved by more than its normal flow (a manual clock advanced): re-check every deadline now.
    void jumped();
};

class SystemClock final : public Clock
{
    Q_OBJECT
public:
    using Clock::Clock;
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

} // namespace atelier
