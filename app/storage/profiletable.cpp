#include "profiletable.h"

#include "eventlog.h"
#include "ledger.h"
#include "sql.h"
#include "transaction.h"

namespace atelier {

namespace {

constexpr int kMaxName = 64;

GenerationError validation(const QString &message)
{
    return GenerationError::make(GenerationError::Category::Validation, message);
}

// Hands the error to a caller that asked for it, and reports failure.
bool fail(GenerationError *target, const GenerationError &error)
{
    if (target)
        *target = error;
    return false;
}

} // namespace

std::optional<Profile> ProfileTable::create(const QString &name, qint64 initialGrant, qint64 nowMs,
                                            GenerationError *error)
{
    const QString trimmed = name.trimmed();
    if (initialGrant < 0) {
        fail(error, validation(QStringLiteral("A profile's first grant cannot be negative.")));
        return std::nullopt;
    }
    GenerationError failure;
    Transaction transaction(m_db, QStringLiteral("Could not create the profile"), &failure);
    if (!transaction.isActive() || (failure = checkName(trimmed, 0)).isError()) {
        fail(error, failure);
        return std::nullopt;
    }
    Statement query(m_db);
    if (!Sql::run(query, QStringLiteral("INSERT INTO profiles (name, created_at) VALUES (?, ?)"),
                  {trimmed, nowMs}, QStringLiteral("Could not create the profile \"%1\"").arg(trimmed),
                  &failure)) {
        fail(error, failure);
        return std::nullopt;
    }
    const qint64 id = query.lastInsertId().toLongLong();
    const QVariantMap details{{QStringLiteral("name"), trimmed}, {QStringLiteral("grant"), initialGrant}};
    if ((initialGrant > 0 &&
         !m_ledger.grant(id, initialGrant, QStringLiteral("first grant"), nowMs, &failure)) ||
        !m_events.write(nowMs, id, 0, QStringLiteral("profile_created"), details, &failure) ||
        !transaction.commit(&failure)) {
        fail(error, failure);
        return std::nullopt;
    }
    return Profile{id, trimmed, QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC), initialGrant};
}

bool ProfileTable::rename(qint64 profileId, const QString &name, qint64 nowMs, GenerationError *error)
{
    const QString trimmed = name.trimmed();
    GenerationError failure;
    Transaction transaction(m_db, QStringLiteral("Could not rename the profile"), &failure);
    if (!transaction.isActive())
        return fail(error, failure);
    const std::optional<Profile> before = byId(profileId);
    if (!before)
        return fail(error, validation(QStringLiteral("There is no profile with the id %1.").arg(profileId)));
    if ((failure = checkName(trimmed, profileId)).isError())
        return fail(error, failure);
    Statement query(m_db);
    const QVariantMap details{{QStringLiteral("from"), before->name}, {QStringLiteral("to"), trimmed}};
    if (!Sql::run(query, QStringLiteral("UPDATE profiles SET name = ? WHERE id = ?"), {trimmed, profileId},
                  QStringLiteral("Could not rename the profile \"%1\"").arg(before->name), &failure) ||
        !m_events.write(nowMs, profileId, 0, QStringLiteral("profile_renamed"), details, &failure) ||
        !transaction.commit(&failure))
        return fail(error, failure);
    return true;
}

bool ProfileTable::topUp(qint64 profileId, qint64 amount, const QString &note, qint64 nowMs,
                         GenerationError *error)
{
    if (amount <= 0)
        return fail(error, validation(QStringLiteral("A top-up must be more than 0 tokens.")));
    GenerationError failure;
    Transaction transaction(m_db, QStringLiteral("Could not add the tokens"), &failure);
    const QVariantMap details{{QStringLiteral("amount"), amount}, {QStringLiteral("note"), note}};
    if (!transaction.isActive() || !exists(profileId, &failure) ||
        !m_ledger.topUp(profileId, amount, note, nowMs, &failure) ||
        !m_events.write(nowMs, profileId, 0, QStringLiteral("topup"), details, &failure) ||
        !transaction.commit(&failure))
        return fail(error, failure);
    return true;
}

QList<Profile> ProfileTable::list() const
{
    QList<Profile> profiles;
    Statement query(m_db);
    const QString sql =
        QStringLiteral("SELECT p.id, p.name, p.created_at, p.balance FROM profiles p ORDER BY p.id");
    if (!Sql::run(query, sql, {}, QStringLiteral("Could not read the profiles"), nullptr))
        return profiles;
    while (query.next())
        profiles.append({query.value(0).toLongLong(), query.value(1).toString(),
                         Sql::dateTime(query.value(2)), query.value(3).toLongLong()});
    return profiles;
}

std::optional<Profile> ProfileTable::byId(qint64 profileId) const
{
    return read(QStringLiteral("id = ?"), profileId);
}

std::optional<Profile> ProfileTable::byName(const QString &name) const
{
    // The column's NOCASE collation makes this ignore case, like the uniqueness rule.
    return read(QStringLiteral("name = ?"), name.trimmed());
}

bool ProfileTable::exists(qint64 profileId, GenerationError *error) const
{
    Statement query(m_db);
    if (!Sql::run(query, QStringLiteral("SELECT 1 FROM profiles WHERE id = ?"), {profileId},
                  QStringLiteral("Could not read the profile"), error))
        return false;
    if (query.next())
        return true;
    return fail(error, validation(QStringLiteral("There is no profile with the id %1.").arg(profileId)));
}

GenerationError ProfileTable::checkName(const QString &name, qint64 profileId) const
{
    if (name.isEmpty())
        return validation(QStringLiteral("A profile needs a name."));
    if (name.size() > kMaxName)
        return validation(QStringLiteral("A profile name can be at most %1 characters; this one has %2.")
                              .arg(kMaxName)
                              .arg(name.size()));
    GenerationError error;
    Statement query(m_db);
    if (!Sql::run(query, QStringLiteral("SELECT 1 FROM profiles WHERE name = ? AND id <> ?"),
                  {name, profileId}, QStringLiteral("Could not check the profile names"), &error))
        return error;
    if (query.next())
        return validation(QStringLiteral("A profile named \"%1\" already exists.").arg(name));
    return error;
}

std::optional<Profile> ProfileTable::read(const QString &condition, const QVariant &value) const
{
    Statement query(m_db);
    const QString sql = QStringLiteral("SELECT id, name, created_at FROM profiles WHERE %1").arg(condition);
    if (!Sql::run(query, sql, {value}, QStringLiteral("Could not read the profile"), nullptr) ||
        !query.next())
        return std::nullopt;
    return Profile{query.value(0).toLongLong(), query.value(1).toString(), Sql::dateTime(query.value(2)),
                   m_ledger.balance(query.value(0).toLongLong())};
}

} // namespace atelier
