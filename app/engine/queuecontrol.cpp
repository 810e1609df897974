#include "queuecontrol.h"

#include "domain/clock.h"
#include "jobqueue.h"
#include "profileaccounts.h"
#include "storage/store.h"

namespace atelier {

GenerationError QueueControl::setPaused(bool paused)
{
    GenerationError error;
    m_store.steering().setPaused(paused, m_clock.nowMs(), &error);
    return error;
}

std::optional<Generation> QueueControl::setHeld(qint64 id, qint64 userId, bool held, GenerationError *error)
{
    if (!m_accounts.ownedGeneration(id, userId, error) ||
        !m_store.steering().setHeld(id, held, m_clock.nowMs(), error))
        return std::nullopt;
    return applied(id, error);
}

std::optional<Generation> QueueControl::setPriority(qint64 id, qint64 userId, Priority priority,
                                                    GenerationError *error)
{
    if (!m_accounts.ownedGeneration(id, userId, error) ||
        !m_store.steering().setPriority(id, priority, m_clock.nowMs(), error))
        return std::nullopt;
    return applied(id, error);
}

QList<Generation> QueueControl::move(qint64 id, qint64 userId, QueuePlace place, qint64 beforeId,
                                     GenerationError *error)
{
    const std::optional<Generation> owned = m_accounts.ownedGeneration(id, userId, error);
    if (!owned || !m_store.steering().move(id, place, beforeId, m_clock.nowMs(), error))
        return {};
    // A move may spread the ranks of its neighbours too: every waiting job of the profile is looked at.
    QList<Generation> moved;
    for (const Generation &generation : m_store.generationsWithStatus(GenerationStatus::Pending)) {
        if (generation.request.profileId == owned->request.profileId &&
            (follow(m_queue, generation, m_clock.nowMs()) || generation.id == id))
            moved.append(generation);
    }
    return moved;
}

std::optional<Generation> QueueControl::applied(qint64 id, GenerationError *error)
{
    std::optional<Generation> generation = m_store.generation(id);
    if (!generation) {
        *error = GenerationError::make(GenerationError::Category::Storage,
                                       QStringLiteral("Could not read generation %1 back.").arg(id));
        return std::nullopt;
    }
    follow(m_queue, *generation, m_clock.nowMs());
    return generation;
}

bool QueueControl::follow(JobQueue &queue, const Generation &generation, qint64 nowMs)
{
    if (generation.held)
        return queue.remove(generation.id);
    const qint64 notBefore = generation.notBefore.isValid() ? generation.notBefore.toMSecsSinceEpoch() : 0;
    // Back in the queue with a back-off (a retry another process scheduled): the entry is made again.
    if (queue.isPending(generation.id) && queue.notBeforeMs(generation.id) != notBefore)
        queue.remove(generation.id);
    if (!queue.isPending(generation.id)) {
        if (queue.isRunning(generation.id))
            return false;
        queue.enqueue(QueueEntry::waiting(generation, nowMs));
        return true;
    }
    return queue.reorder(generation.id, generation.priority, generation.queueRank);
}

QList<qint64> QueueControl::cancelAllPending(qint64 userId, GenerationError *error)
{
    QList<qint64> cancelled;
    for (const Generation &generation : m_store.generationsWithStatus(GenerationStatus::Pending)) {
        if (generation.request.profileId != userId)
            continue;
        // Only while it still waits: one another process started meanwhile goes on.
        GenerationError failure;
        if (m_store.markCancelled(generation.id, generation.run, m_clock.nowMs(), true, &failure)) {
            m_queue.remove(generation.id);
            cancelled.append(generation.id);
        } else if (failure.isError()) {
            if (error)
                *error = failure;
            break;
        }
    }
    return cancelled;
}

} // namespace atelier
