#pragma once

#include "domain/generation.h"
#include "domain/joblease.h"
#include "jobqueue.h"
#include "leaseowner.h"
#include "storage/jobleases.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <optional>

namespace atelier {

class Clock;
class ImageLibrary;
class Store;

// This process's part in sharing one database with others (the window and any number of atelier-cli): the
// id its leases name (see LeaseOwner), a heartbeat every third of the lease, on which the engine renews its
// leases and takes over jobs whose lease ran out or whose process has stopped.
class LeaseKeeper final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LeaseKeeper)
public:
    LeaseKeeper(Store &store, const ImageLibrary &library, Clock &clock, qint64 leaseMs,
                QObject *parent = nullptr);

    const QString &owner() const { return m_owner.id(); }
    // A lease that runs from now.
    JobLease lease() const;
    // Claims the pending `generation` for its next attempt under `limits`, counted across all processes.
    JobLeases::Claim claim(const Generation &generation, const QueueLimits &limits);
    void start();
    void stop();

    struct Beat
    {
        QList<qint64> lost;       // cancelled or taken over elsewhere
        QList<Generation> failed; // recovered with no attempt left
    };
    // One heartbeat: renews the leases of the jobs this process runs (id -> run), then recovers the jobs
    // whose lease ran out (see recover()), but not after a renewal that failed: this process's own leases
    // may then look expired to it. Nor for one lease of monotonic time after the wall clock jumped ahead (a
    // suspend, a clock correction): every process's leases then look expired until it had a beat to renew.
    Beat beat(const QHash<qint64, int> &running, JobQueue &queue, int maxAttempts);
    // Renews the leases of the jobs this process runs (id -> run); returns the ids it no longer holds, which
    // were cancelled or taken over elsewhere. Nothing when the database could not be written.
    std::optional<QList<qint64>> renew(const QHash<qint64, int> &running);
    // Jobs whose lease ran out, in any process, back to the store's queue and to `queue`, or failed (see
    // RunRecovery); returns the failed ones. The jobs this process runs (`runsHere`) are left alone.
    QList<Generation> recover(JobQueue &queue, int maxAttempts, const QList<qint64> &runsHere = {});

Q_SIGNALS:
    // Time to renew the leases and to look for jobs whose lease ran out.
    void heartbeat();

private:
    Store &m_store;
    const ImageLibrary &m_library;
    Clock &m_clock;
    const qint64 m_leaseMs;
    const LeaseOwner m_owner;
    QTimer m_heartbeat;
    QTimer m_retry; // a beat soon after a renewal the busy database refused
    // The clocks at the last beat, and the monotonic time before which recovery waits.
    qint64 m_beatWallMs = 0;
    qint64 m_beatMonotonicMs = 0;
    qint64 m_recoverFromMonotonicMs = 0;
};

} // namespace atelier
