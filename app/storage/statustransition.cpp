#include "statustransition.h"

#include "eventlog.h"
#include "sql.h"
#include "transaction.h"

namespace atelier {

bool StatusTransition::apply(const QSqlDatabase &db, EventLog &events, qint64 nowMs,
                             GenerationError *failure) const
{
    GenerationError error;
    const bool applied = write(db, events, nowMs, &error);
    if (failure && error.isError())
        *failure = error;
    return applied;
}

bool StatusTransition::write(const QSqlDatabase &db, EventLog &events, qint64 nowMs,
                             GenerationError *error) const
{
    const QString what = QStringLiteral("Could not save generation %1 as %2").arg(id).arg(event);
    Transaction transaction(db, what, error);
    if (!transaction.isActive())
        return false;
    QStringList marks;
    marks.fill(QStringLiteral("?"), from.size());
    QString sql = QStringLiteral("UPDATE generations SET %1 WHERE id = ? AND run = ? AND status IN (%2)")
                      .arg(set, marks.join(QLatin1Char(',')));
    QVariantList bound = values;
    bound << id << run;
    for (const QString &status : from)
        bound << status;
    if (!leaseOwner.isEmpty()) {
        sql += QStringLiteral(" AND status = 'processing' AND lease_owner = ?");
        bound << leaseOwner;
    }
    Statement query(db);
    // Nothing matched: the job moved on meanwhile, and the rollback leaves everything as it was.
    if (!Sql::run(query, sql, bound, what, error) || query.numRowsAffected() != 1)
        return false;

    if (!Sql::run(query, QStringLiteral("SELECT profile_id, attempts FROM generations WHERE id = ?"), {id},
                  what, error) ||
        !query.next())
        return false;
    const qint64 profileId = query.value(0).toLongLong();
    QVariantMap written = details;
    written.insert(QStringLiteral("run"), run);
    if (!written.contains(QStringLiteral("attempt")))
        written.insert(QStringLiteral("attempt"), query.value(1).toInt());
    query.finish();

    // A ledger method that finds its entry already written returns false without an error: nothing to add.
    if (account && !account(error) && error->isError())
        return false;
    return events.write(nowMs, profileId, id, event, written, error) && transaction.commit(error);
}

} // namespace atelier
