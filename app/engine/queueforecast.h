#pragma once

#include "domain/generation.h"
#include "domain/queuestatus.h"
#include "engine/enginesettings.h"
#include "engine/etaestimator.h"

namespace atelier {

class JobQueue;

// How long the queue will take: its status for people (counts, waits, time to drain) and the time left for a
// job still waiting, from the queue's lanes and what the EtaEstimator learned.
class QueueForecast
{
public:
    QueueForecast(const JobQueue &queue, const EtaEstimator &eta, const EngineSettings &settings)
        : m_queue(queue), m_eta(eta), m_settings(settings)
    {}

    // `processing`: the jobs running or saving their images (a job saving no longer holds a queue slot).
    QueueStatus status(int processing) const;
    // A pending job at `position` (1-based) that takes expectedMs once it runs.
    qint64 remainingForPendingMs(int position, qint64 expectedMs) const;
    qint64 remainingForPendingMs(int position, const Generation &generation) const
    {
        return remainingForPendingMs(position, m_eta.expectedMs(generation.provider, generation.request.model,
                                                                generation.size, generation.request.quality));
    }

private:
    int lanes() const;
    qint64 typicalDurationMs() const;

    const JobQueue &m_queue;
    const EtaEstimator &m_eta;
    const EngineSettings &m_settings;
};

} // namespace atelier
