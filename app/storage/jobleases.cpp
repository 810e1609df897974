#include "jobleases.h"

#include "eventlog.h"
#include "ledger.h"
#include "sql.h"
#include "transaction.h"

namespace atelier {

namespace {

// A NULL of the column's type: Qt binds an invalid QVariant as NULL only when it knows the type.
QVariant nullOr(bool isNull, const QVariant &value)
{
    return isNull ? QVariant(value.metaType()) : value;
}

} // namespace

JobLeases::Claim JobLeases::claim(qint64 id, int run, int attempt, const JobLease &lease,
                                  const Limits &limits, qint64 nowMs)
{
    // A claim that fails on the database is tried again later, as one refused for the limits is.
    const QString what = QStringLiteral("Could not start generation %1").arg(id);
    GenerationError error;
    Transaction transaction(m_db, what, &error);
    if (!transaction.isActive())
        return Claim::Busy;
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral("SELECT profile_id, provider FROM generations"
                                 " WHERE id = ? AND run = ? AND status = 'pending'"),
                  {id, run}, what, &error))
        return Claim::Busy;
    if (!query.next())
        return Claim::Gone;
    const qint64 profileId = query.value(0).toLongLong();
    const QString provider = query.value(1).toString();
    query.finish();
    const bool unleased = lease.owner.isEmpty();
    const Room room = roomFor(provider, lease.owner, limits, nowMs, &error);
    if (room != Room::Free) {
        // Known to wait until this process's next heartbeat and a second more; it asks again by then.
        if (room == Room::AllTaken && !unleased &&
            Sql::run(query,
                     QStringLiteral("INSERT OR REPLACE INTO queue_waiters (owner, until) VALUES (?, ?)"),
                     {lease.owner, nowMs + (lease.expiresAtMs - nowMs) / 3 + 1000}, what, &error))
            transaction.commit(&error);
        return Claim::Busy;
    }

    const QString sql =
        QStringLiteral("UPDATE generations SET status = 'processing', attempts = ?, started_at = ?,"
                       " progress = 0, step = ?, lease_owner = ?, lease_expires_at = ?, holds_slot = 1"
                       " WHERE id = ? AND run = ? AND status = 'pending'");
    QVariantMap details{{QStringLiteral("run"), run}, {QStringLiteral("attempt"), attempt}};
    if (!unleased)
        details.insert(QStringLiteral("leaseOwner"), lease.owner);
    if (!Sql::run(query, sql,
                  {attempt, nowMs, QStringLiteral("Starting"), nullOr(unleased, lease.owner),
                   nullOr(unleased, lease.expiresAtMs), id, run},
                  what, &error) ||
        query.numRowsAffected() != 1 ||
        !Sql::run(query, QStringLiteral("DELETE FROM queue_waiters WHERE owner = ?"),
                  {nullOr(unleased, lease.owner)}, what, &error) ||
        !m_events.write(nowMs, profileId, id, QStringLiteral("started"), details, &error) ||
        !transaction.commit(&error))
        return Claim::Busy;
    return Claim::Claimed;
}

JobLeases::Room JobLeases::roomFor(const QString &provider, const QString &owner, const Limits &limits,
                                   qint64 nowMs, GenerationError *error)
{
    if (limits.global <= 0 && limits.provider <= 0)
        return Room::Free;
    // Few rows are processing at any time, and the status index finds them.
    const QString what = QStringLiteral("Could not count the running generations");
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral(
                      "SELECT COUNT(*), COALESCE(SUM(provider = ?), 0), COALESCE(SUM(lease_owner = ?), 0)"
                      " FROM generations"
                      " WHERE status = 'processing' AND holds_slot = 1 AND lease_expires_at > ?"),
                  {provider, owner, nowMs}, what, error) ||
        !query.next())
        return Room::ProviderTaken;
    const int running = query.value(0).toInt();
    const int ofProvider = query.value(1).toInt();
    const int mine = query.value(2).toInt();
    query.finish();
    if (limits.global > 0 && running >= limits.global)
        return Room::AllTaken;
    if (limits.provider > 0 && ofProvider >= limits.provider)
        return Room::ProviderTaken;
    if (owner.isEmpty() || limits.global <= 0)
        return Room::Free;
    // Other processes wait for a slot: this one takes no more than an even share, or it would take every
    // slot that frees, as it frees it, before they ask again.
    if (!Sql::run(query, QStringLiteral("SELECT COUNT(*) FROM queue_waiters WHERE owner <> ? AND until > ?"),
                  {owner, nowMs}, what, error) ||
        !query.next())
        return Room::ProviderTaken;
    const int waiting = query.value(0).toInt();
    return waiting > 0 && (mine + 1) * (waiting + 1) > limits.global ? Room::Shared : Room::Free;
}

