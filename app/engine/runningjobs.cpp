#include "runningjobs.h"

#include "domain/clock.h"
#include "etaestimator.h"
#include "runningjob.h"

namespace atelier {

RunningJobs::RunningJobs(const EtaEstimator &eta, const Clock &clock, QObject *parent)
    : QObject(parent), m_eta(eta), m_clock(clock)
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &RunningJobs::tick);
}

RunningJobs::~RunningJobs()
{
    qDeleteAll(m_jobs);
}

QHash<qint64, int> RunningJobs::runs() const
{
    QHash<qint64, int> runs;
    for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it)
        runs.insert(it.key(), it.value()->run());
    return runs;
}

Progress RunningJobs::elsewhere(const Generation &generation, qint64 nowMs) const
{
    Progress progress;
    progress.generationId = generation.id;
    progress.percent = generation.progress;
    progress.step = generation.step;
    if (generation.startedAt.isValid()) {
        const qint64 expected = m_eta.expectedMs(generation.provider, generation.request.model,
                                                 generation.size, generation.request.quality);
        progress.etaMs = m_eta.remainingMs(expected, nowMs - generation.startedAt.toMSecsSinceEpoch());
    }
    return progress;
}

bool RunningJobs::add(qint64 id, RunningJob *job)
{
    Q_ASSERT(!m_jobs.contains(id));
    if (m_jobs.contains(id)) {
        delete job;
        return false;
    }
    m_jobs.insert(id, job);
    if (!m_ticker.isActive())
        m_ticker.start();
    return true;
}

void RunningJobs::remove(qint64 id)
{
    delete m_jobs.take(id);
    if (m_jobs.isEmpty())
        m_ticker.stop();
}

void RunningJobs::tick()
{
    const qint64 now = m_clock.nowMs();
    for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it) {
        it.value()->advanceEstimate(m_eta, now);
        Q_EMIT estimateAdvanced(it.value()->report(it.key(), m_eta, now));
    }
}

} // namespace atelier
