#include "queuesteering.h"

#include "eventlog.h"
#include "sql.h"
#include "statement.h"
#include "transaction.h"

#include <QList>

namespace atelier {

namespace {

GenerationError validation(const QString &message)
{
    return GenerationError::make(GenerationError::Category::Validation, message);
}

} // namespace

bool QueueSteering::isPaused() const
{
    Statement query(m_db);
    return Sql::run(query, QStringLiteral("SELECT value FROM meta WHERE key = 'queue_paused'"), {},
                    QStringLiteral("Could not read whether the queue is paused"), nullptr) &&
           query.next() && query.value(0).toString() == QLatin1String("1");
}

bool QueueSteering::setPaused(bool paused, qint64 nowMs, GenerationError *error)
{
    const QString what =
        paused ? QStringLiteral("Could not pause the queue") : QStringLiteral("Could not resume the queue");
    Transaction transaction(m_db, what, error);
    if (!transaction.isActive())
        return false;
    Statement query(m_db);
    return Sql::run(query,
                    QStringLiteral("INSERT INTO meta (key, value) VALUES ('queue_paused', ?)"
                                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                    {paused ? QStringLiteral("1") : QStringLiteral("0")}, what, error) &&
           m_events.write(nowMs, 0, 0,
                          paused ? QStringLiteral("queue_paused") : QStringLiteral("queue_resumed"), {},
                          error) &&
           transaction.commit(error);
}

bool QueueSteering::setHeld(qint64 id, bool held, qint64 nowMs, GenerationError *error)
{
    Transaction transaction(m_db, QStringLiteral("Could not pause generation %1").arg(id), error);
    if (!transaction.isActive())
        return false;
    const std::optional<Job> job = pendingJob(id, error);
    return job &&
           update(*job, QStringLiteral("held = ?"), {held ? 1 : 0},
                  held ? QStringLiteral("job_paused") : QStringLiteral("job_resumed"), {}, nowMs, error) &&
           transaction.commit(error);
}

bool QueueSteering::setPriority(qint64 id, Priority priority, qint64 nowMs, GenerationError *error)
{
    Transaction transaction(m_db, QStringLiteral("Could not change the priority of generation %1").arg(id),
                            error);
    if (!transaction.isActive())
        return false;
    const std::optional<Job> job = pendingJob(id, error);
    return job &&
           update(*job, QStringLiteral("priority = ?"), {int(priority)}, QStringLiteral("priority_changed"),
                  {{QStringLiteral("priority"), priorityName(priority)}}, nowMs, error) &&
           transaction.commit(error);
}

bool QueueSteering::move(qint64 id, Place place, qint64 beforeId, qint64 nowMs, GenerationError *error)
{
    Transaction transaction(m_db, QStringLiteral("Could not move generation %1").arg(id), error);
    if (!transaction.isActive())
        return false;
    const std::optional<Job> job = pendingJob(id, error);
    Job target;
    if (!job || !placeFor(*job, place, beforeId, &target, error))
        return false;
    static const QStringList kPlaces{QStringLiteral("top"), QStringLiteral("bottom"),
                                     QStringLiteral("before")};
    QVariantMap details{{QStringLiteral("place"), kPlaces.at(int(place))}};
    if (place == Place::Before)
        details.insert(QStringLiteral("before"), beforeId);
    return update(target, QStringLiteral("priority = ?, queue_rank = ?"), {target.priority, target.rank},
                  QStringLiteral("moved"), details, nowMs, error) &&
           transaction.commit(error);
}

std::optional<QueueSteering::Job> QueueSteering::pendingJob(qint64 id, GenerationError *error) const
{
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral("SELECT profile_id, priority, queue_rank, status FROM generations"
                                 " WHERE id = ? AND deleted_at IS NULL"),
                  {id}, QStringLiteral("Could not read generation %1").arg(id), error))
        return std::nullopt;
    if (!query.next()) {
        *error = validation(QStringLiteral("There is no generation %1.").arg(id));
        return std::nullopt;
    }
    if (query.value(3).toString() != QLatin1String("pending")) {
        *error = validation(QStringLiteral("Generation %1 is %2; only a waiting one can be moved, paused or "
                                           "given a priority.")
                                .arg(id)
                                .arg(query.value(3).toString()));
        return std::nullopt;
    }
    return Job{id, query.value(0).toLongLong(), query.value(1).toInt(), query.value(2).toDouble()};
}

