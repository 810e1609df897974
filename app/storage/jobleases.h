#pragma once

#include "domain/generationerror.h"
#include "domain/joblease.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>

#include <functional>

#include <optional>

namespace atelier {

class EventLog;
class Ledger;
class QueueSteering;

// What recovery did with generations whose process stopped mid-run (their lease ran out).
struct RecoveryReport
{
    struct Attempt
    {
        int run = 0;
        int attempt = 0; // 0 for a job left by a version before leases, which named files without it
    };
    QList<qint64> requeued;
    QList<qint64> failed;
    // The attempt each one stopped in, as recovery found it: the job may be claimed again by the time the
    // caller looks, and that attempt's files are not the stopped one's to remove.
    QHash<qint64, Attempt> stopped;
};

// The leases on running jobs, so that the window and any number of atelier-cli processes can share one
// database: a process claims a pending job in one write transaction that also counts the jobs every process
// runs under a live lease against the concurrency limits, renews its leases while it works, and a job whose
// lease ran out goes back to the queue. A job holds a slot of the limits while it talks to its provider, not
// while its images are checked and written. A process refused for the global limit says so in
// queue_waiters, and the others then keep to an even share of the slots, so that the process which frees a
// slot does not take every one back before the waiting one asks again.
class JobLeases final
{
public:
    // Every refusal but Gone leaves the job pending, to be claimed later.
    enum class Claim
    {
        Claimed,
        AllTaken,      // the global limit is reached across all processes (this process now says it waits)
        ProviderTaken, // the job's provider's limit is reached across all processes
        Shared,        // others wait for a slot, and this process already holds its share
        Gone,          // no longer pending in this run (cancelled, or another process has it), or paused
        Paused,        // the whole queue is paused
        Busy,          // another process held the database longer than the busy time-out
        Failed,        // the database could not be read or written
    };
    // At most `global` running jobs in all and `provider` of the job's provider; 0 or less for no limit.
    struct Limits
    {
        int global = 0;
        int provider = 0;
    };

    JobLeases(QSqlDatabase db, EventLog &events, Ledger &ledger, const QueueSteering &steering)
        : m_db(std::move(db)), m_events(events), m_ledger(ledger), m_steering(steering)
    {}

    // pending -> processing for the given run, attempts becomes `attempt`, held by `lease` (none when its
    // owner is empty: such a job counts as abandoned at once).
    Claim claim(qint64 id, int run, int attempt, const JobLease &lease, const Limits &limits, qint64 nowMs);
    // Moves the expiry of the lease's processing jobs among `running` (id -> run) to the lease's, in one
    // statement. Returns the ids the lease still holds; the others were cancelled or taken over elsewhere.
    // Nothing when the database could not be written (then no job counts as lost).
    std::optional<QList<qint64>> renew(const QHash<qint64, int> &running, const JobLease &lease,
                                       GenerationError *error = nullptr);
    // The job's provider part is over: its slot goes back to every process, and the lease is renewed for the
    // save. False without an error when the lease no longer holds the job.
    bool releaseSlot(qint64 id, int run, const JobLease &lease, GenerationError *error);
    // Whether the process that a lease owner names is known to have stopped (see LeaseOwner).
    using OwnerGone = std::function<bool(const QString &owner)>;
    // Processing jobs whose lease ran out before nowMs (or that have none, written before leases existed),
    // or whose owner `ownerGone` says has stopped: back to pending when attempts < maxAttempts, otherwise
    // failed and refunded. Exactly once, in one transaction. Those in `runsHere` stay as they are: the
    // calling process still works on them (its renewal may have failed), and what it ends it ends under its
    // lease.
    RecoveryReport recoverExpired(int maxAttempts, qint64 nowMs, const QList<qint64> &runsHere = {},
                                  const OwnerGone &ownerGone = {});
    // The process takes no more jobs (it is leaving): the others need not leave it a share any more.
    void stopWaiting(const QString &owner);

private:
    enum class Room
    {
        Free,
        AllTaken,      // the global limit is reached: this process waits, and says so
        ProviderTaken, // the provider's limit is reached
        Shared,        // others wait, and this process already holds its share
    };
    // AllTaken with *error set when the count failed.
    Room roomFor(const QString &provider, const QString &owner, const Limits &limits, qint64 nowMs,
                 GenerationError *error);

    QSqlDatabase m_db;
    EventLog &m_events;
    Ledger &m_ledger;
    const QueueSteering &m_steering;
};

} // namespace atelier
