#include "queueforecast.h"

#include "engine/etaestimator.h"
#include "engine/jobqueue.h"

#include <algorithm>

namespace atelier {

QueueStatus QueueForecast::status(int processing) const
{
    QueueStatus status;
    status.pending = m_queue.pendingCount();
    status.processing = processing;
    status.averageWaitMs = m_eta.averageWaitMs();
    status.estimatedProcessingMs = m_eta.overallMedianMs();
    const int rounds = (status.pending + status.processing + lanes() - 1) / lanes();
    status.estimatedDrainMs = rounds * typicalDurationMs();
    return status;
}

qint64 QueueForecast::remainingForPendingMs(int position, qint64 expectedMs) const
{
    // The jobs ahead share the lanes; this one then takes its own time.
    const int roundsAhead = (position - 1 + m_queue.runningCount()) / lanes();
    return qint64(roundsAhead) * typicalDurationMs() + expectedMs;
}

int QueueForecast::lanes() const
{
    return std::max(1, m_settings.limits.global);
}

qint64 QueueForecast::typicalDurationMs() const
{
    // Before any generation has finished, the slowest provider's default stands in for the median.
    if (const qint64 median = m_eta.overallMedianMs(); median > 0)
        return median;
    qint64 fallback = 0;
    for (const qint64 ms : m_settings.defaultDurationsMs)
        fallback = std::max(fallback, ms);
    return fallback;
}

} // namespace atelier
