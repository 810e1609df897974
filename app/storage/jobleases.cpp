#include "jobleases.h"

#include "eventlog.h"
#include "ledger.h"
#include "queuesteering.h"
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

namespace {

// Another process held the database too long: worth asking again soon, unlike a disk or file that fails.
JobLeases::Claim refused(const GenerationError &error)
{
    return error.retryable ? JobLeases::Claim::Busy : JobLeases::Claim::Failed;
}

} // namespace

JobLeases::Claim JobLeases::claim(qint64 id, int run, int attempt, const JobLease &lease,
                                  const Limits &limits, qint64 nowMs)
{
    // A claim that fails on the database is tried again later, as one refused for the limits is.
    const QString what = QStringLiteral("Could not start generation %1").arg(id);
    const QString pending = QStringLiteral("SELECT profile_id, provider FROM generations"
                                           " WHERE id = ? AND run = ? AND status = 'pending' AND held = 0");
    GenerationError error;
    Statement query(m_db);
    // Read before the write lock (under WAL a reader waits for no writer): an entry that is stale
    // (cancelled, or taken by another process) never makes every other process's writes wait.
    if (!Sql::run(query, pending, {id, run}, what, &error))
        return refused(error);
    if (!query.next())
        return Claim::Gone;
    query.finish();

    Transaction transaction(m_db, what, &error);
    if (!transaction.isActive())
        return refused(error);
    if (!Sql::run(query, pending, {id, run}, what, &error))
        return refused(error);
    if (!query.next())
        return Claim::Gone;
    const qint64 profileId = query.value(0).toLongLong();
    const QString provider = query.value(1).toString();
    query.finish();
    const bool unleased = lease.owner.isEmpty();
    // Paused in any process: checked under the write lock, so no claim slips past a pause just written.
    if (!unleased && m_steering.isPaused())
        return Claim::Paused;
    const Room room = roomFor(provider, lease.owner, limits, nowMs, &error);
    if (error.isError())
        return refused(error);
    if (room == Room::AllTaken && !unleased) {
        // Known to wait until this process's next heartbeat and a second more; it asks again by then. The
        // row is rewritten only once half of that has passed: a commit that changes nothing leaves
        // data_version alone, so waiting processes asking again do not wake each other. Rows of processes
        // that died are removed once they ran out.
        const qint64 span = (lease.expiresAtMs - nowMs) / 3 + 1000;
        if (Sql::run(query, QStringLiteral("DELETE FROM queue_waiters WHERE until < ?"), {nowMs}, what,
                     &error) &&
            Sql::run(query,
                     QStringLiteral("INSERT INTO queue_waiters (owner, until) VALUES (?, ?)"
                                    " ON CONFLICT(owner) DO UPDATE SET until = excluded.until"
                                    " WHERE queue_waiters.until < ?"),
                     {lease.owner, nowMs + span, nowMs + span / 2}, what, &error))
            transaction.commit(&error);
    }
    switch (room) {
    case Room::Free:
        break;
    case Room::AllTaken:
        return Claim::AllTaken;
    case Room::ProviderTaken:
        return Claim::ProviderTaken;
    case Room::Shared:
        return Claim::Shared;
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
        return refused(error);
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
        return Room::AllTaken;
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
        return Room::AllTaken;
    const int waiting = query.value(0).toInt();
    return waiting > 0 && (mine + 1) * (waiting + 1) > limits.global ? Room::Shared : Room::Free;
}

std::optional<QList<qint64>> JobLeases::renew(const QHash<qint64, int> &running, const JobLease &lease,
                                              GenerationError *error)
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
    const QString what = QStringLiteral("Could not renew the leases of the running generations");
    if (!Sql::run(query, sql, values, what, error))
        return std::nullopt;
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        if (running.value(id) == query.value(1).toInt())
            held.append(id);
    }
    if (query.lastError().isValid()) {
        const GenerationError failure = Sql::error(what, query.lastError());
        if (error)
            *error = failure;
        return std::nullopt;
    }
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

RecoveryReport JobLeases::recoverExpired(int maxAttempts, qint64 nowMs, const QList<qint64> &runsHere,
                                         const OwnerGone &ownerGone)
{
    struct Interrupted
    {
        qint64 id = 0;
        qint64 profileId = 0;
        int run = 0;
        int attempts = 0;
        QString owner;
        bool ownerGone = false; // recovered before its lease ran out
    };
    const QString what = QStringLiteral("Could not recover the interrupted generations");
    GenerationError error;
    Statement query(m_db);
    const auto expired = [&] {
        QList<Interrupted> found;
        // Few rows are processing at any time: every live lease is read when its owner may be gone.
        if (!Sql::run(
                query,
                QStringLiteral("SELECT id, profile_id, run, attempts, lease_owner,"
                               " lease_expires_at IS NULL OR lease_expires_at <= ? FROM generations"
                               " WHERE status = 'processing'"
                               " AND (lease_expires_at IS NULL OR lease_expires_at <= ? OR ?) ORDER BY id"),
                {nowMs, nowMs, bool(ownerGone)}, what, &error))
            return found;
        while (query.next()) {
            const qint64 id = query.value(0).toLongLong();
            const QString owner = query.value(4).toString();
            const bool expired = query.value(5).toBool();
            if (runsHere.contains(id) || (!expired && !ownerGone(owner)))
                continue;
            found.append({id, query.value(1).toLongLong(), query.value(2).toInt(), query.value(3).toInt(),
                          owner, !expired});
        }
        query.finish();
        return found;
    };
    // Nearly every heartbeat finds nothing: a read, which waits for no writer, says whether the write lock
    // that every process's writes wait for is needed at all.
    if (expired().isEmpty())
        return {};
    Transaction transaction(m_db, what, &error);
    if (!transaction.isActive())
        return {};
    const QList<Interrupted> interrupted = expired(); // again: another process may have recovered them
    if (error.isError())
        return {};

    RecoveryReport report;
    const QString message =
        QStringLiteral("Atelier stopped while this was running, and it had no attempts left.");
    for (const Interrupted &job : std::as_const(interrupted)) {
        const bool requeue = job.attempts < maxAttempts;
        QVariantMap details{{QStringLiteral("run"), job.run}, {QStringLiteral("attempt"), job.attempts}};
        if (!job.owner.isEmpty())
            details.insert(QStringLiteral("leaseOwner"), job.owner);
        if (job.ownerGone)
            details.insert(QStringLiteral("ownerGone"), true);
        bool ok = false;
        if (requeue) {
            ok = Sql::run(query,
                          QStringLiteral("UPDATE generations SET status = 'pending', progress = 0, step = '',"
                                         " lease_owner = NULL, lease_expires_at = NULL, holds_slot = 0"
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
        report.stopped.insert(job.id, {job.run, job.owner.isEmpty() ? 0 : job.attempts});
    }
    if (!transaction.commit(&error))
        return {};
    return report;
}

} // namespace atelier
