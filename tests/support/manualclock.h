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
    // Moves time forward and tells every listener to re-check its deadlines.
    void advance(qint64 ms);

private:
    qint64 m_now;
};

} // namespace atelier::test
