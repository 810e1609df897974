#include "leasekeeper.h"

#include "domain/clock.h"
#include "jobqueue.h"
#include "runrecovery.h"
#include "storage/store.h"

#include <QLoggingCategory>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcEngine)

namespace atelier {

LeaseKeeper::LeaseKeeper(Store &store, const ImageLibrary &library, Clock &clock, qint64 leaseMs,
                         QObject *parent)
    : QObject(parent), m_store(store), m_library(library), m_clock(clock), m_leaseMs(leaseMs)
{
    // Three chances to renew before a lease runs out.
    m_heartbeat.setInterval(int(std::clamp<qint64>(m_leaseMs / 3, 1, 3600'000)));
    connect(&m_heartbeat, &QTimer::timeout, this, &LeaseKeeper::heartbeat);
    m_retry.setSingleShot(true);
    m_retry.setInterval(int(std::clamp<qint64>(m_leaseMs / 12, 1, 250)));
    connect(&m_retry, &QTimer::timeout, this, &LeaseKeeper::heartbeat);
    // A manual clock moved: leases may have run out without any timer firing.
    connect(&m_clock, &Clock::jumped, this, [this] {
        if (m_heartbeat.isActive())
            Q_EMIT heartbeat();
    });
}

JobLease LeaseKeeper::lease() const
{
    return {m_owner.id(), m_clock.nowMs() + m_leaseMs};
}

JobLeases::Claim LeaseKeeper::claim(const Generation &generation, const QueueLimits &limits)
{
    return m_store.leases().claim(generation.id, generation.run, generation.attempts + 1, lease(),
                                  {limits.global, limits.forProvider(generation.provider)}, m_clock.nowMs());
}

void LeaseKeeper::start()
{
    m_beatWallMs = m_clock.nowMs();
    m_beatMonotonicMs = m_clock.monotonicMs();
    m_heartbeat.start();
}

void LeaseKeeper::stop()
{
    if (m_heartbeat.isActive())
        m_store.leases().stopWaiting(m_owner.id());
    m_heartbeat.stop();
    m_retry.stop();
}

std::optional<QList<qint64>> LeaseKeeper::renew(const QHash<qint64, int> &running)
{
    GenerationError error;
    const std::optional<QList<qint64>> held = m_store.leases().renew(running, lease(), &error);
    if (!held) {
        // Another process held the database: a quarter second, not a third of the lease, till the next try.
        if (error.retryable && m_heartbeat.isActive())
            m_retry.start();
        return std::nullopt;
    }
    QList<qint64> lost;
    for (auto it = running.cbegin(); it != running.cend(); ++it) {
        if (!held->contains(it.key()))
            lost.append(it.key());
    }
    if (!lost.isEmpty())
        qCInfo(lcEngine) << "generations cancelled or taken over by another process:" << lost;
    return lost;
}

LeaseKeeper::Beat LeaseKeeper::beat(const QHash<qint64, int> &running, JobQueue &queue, int maxAttempts)
{
    const qint64 wall = m_clock.nowMs();
    const qint64 monotonic = m_clock.monotonicMs();
    if (wall - m_beatWallMs > monotonic - m_beatMonotonicMs + m_leaseMs / 3) {
        qCInfo(lcEngine) << "the clock jumped ahead; recovery waits for every process to renew its leases";
        m_recoverFromMonotonicMs = monotonic + m_leaseMs;
    }
    m_beatWallMs = wall;
    m_beatMonotonicMs = monotonic;
    Beat beat;
    const std::optional<QList<qint64>> lost = renew(running);
    if (!lost)
        return beat;
    beat.lost = *lost;
    if (monotonic >= m_recoverFromMonotonicMs)
        beat.failed = recover(queue, maxAttempts, running.keys());
    return beat;
}

QList<Generation> LeaseKeeper::recover(JobQueue &queue, int maxAttempts, const QList<qint64> &runsHere)
{
    const qint64 now = m_clock.nowMs();
    const RunRecovery::Outcome recovered =
        RunRecovery::recover(m_store, m_library, maxAttempts, now, runsHere, &LeaseOwner::isGone);
    queue.enqueueWaiting(recovered.requeued, now);
    return recovered.failed;
}

} // namespace atelier
