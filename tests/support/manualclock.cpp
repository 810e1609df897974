#include "manualclock.h"

namespace atelier::test {

void ManualClock::advance(qint64 ms)
{
    m_now += ms;
    m_monotonic += ms;
    Q_EMIT jumped();
}

void ManualClock::stepWallClock(qint64 ms)
{
    m_now += ms;
    Q_EMIT jumped();
}

} // namespace atelier::test
