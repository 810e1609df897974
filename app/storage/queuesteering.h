#pragma once

#include "domain/generationerror.h"
#include "domain/priority.h"
#include "domain/queueplace.h"

#include <QSqlDatabase>

namespace atelier {

class EventLog;

// A person's hand on the pending queue, shared by every process on the database: the whole queue paused,
// one job paused, a job moved or its priority changed. Each change is one transaction with its event. A
// change to a job that is no longer pending changes nothing and says why (Validation).
class QueueSteering final
{
public:
    using Place = QueuePlace;

    QueueSteering(QSqlDatabase db, EventLog &events) : m_db(std::move(db)), m_events(events) {}

    // Whether no job may start in any process (running ones finish). False when unreadable.
    bool isPaused() const;
    bool setPaused(bool paused, qint64 nowMs, GenerationError *error);
    bool setHeld(qint64 id, bool held, qint64 nowMs, GenerationError *error);
    bool setPriority(qint64 id, Priority priority, qint64 nowMs, GenerationError *error);
    // `beforeId` is read for Place::Before only.
    bool move(qint64 id, Place place, qint64 beforeId, qint64 nowMs, GenerationError *error);

private:
    struct Job
    {
        qint64 id = 0;
        qint64 profileId = 0;
        int priority = 0;
        double rank = 0;
    };
    // The pending job, or an error in words when it is not pending (or not there).
    std::optional<Job> pendingJob(qint64 id, GenerationError *error) const;
    // Where `job` goes for `place`: the priority and rank it takes.
    bool placeFor(const Job &job, Place place, qint64 beforeId, Job *target, GenerationError *error);
    // Spreads the ranks of a profile's pending jobs of one priority evenly, keeping their order: after many
    // moves to one spot the midpoints run out of precision.
    bool spreadRanks(qint64 profileId, int priority, GenerationError *error);
    bool update(const Job &job, const QString &assignments, const QVariantList &values, const QString &event,
                const QVariantMap &details, qint64 nowMs, GenerationError *error);

    QSqlDatabase m_db;
    EventLog &m_events;
};

} // namespace atelier