bool QueueSteering::placeFor(const Job &job, Place place, qint64 beforeId, Job *target,
                             GenerationError *error)
{
    *target = job;
    if (place == Place::Before && beforeId == job.id) {
        *error = validation(QStringLiteral("Generation %1 cannot be moved before itself.").arg(job.id));
        return false;
    }
    // Two rounds at most: the second after spreading ranks that ran out of room.
    for (int round = 0; round < 2; ++round) {
        Statement query(m_db);
        if (!Sql::run(query,
                      QStringLiteral("SELECT id, priority, queue_rank FROM generations WHERE profile_id = ?"
                                     " AND status = 'pending' AND deleted_at IS NULL AND id != ?"
                                     " ORDER BY priority DESC, queue_rank, id"),
                      {job.profileId, job.id}, QStringLiteral("Could not read the queue"), error))
            return false;
        QList<Job> others;
        while (query.next())
            others.append({query.value(0).toLongLong(), job.profileId, query.value(1).toInt(),
                           query.value(2).toDouble()});
        query.finish();
        if (others.isEmpty())
            return true; // alone in its queue: nothing to move past
        if (place == Place::Top) {
            target->priority = others.first().priority;
            target->rank = others.first().rank - 1;
            return true;
        }
        if (place == Place::Bottom) {
            target->priority = others.last().priority;
            target->rank = others.last().rank + 1;
            return true;
        }
        const auto before = std::find_if(others.cbegin(), others.cend(),
                                         [beforeId](const Job &other) { return other.id == beforeId; });
        if (before == others.cend()) {
            *error = validation(QStringLiteral("Generation %1 is not waiting in the same profile's queue as "
                                               "generation %2.")
                                    .arg(beforeId)
                                    .arg(job.id));
            return false;
        }
        target->priority = before->priority;
        if (before == others.cbegin() || std::prev(before)->priority != before->priority) {
            target->rank = before->rank - 1;
            return true;
        }
        const double previous = std::prev(before)->rank;
        target->rank = previous + (before->rank - previous) / 2;
        if (previous < target->rank && target->rank < before->rank)
            return true;
        if (round == 0 && !spreadRanks(job.profileId, before->priority, error))
            return false;
    }
    *error = GenerationError::make(
        GenerationError::Category::Storage,
        QStringLiteral("Could not find room in the queue for generation %1.").arg(job.id));
    return false;
}

bool QueueSteering::spreadRanks(qint64 profileId, int priority, GenerationError *error)
{
    Statement query(m_db);
    if (!Sql::run(
            query,
            QStringLiteral("SELECT id, queue_rank FROM generations WHERE profile_id = ? AND priority = ?"
                           " AND status = 'pending' AND deleted_at IS NULL ORDER BY queue_rank, id"),
            {profileId, priority}, QStringLiteral("Could not read the queue"), error))
        return false;
    QList<qint64> ids;
    double last = 0;
    while (query.next()) {
        ids.append(query.value(0).toLongLong());
        last = query.value(1).toDouble();
    }
    query.finish();
    // A millisecond apart, ending where the last one stands: a job queued later (ranked by its time) still
    // comes after all of them.
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (!Sql::run(query, QStringLiteral("UPDATE generations SET queue_rank = ? WHERE id = ?"),
                      {last - double(ids.size() - 1 - i), ids.at(i)},
                      QStringLiteral("Could not reorder the queue"), error))
            return false;
    }
    return true;
}

bool QueueSteering::update(const Job &job, const QString &assignments, const QVariantList &values,
                           const QString &event, const QVariantMap &details, qint64 nowMs,
                           GenerationError *error)
{
    Statement query(m_db);
    return Sql::run(query,
                    QStringLiteral("UPDATE generations SET %1 WHERE id = ? AND status = 'pending'")
                        .arg(assignments),
                    QVariantList(values) << job.id,
                    QStringLiteral("Could not change generation %1").arg(job.id), error) &&
           m_events.write(nowMs, job.profileId, job.id, event, details, error);
}

} // namespace atelier
