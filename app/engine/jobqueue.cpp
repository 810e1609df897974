#include "jobqueue.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace atelier {

namespace {

bool startsBefore(const QueueEntry &a, const QueueEntry &b)
{
    return std::tuple(-int(a.priority), a.rank, a.id) < std::tuple(-int(b.priority), b.rank, b.id);
}

} // namespace

JobQueue::JobQueue(QueueLimits limits) : m_limits(std::move(limits)) {}

QueueEntry QueueEntry::queued(qint64 id, qint64 profileId, const QString &provider, Priority priority,
                              qint64 atMs, qint64 notBeforeMs)
{
    return {id, profileId, provider, atMs, notBeforeMs, 0, priority, double(atMs)};
}

QueueEntry QueueEntry::waiting(const Generation &generation, qint64 nowMs)
{
    return {generation.id,
            generation.request.profileId,
            generation.provider,
            generation.queuedAt.toMSecsSinceEpoch(),
            generation.notBefore.isValid() ? generation.notBefore.toMSecsSinceEpoch() : 0,
            nowMs,
            generation.priority,
            generation.queueRank};
}

void JobQueue::enqueueWaiting(const QList<Generation> &generations, qint64 nowMs)
{
    for (const Generation &generation : generations)
        enqueue(QueueEntry::waiting(generation, nowMs));
}

void JobQueue::enqueue(const QueueEntry &entry)
{
    if (m_pending.contains(entry.id) || m_running.contains(entry.id))
        return;
    ProfileQueue &queue = m_profiles[entry.profileId];
    if (queue.jobs.empty())
        m_turns.push_back(entry.profileId);
    // New jobs are usually the newest of their profile, so appending is the common case.
    if (queue.jobs.empty() || startsBefore(queue.jobs.back(), entry))
        queue.jobs.push_back(entry);
    else
        queue.jobs.insert(std::lower_bound(queue.jobs.begin(), queue.jobs.end(), entry, startsBefore), entry);
    ++queue.providers[entry.provider];
    m_pending.insert(entry.id, {entry.profileId, entry.priority, entry.rank});
    if (entry.notBeforeMs > 0)
        m_delayed.insert(entry.id, entry.notBeforeMs);
}

bool JobQueue::remove(qint64 id)
{
    const auto pending = m_pending.constFind(id);
    if (pending == m_pending.cend())
        return false;
    const qint64 profileId = pending->profileId;
    eraseFromProfile(profileId, find(id, *pending));
    if (!m_profiles.contains(profileId))
        m_turns.erase(std::find(m_turns.begin(), m_turns.end(), profileId));
    return true;
}

std::optional<QueueEntry> JobQueue::takeNext(qint64 nowMs, const QSet<QString> &passOver)
{
    const auto open = [&](const QString &provider) {
        return providerOpen(provider, nowMs) && !passOver.contains(provider);
    };
    if (runningCount() >= m_limits.global)
        return std::nullopt;
    for (auto turn = m_turns.begin(); turn != m_turns.end(); ++turn) {
        const qint64 profileId = *turn;
        ProfileQueue &queue = m_profiles[profileId];
        // A profile whose providers are all busy or throttled is passed over without walking its jobs, so a
        // long queue waiting for one busy provider costs one look per provider, not one per job.
        if (!std::any_of(queue.providers.keyBegin(), queue.providers.keyEnd(), open))
            continue;
        const auto job = std::find_if(queue.jobs.begin(), queue.jobs.end(), [&](const QueueEntry &entry) {
            return mayStart(entry, nowMs) && !passOver.contains(entry.provider);
        });
        if (job == queue.jobs.end())
            continue;
        const QueueEntry entry = *job;
        eraseFromProfile(profileId, job);
        m_turns.erase(turn);
        if (m_profiles.contains(profileId))
            m_turns.push_back(profileId);
        m_running.insert(entry.id, entry);
        ++m_runningPerProvider[entry.provider];
        return entry;
    }
    return std::nullopt;
}

void JobQueue::release(qint64 id)
{
    const auto it = m_running.constFind(id);
    if (it == m_running.cend())
        return;
    const QString provider = it->provider;
    m_running.erase(it);
    if (--m_runningPerProvider[provider] <= 0)
        m_runningPerProvider.remove(provider);
}

void JobQueue::throttle(const QString &provider, qint64 untilMs)
{
    // A shorter delay reported later does not lift a longer one still in force.
    qint64 &until = m_throttledUntil[provider];
    until = std::max(until, untilMs);
}

