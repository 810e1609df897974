#pragma once

#include "domain/generation.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <algorithm>
#include <deque>
#include <optional>

namespace atelier {

// A pending job as the scheduler sees it.
struct QueueEntry
{
    qint64 id = 0;
    qint64 profileId = 0;
    QString provider;
    qint64 queuedAtMs = 0;  // when it entered the queue: its queue time-out counts from then
    qint64 notBeforeMs = 0; // back-off: not started before this time; 0 for none
    // When its queue time-out starts counting, if later than queuedAtMs: a job read back from the store waits
    // from the moment a process can run it, not from when it was queued with nothing running.
    qint64 waitingSinceMs = 0;
    // Orders the jobs of one profile: higher priority first, then rank, then id (see Generation).
    Priority priority = Priority::Normal;
    double rank = 0;

    qint64 timeoutBaseMs() const { return std::max(queuedAtMs, waitingSinceMs); }
    // A job entering the queue at atMs, last among its priority (its rank is its time).
    static QueueEntry queued(qint64 id, qint64 profileId, const QString &provider, Priority priority,
                             qint64 atMs, qint64 notBeforeMs = 0);
    // A pending generation read from the store at nowMs, keeping its back-off and its place.
    static QueueEntry waiting(const Generation &generation, qint64 nowMs);
};

// Concurrency limits: at most `global` jobs run at once, and at most perProvider[p] (or defaultPerProvider)
// of provider p.
struct QueueLimits
{
    int global = 4;
    int defaultPerProvider = 2;
    QHash<QString, int> perProvider;

    int forProvider(const QString &provider) const { return perProvider.value(provider, defaultPerProvider); }
};

// The scheduler's bookkeeping, without I/O or timers: which pending job starts next, what runs, where each
// pending job stands. Fair across profiles: profiles take turns (round-robin), each in its own queue order,
// so one profile's batch of 100 does not hold back another's single image. Time is passed in, never read.
class JobQueue
{
public:
    explicit JobQueue(QueueLimits limits = {});

    void setLimits(const QueueLimits &limits) { m_limits = limits; }
    const QueueLimits &limits() const { return m_limits; }

    // Adds a pending job. An id that is already pending or running is ignored.
    void enqueue(const QueueEntry &entry);
    // Adds pending generations as they stand in the store (QueueEntry::waiting).
    void enqueueWaiting(const QList<Generation> &generations, qint64 nowMs);
    // Removes a pending job; false when it is not pending.
    bool remove(qint64 id);
    bool isPending(qint64 id) const { return m_pending.contains(id); }
    bool isRunning(qint64 id) const { return m_running.contains(id); }
    QList<qint64> pendingIds() const { return m_pending.keys(); }
    // A pending job's back-off end; 0 for none.
    qint64 notBeforeMs(qint64 id) const { return m_delayed.value(id, 0); }
    // Moves a pending job to where `priority` and `rank` put it among its profile's jobs; false when it is
    // not pending or already there.
    bool reorder(qint64 id, Priority priority, double rank);
    // Every pending job's queue time-out counts from nowMs again (the queue was paused until now).
    void restartWaiting(qint64 nowMs);

    int pendingCount() const { return int(m_pending.size()); }
    int runningCount() const { return int(m_running.size()); }
    int runningCount(const QString &provider) const { return m_runningPerProvider.value(provider); }

    // The next job to start at nowMs, moved to running; nothing when no pending job may start now (limits
    // reached, back-off or provider throttle not yet over, queue empty). The profile served goes to the end
    // of the turn. Jobs of the providers in `passOver` are left where they are (full in another process).
    std::optional<QueueEntry> takeNext(qint64 nowMs, const QSet<QString> &passOver = {});
    // A running job ended (finished, failed, cancelled or handed back): its slot is free again.
    void release(qint64 id);

    // No job of this provider starts before untilMs (rate-limit headers).
    void throttle(const QString &provider, qint64 untilMs);

    // 1-based place among the pending jobs in the order they would start if every job could start now;
    // 0 when the job is not pending. O(number of profiles), independent of the queue's length.
    int position(qint64 id) const;

    // Pending jobs queued at or before nowMs - timeoutMs, oldest first (they should fail with a time-out).
    // A timeoutMs <= 0 means no queue time-out, here and in nextWakeUp.
    QList<qint64> expired(qint64 nowMs, qint64 timeoutMs) const;
    // The earliest future moment at which something changes without an event: a back-off or throttle ends, or
    // a pending job reaches its queue time-out. Nothing when no such moment exists.
    std::optional<qint64> nextWakeUp(qint64 nowMs, qint64 timeoutMs) const;

private:
    struct ProfileQueue
    {
        std::deque<QueueEntry> jobs;   // sorted by (queuedAtMs, id)
        QHash<QString, int> providers; // provider -> number of its jobs in `jobs`
    };
    // Where a pending job sits: enough to find it in its profile's queue by binary search.
    struct PendingKey
    {
        qint64 profileId = 0;
        Priority priority = Priority::Normal;
        double rank = 0;
    };
    // Where the pending job sits in its profile's queue (which must exist).
    std::deque<QueueEntry>::iterator find(qint64 id, const PendingKey &key);
    bool mayStart(const QueueEntry &entry, qint64 nowMs) const;
    bool providerOpen(const QString &provider, qint64 nowMs) const;
    int rankInProfile(const ProfileQueue &queue, const QueueEntry &entry) const;
    // Forgets a pending job; drops the profile's queue when it becomes empty (the caller updates m_turns).
    void eraseFromProfile(qint64 profileId, std::deque<QueueEntry>::iterator it);

    QueueLimits m_limits;
    QHash<qint64, ProfileQueue> m_profiles;
    std::deque<qint64> m_turns;          // profiles with pending jobs, the next one to serve first
    QHash<qint64, PendingKey> m_pending; // pending job id -> where it sits
    QHash<qint64, QueueEntry> m_running;
    QHash<QString, int> m_runningPerProvider;
    QHash<QString, qint64> m_throttledUntil;
    QHash<qint64, qint64> m_delayed; // pending job id -> notBeforeMs, for jobs in back-off
};

} // namespace atelier
