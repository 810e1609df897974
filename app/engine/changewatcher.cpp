#include "changewatcher.h"

#include "domain/clock.h"
#include "jobqueue.h"
#include "queuecontrol.h"
#include "storage/store.h"

namespace atelier {

namespace {

// The feed keeps this many changes: a reader further behind (a process suspended for long) reads the queue
// again instead.
constexpr qint64 kFeedKept = 20'000;

} // namespace

ChangeWatcher::ChangeWatcher(Store &store, Clock &clock, int intervalMs, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock)
{
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ChangeWatcher::poll);
    // A manual clock moved: tests expect what other processes did meanwhile to be seen at once.
    connect(&m_clock, &Clock::jumped, this, [this] {
        if (isWatching())
            poll();
    });
}

void ChangeWatcher::start()
{
    if (isWatching())
        return;
    m_store.changes().prune(kFeedKept);
    m_dataVersion = m_store.dataVersion();
    m_point = m_store.changes().last();
    m_lastIdAtStart = m_store.changes().lastGenerationId();
    m_startedAtMs = m_clock.nowMs();
    // So that one restored elsewhere is known to come back, not to end.
    for (const qint64 id : m_store.trash().ids())
        m_known[id].deleted = true;
    m_timer.start();
}

void ChangeWatcher::stop()
{
    m_timer.stop();
}

void ChangeWatcher::poll()
{
    const qint64 version = m_store.dataVersion();
    if (version == m_dataVersion)
        return;
    m_dataVersion = version;
    Q_EMIT changed();
}

ChangeWatcher::Seen ChangeWatcher::catchUp(JobQueue &queue, const std::function<bool(qint64)> &handledHere)
{
    Seen seen;
    seen.paused = m_store.steering().isPaused();
    const std::optional<ChangeFeed::Changes> changes = m_store.changes().since(m_point);
    if (!changes)
        return seen; // read again on the next change
    m_point = changes->last;
    if (!changes->complete) {
        requeueAll(queue, handledHere, &seen);
        return seen;
    }
    for (const Generation &generation : changes->changed) {
        if (!handledHere(generation.id) && !queue.isRunning(generation.id))
            see(generation, queue, &seen);
    }
    for (auto it = changes->gone.cbegin(); it != changes->gone.cend(); ++it) {
        seen.queueChanged = queue.remove(it.key()) || seen.queueChanged;
        if (handledHere(it.key()))
            continue;
        // Gone before: now erased from the trash (or this process's own erasing, read back).
        if (noteDeleted(it.key()))
            seen.deleted.insert(it.key(), it.value());
        else
            seen.erased.insert(it.value());
    }
    return seen;
}

void ChangeWatcher::see(const Generation &generation, JobQueue &queue, Seen *seen)
{
    const auto known = m_known.constFind(generation.id);
    const bool sameRun = known != m_known.cend() && known->run == generation.run && !known->deleted;
    if (generation.status == GenerationStatus::Pending) {
        const bool waitingHere =
            queue.isPending(generation.id) || (sameRun && known->status == GenerationStatus::Pending);
        const bool moved = QueueControl::follow(queue, generation, m_clock.nowMs());
        if (!waitingHere)
            seen->queued.append(generation);
        else if (moved)
            seen->steered.append(generation);
        seen->queueChanged = seen->queueChanged || moved;
        m_known.insert(generation.id, Known::of(generation));
        return;
    }
    seen->queueChanged = queue.remove(generation.id) || seen->queueChanged;
    if (known != m_known.cend() && known->deleted) {
        seen->restored.append(generation); // only an ended generation goes into the trash
        m_known.insert(generation.id, Known::of(generation));
        return;
    }
    // Queued since this process looks, and started (or even ended) between two looks: it is told as queued
    // first, so that whoever lists the queue has its row.
    if (known == m_known.cend() && generation.queuedAt.toMSecsSinceEpoch() >= m_startedAtMs)
        seen->queued.append(generation);
    if (isTerminal(generation.status)) {
        const QDateTime ended =
            generation.finishedAt.isValid() ? generation.finishedAt : generation.createdAt;
        if (known == m_known.cend() && generation.id <= m_lastIdAtStart &&
            ended.toMSecsSinceEpoch() < m_startedAtMs) {
            // There and ended before this process looked, and changed since: not an end, and what changed is
            // unknown. (An import elsewhere is new: its id is higher, whatever date its picture has.)
            seen->touched.append(generation);
            seen->marked.append(generation);
            m_known.insert(generation.id, Known::of(generation));
            return;
        }
        // The end is recorded by noteEnded() when the engine announces it.
        if (!sameRun || known->status != generation.status) {
            seen->ended.append(generation);
            return;
        }
        // Of an ended generation only its cloud copy and its marks change. The marks are not compared: this
        // process's own marks are not noted here, so a comparison could miss a change elsewhere that undid
        // one made here; whoever shows them reads them again.
        Known &now = m_known[generation.id];
        if (now.cloud != generation.cloud.state)
            seen->touched.append(generation);
        seen->marked.append(generation);
        now.cloud = generation.cloud.state;
        return;
    }
    const bool sameAttempt =
        sameRun && known->status == GenerationStatus::Processing && known->attempts == generation.attempts;
    if (!sameAttempt)
        seen->started.append(generation);
    if (!sameAttempt || known->progress != generation.progress || known->step != generation.step)
        seen->advanced.append(generation);
    m_known.insert(generation.id, Known::of(generation));
}

void ChangeWatcher::requeueAll(JobQueue &queue, const std::function<bool(qint64)> &handledHere, Seen *seen)
{
    seen->everything = true;
    const QList<Generation> pending = m_store.generationsWithStatus(GenerationStatus::Pending);
    QSet<qint64> stillPending;
    for (const Generation &generation : pending) {
        stillPending.insert(generation.id);
        if (!handledHere(generation.id))
            QueueControl::follow(queue, generation, m_clock.nowMs());
    }
    for (const qint64 id : queue.pendingIds()) {
        if (!stillPending.contains(id))
            queue.remove(id);
    }
    seen->queueChanged = true;
}

bool ChangeWatcher::noteEnded(const Generation &generation)
{
    const auto known = m_known.constFind(generation.id);
    const bool news = known == m_known.cend() || known->deleted || known->run != generation.run ||
                      known->status != generation.status;
    // Its cloud copy as announced too, so that reading it back is not news either.
    m_known.insert(generation.id, Known::of(generation));
    return news;
}

void ChangeWatcher::noteRestored(const QList<Generation> &generations)
{
    for (const Generation &generation : generations)
        m_known.insert(generation.id, Known::of(generation));
}

void ChangeWatcher::noteImported(const QList<qint64> &ids)
{
    for (const qint64 id : ids)
        m_known.insert(id, {GenerationStatus::Completed, 1, 0, 100, {}});
}

bool ChangeWatcher::noteDeleted(qint64 id)
{
    Known &known = m_known[id];
    if (known.deleted)
        return false;
    known.deleted = true;
    return true;
}

} // namespace atelier
