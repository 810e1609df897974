#pragma once

#include "domain/generation.h"
#include "storage/queuesteering.h"

#include <QList>

#include <optional>

namespace atelier {

class Clock;
class JobQueue;
class ProfileAccounts;
class Store;

// A person's hand on the queue, for the service: checks that the profile owns the job, writes the change to
// the store (where every process on the data folder reads it) and puts this process's queue in step.
class QueueControl final
{
public:
    QueueControl(Store &store, const ProfileAccounts &accounts, JobQueue &queue, const Clock &clock)
        : m_store(store), m_accounts(accounts), m_queue(queue), m_clock(clock)
    {}

    GenerationError setPaused(bool paused);
    // Each gives the generation as it now stands, or nothing and *error, and then nothing changed.
    std::optional<Generation> setHeld(qint64 id, qint64 userId, bool held, GenerationError *error);
    std::optional<Generation> setPriority(qint64 id, qint64 userId, Priority priority,
                                          GenerationError *error);
    // Gives the generation and every other one whose place changed with it (neighbours whose ranks were
    // spread), or nothing and *error.
    QList<Generation> move(qint64 id, qint64 userId, QueuePlace place, qint64 beforeId,
                           GenerationError *error);
    // Cancels (and refunds) every job of the profile still waiting, held ones too, and takes them out of the
    // queue; gives their ids. When the database refused one, stops there with *error set.
    QList<qint64> cancelAllPending(qint64 userId, GenerationError *error);

    // Puts this process's queue in step with a pending generation as the store has it: a paused one
    // leaves it, a resumed one joins it, a moved one takes its new place. True when the queue changed.
    static bool follow(JobQueue &queue, const Generation &generation, qint64 nowMs);

private:
    // Reads the changed generation back and applies it to the queue.
    std::optional<Generation> applied(qint64 id, GenerationError *error);

    Store &m_store;
    const ProfileAccounts &m_accounts;
    JobQueue &m_queue;
    const Clock &m_clock;
};

} // namespace atelier
