#pragma once

#include "domain/clock.h"

namespace atelier::test {

// A clock that moves only when the test says so.
class ManualClock final : public Clock
{
    Q_OBJECT
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000LL, QObject *parent = nullptr)
        : Clock(parent), m_now(startMs)
    {}
    qint64 nowMs() const override { return m_now; }
    qint64 monotonicMs() const override { return m_monotonic; }
    // Moves time forward and tells every listener to re-check its deadlines.
    void advance(qint64 ms);
    // Moves only the wall clock, as a suspend and resume or a clock correction does.
    void stepWallClock(qint64 ms);

private:
    qint64 m_now;
    qint64 m_monotonic = 0;
};

} // namespace atelier::test