std::optional<QList<qint64>> JobLeases::renew(const QHash<qint64, int> &running, const JobLease &lease)
{
    QList<qint64> held;
    if (running.isEmpty())
        return held;
    QStringList marks;
    QVariantList values{lease.expiresAtMs, lease.owner};
    for (auto it = running.cbegin(); it != running.cend(); ++it) {
        marks.append(QStringLiteral("?"));
        values.append(it.key());
    }
    const QString sql =
        QStringLiteral("UPDATE generations SET lease_expires_at = ?"
                       " WHERE lease_owner = ? AND status = 'processing' AND id IN (%1) RETURNING id, run")
            .arg(marks.join(QLatin1Char(',')));
    Statement query(m_db);
    if (!Sql::run(query, sql, values, QStringLiteral("Could not renew the leases of the running generations"),
                  nullptr))
        return std::nullopt;
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        if (running.value(id) == query.value(1).toInt())
            held.append(id);
    }
    if (query.lastError().isValid())
        return std::nullopt;
    return held;
}

bool JobLeases::releaseSlot(qint64 id, int run, const JobLease &lease, GenerationError *error)
{
    Statement query(m_db);
    return Sql::run(query,
                    QStringLiteral("UPDATE generations SET holds_slot = 0, lease_expires_at = ?"
                                   " WHERE id = ? AND run = ? AND status = 'processing' AND lease_owner = ?"),
                    {lease.expiresAtMs, id, run, lease.owner},
                    QStringLiteral("Could not record that generation %1 is saving").arg(id), error) &&
           query.numRowsAffected() == 1;
}

void JobLeases::stopWaiting(const QString &owner)
{
    Statement query(m_db);
    Sql::run(query, QStringLiteral("DELETE FROM queue_waiters WHERE owner = ?"), {owner},
             QStringLiteral("Could not leave the queue"), nullptr);
}

RecoveryReport JobLeases::recoverExpired(int maxAttempts, qint64 nowMs)
{
    struct Interrupted
    {
        qint64 id = 0;
        qint64 profileId = 0;
        int run = 0;
        int attempts = 0;
        QString owner;
    };
    const QString what = QStringLiteral("Could not recover the interrupted generations");
    GenerationError error;
    Transaction transaction(m_db, what, &error);
    if (!transaction.isActive())
        return {};
    QList<Interrupted> interrupted;
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral(
                      "SELECT id, profile_id, run, attempts, lease_owner FROM generations"
                      " WHERE status = 'processing' AND (lease_expires_at IS NULL OR lease_expires_at <= ?)"
                      " ORDER BY id"),
                  {nowMs}, what, &error))
        return {};
    while (query.next())
        interrupted.append({query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toInt(),
                            query.value(3).toInt(), query.value(4).toString()});
    query.finish();

    RecoveryReport report;
    const QString message =
        QStringLiteral("Atelier stopped while this was running, and it had no attempts left.");
    for (const Interrupted &job : std::as_const(interrupted)) {
        const bool requeue = job.attempts < maxAttempts;
        QVariantMap details{{QStringLiteral("run"), job.run}, {QStringLiteral("attempt"), job.attempts}};
        if (!job.owner.isEmpty())
            details.insert(QStringLiteral("leaseOwner"), job.owner);
        bool ok = false;
        if (requeue) {
            ok = Sql::run(query,
                          QStringLiteral("UPDATE generations SET status = 'pending', progress = 0, step = ''"
                                         " WHERE id = ? AND status = 'processing'"),
                          {job.id}, what, &error) &&
                 m_events.write(nowMs, job.profileId, job.id, QStringLiteral("requeued"), details, &error);
        } else {
            details.insert(QStringLiteral("category"), categoryName(GenerationError::Category::Internal));
            details.insert(QStringLiteral("message"), message);
            ok = Sql::run(
                     query,
                     QStringLiteral("UPDATE generations SET status = 'failed', error_category = 'internal',"
                                    " error_message = ?, http_status = NULL, finished_at = ?"
                                    " WHERE id = ? AND status = 'processing'"),
                     {message, nowMs, job.id}, what, &error) &&
                 (m_ledger.refund(job.id, job.run, nowMs, &error) || !error.isError()) &&
                 m_events.write(nowMs, job.profileId, job.id, QStringLiteral("failed"), details, &error);
        }
        if (!ok)
            return {};
        (requeue ? report.requeued : report.failed).append(job.id);
    }
    if (!transaction.commit(&error))
        return {};
    return report;
}

} // namespace atelier
