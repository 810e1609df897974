#include "ledger.h"

#include "sql.h"

namespace atelier {

namespace {

std::optional<LedgerEntry::Kind> kindFromName(const QString &name)
{
    for (const auto kind : {LedgerEntry::Kind::Grant, LedgerEntry::Kind::TopUp, LedgerEntry::Kind::Reserve,
                            LedgerEntry::Kind::Settle, LedgerEntry::Kind::Refund}) {
        if (ledgerKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

bool refusePositive(qint64 amount, const QString &what, GenerationError *error)
{
    if (amount > 0)
        return false;
    if (error)
        *error = GenerationError::make(
            GenerationError::Category::Validation,
            QStringLiteral("%1 must be more than 0 tokens, not %2.").arg(what).arg(amount));
    return true;
}

} // namespace

qint64 Ledger::balance(qint64 profileId) const
{
    return balance(profileId, nullptr);
}

qint64 Ledger::balance(qint64 profileId, GenerationError *error) const
{
    Statement query(m_db);
    if (!Sql::run(query, QStringLiteral("SELECT balance FROM profiles WHERE id = ?"), {profileId},
                  QStringLiteral("Could not read the token balance"), error) ||
        !query.next())
        return 0;
    return query.value(0).toLongLong();
}

QList<LedgerEntry> Ledger::entries(qint64 profileId, int limit) const
{
    QList<LedgerEntry> list;
    Statement query(m_db);
    const QString sql =
        QStringLiteral("SELECT id, profile_id, generation_id, run, kind, amount, at, note FROM ledger"
                       " WHERE profile_id = ? ORDER BY id DESC LIMIT ?");
    if (!Sql::run(query, sql, {profileId, limit}, QStringLiteral("Could not read the token ledger"), nullptr))
        return list;
    while (query.next()) {
        LedgerEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.profileId = query.value(1).toLongLong();
        entry.generationId = query.value(2).toLongLong();
        entry.run = query.value(3).toInt();
        entry.kind = kindFromName(query.value(4).toString()).value_or(LedgerEntry::Kind::Grant);
        entry.amount = query.value(5).toLongLong();
        entry.at = Sql::dateTime(query.value(6));
        entry.note = query.value(7).toString();
        list.append(entry);
    }
    return list;
}

qint64 Ledger::heldFor(qint64 generationId, int run) const
{
    const std::optional<Reservation> held = reservation(generationId, run, nullptr);
    return held && !held->ended ? held->held : 0;
}

bool Ledger::grant(qint64 profileId, qint64 amount, const QString &note, qint64 atMs, GenerationError *error)
{
    if (refusePositive(amount, QStringLiteral("A grant"), error))
        return false;
    return append({0, profileId, 0, 0, LedgerEntry::Kind::Grant, amount,
                   QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC), note},
                  error);
}

bool Ledger::topUp(qint64 profileId, qint64 amount, const QString &note, qint64 atMs, GenerationError *error)
{
    if (refusePositive(amount, QStringLiteral("A top-up"), error))
        return false;
    return append({0, profileId, 0, 0, LedgerEntry::Kind::TopUp, amount,
                   QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC), note},
                  error);
}

bool Ledger::reserve(qint64 profileId, qint64 generationId, int run, qint64 amount, qint64 atMs,
                     GenerationError *error)
{
    if (refusePositive(amount, QStringLiteral("A reservation"), error))
        return false;
    return append({0,
                   profileId,
                   generationId,
                   run,
                   LedgerEntry::Kind::Reserve,
                   -amount,
                   QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC),
                   {}},
                  error);
}

bool Ledger::settle(qint64 generationId, int run, qint64 charged, qint64 atMs, GenerationError *error)
{
    if (charged < 0) {
        if (error)
            *error = GenerationError::make(GenerationError::Category::Validation,
                                           QStringLiteral("A charge cannot be negative (%1).").arg(charged));
        return false;
    }
    const std::optional<Reservation> held = reservation(generationId, run, error);
    if (!held || held->ended)
        return false;
    return append({0, held->profileId, generationId, run, LedgerEntry::Kind::Settle, held->held - charged,
                   QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC), QStringLiteral("charged %1").arg(charged)},
                  error);
}

bool Ledger::refund(qint64 generationId, int run, qint64 atMs, GenerationError *error)
{
    const std::optional<Reservation> held = reservation(generationId, run, error);
    if (!held || held->ended)
        return false;
    return append({0,
                   held->profileId,
                   generationId,
                   run,
                   LedgerEntry::Kind::Refund,
                   held->held,
                   QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC),
                   {}},
                  error);
}

std::optional<Ledger::Reservation> Ledger::reservation(qint64 generationId, int run,
                                                       GenerationError *error) const
{
    Statement query(m_db);
    const QString sql = QStringLiteral(
        "SELECT profile_id, -amount, EXISTS (SELECT 1 FROM ledger WHERE generation_id = ? AND run = ?"
        "  AND kind IN ('settle', 'refund'))"
        " FROM ledger WHERE generation_id = ? AND run = ? AND kind = 'reserve'");
    if (!Sql::run(query, sql, {generationId, run, generationId, run},
                  QStringLiteral("Could not read the reservation of generation %1").arg(generationId),
                  error) ||
        !query.next())
        return std::nullopt;
    return Reservation{query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toBool()};
}

bool Ledger::append(const LedgerEntry &entry, GenerationError *error)
{
    Statement query(m_db);
    const QString sql =
        QStringLiteral("INSERT INTO ledger (profile_id, generation_id, run, kind, amount, at, note)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)");
    const QVariant generation =
        entry.generationId > 0 ? QVariant(entry.generationId) : QVariant(QMetaType::fromType<qint64>());
    if (query.exec(sql, {entry.profileId, generation, entry.run, ledgerKindName(entry.kind), entry.amount,
                         entry.at.toMSecsSinceEpoch(), entry.note}))
        return true;
    // The (generation, run, kind) key is taken: a replay, and nothing to write.
    if (Sql::isUniqueViolation(query.lastError()))
        return false;
    const GenerationError failure = Sql::error(
        QStringLiteral("Could not write the %1 to the token ledger").arg(ledgerKindName(entry.kind)),
        query.lastError());
    if (error)
        *error = failure;
    return false;
}

} // namespace atelier