int JobQueue::position(qint64 id) const
{
    const auto pending = m_pending.constFind(id);
    if (pending == m_pending.cend())
        return 0;
    const auto own = m_profiles.constFind(pending->profileId);
    Q_ASSERT(own != m_profiles.cend());
    QueueEntry key;
    key.id = id;
    key.priority = pending->priority;
    key.rank = pending->rank;
    const qint64 rank = rankInProfile(*own, key);
    // Round-robin: every profile ahead in the turn order starts up to rank + 1 jobs before this one, every
    // profile behind it up to rank.
    qint64 place = rank + 1;
    bool ahead = true;
    for (const qint64 profileId : m_turns) {
        if (profileId == pending->profileId) {
            ahead = false;
            continue;
        }
        const auto other = m_profiles.constFind(profileId);
        const qint64 length = qint64(other->jobs.size());
        place += std::min(length, ahead ? rank + 1 : rank);
    }
    return int(place);
}

QList<qint64> JobQueue::expired(qint64 nowMs, qint64 timeoutMs) const
{
    if (timeoutMs <= 0)
        return {};
    QList<QueueEntry> found;
    for (const ProfileQueue &queue : m_profiles) {
        // Every entry is looked at: a job taken over from another process counts from when it arrived
        // here, so the time-out bases do not rise along the queue order.
        for (const QueueEntry &entry : queue.jobs) {
            if (entry.timeoutBaseMs() + timeoutMs <= nowMs)
                found.append(entry);
        }
    }
    std::sort(found.begin(), found.end(), startsBefore);
    QList<qint64> ids;
    ids.reserve(found.size());
    for (const QueueEntry &entry : std::as_const(found))
        ids.append(entry.id);
    return ids;
}

std::optional<qint64> JobQueue::nextWakeUp(qint64 nowMs, qint64 timeoutMs) const
{
    std::optional<qint64> earliest;
    const auto consider = [&](qint64 atMs) {
        if (atMs > nowMs && (!earliest || atMs < *earliest))
            earliest = atMs;
    };
    for (const qint64 notBeforeMs : m_delayed)
        consider(notBeforeMs);
    for (const qint64 untilMs : m_throttledUntil)
        consider(untilMs);
    if (timeoutMs > 0) {
        for (const ProfileQueue &queue : m_profiles)
            consider(queue.jobs.front().timeoutBaseMs() + timeoutMs);
    }
    return earliest;
}

bool JobQueue::mayStart(const QueueEntry &entry, qint64 nowMs) const
{
    return entry.notBeforeMs <= nowMs && runningCount() < m_limits.global &&
           providerOpen(entry.provider, nowMs);
}

bool JobQueue::providerOpen(const QString &provider, qint64 nowMs) const
{
    return runningCount(provider) < m_limits.forProvider(provider) &&
           m_throttledUntil.value(provider) <= nowMs;
}

bool JobQueue::reorder(qint64 id, Priority priority, double rank)
{
    const auto pending = m_pending.constFind(id);
    if (pending == m_pending.cend() || (pending->priority == priority && pending->rank == rank))
        return false;
    const PendingKey key = *pending;
    QueueEntry entry = *find(id, key);
    entry.priority = priority;
    entry.rank = rank;
    // Out and in again: its profile keeps its turn, as it still has this job.
    const qint64 profileId = entry.profileId;
    ProfileQueue &queue = m_profiles[profileId];
    queue.jobs.erase(find(id, key));
    queue.jobs.insert(std::lower_bound(queue.jobs.begin(), queue.jobs.end(), entry, startsBefore), entry);
    m_pending.insert(id, {profileId, priority, rank});
    return true;
}

void JobQueue::restartWaiting(qint64 nowMs)
{
    for (ProfileQueue &queue : m_profiles) {
        for (QueueEntry &entry : queue.jobs)
            entry.waitingSinceMs = nowMs;
    }
}

std::deque<QueueEntry>::iterator JobQueue::find(qint64 id, const PendingKey &key)
{
    std::deque<QueueEntry> &jobs = m_profiles[key.profileId].jobs;
    QueueEntry probe;
    probe.id = id;
    probe.priority = key.priority;
    probe.rank = key.rank;
    const auto it = std::lower_bound(jobs.begin(), jobs.end(), probe, startsBefore);
    Q_ASSERT(it != jobs.end() && it->id == id);
    return it;
}

int JobQueue::rankInProfile(const ProfileQueue &queue, const QueueEntry &entry) const
{
    return int(std::lower_bound(queue.jobs.cbegin(), queue.jobs.cend(), entry, startsBefore) -
               queue.jobs.cbegin());
}

void JobQueue::eraseFromProfile(qint64 profileId, std::deque<QueueEntry>::iterator it)
{
    ProfileQueue &queue = m_profiles[profileId];
    m_pending.remove(it->id);
    m_delayed.remove(it->id);
    if (--queue.providers[it->provider] <= 0)
        queue.providers.remove(it->provider);
    queue.jobs.erase(it);
    if (queue.jobs.empty())
        m_profiles.remove(profileId);
}

} // namespace atelier
