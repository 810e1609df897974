#include "trashtable.h"

#include "eventlog.h"
#include "generationrow.h"
#include "sql.h"
#include "statement.h"
#include "transaction.h"

#include <QSet>

namespace atelier {

namespace {

constexpr auto kInTrash = "g.deleted_at IS NOT NULL AND g.erased_at IS NULL";

} // namespace

bool TrashTable::trash(const QList<qint64> &ids, qint64 profileId, qint64 nowMs, GenerationError *error)
{
    // Only ended ones: a running job would write its files into a result the person has put away.
    return move(
        ids, profileId, nowMs,
        QStringLiteral("g.deleted_at IS NULL AND g.status IN ('completed', 'failed', 'cancelled')"), nowMs,
        QStringLiteral("trashed"), QStringLiteral("Could not move to the trash"),
        [this, profileId](qint64 id) { return whyNotInHistory(id, profileId); }, error);
}

bool TrashTable::restore(const QList<qint64> &ids, qint64 profileId, qint64 nowMs, GenerationError *error)
{
    return move(
        ids, profileId, nowMs, QString::fromLatin1(kInTrash), QVariant(), QStringLiteral("restored"),
        QStringLiteral("Could not restore from the trash"),
        [](qint64 id) {
            return QStringLiteral("Generation %1 is not in the trash of this profile.").arg(id);
        },
        error);
}

QString TrashTable::whyNotInHistory(qint64 id, qint64 profileId) const
{
    Statement query(m_db);
    if (Sql::run(
            query,
            QStringLiteral("SELECT deleted_at IS NOT NULL, status IN ('completed', 'failed', 'cancelled')"
                           " FROM generations WHERE id = ? AND profile_id = ? AND erased_at IS NULL"),
            {id, profileId}, QStringLiteral("Could not read generation %1").arg(id), nullptr) &&
        query.next()) {
        if (query.value(0).toBool())
            return QStringLiteral("Generation %1 is in the trash already.").arg(id);
        if (!query.value(1).toBool())
            return QStringLiteral("Generation %1 has not ended yet: cancel it first.").arg(id);
    }
    return QStringLiteral("There is no generation %1 of this profile.").arg(id);
}

bool TrashTable::move(const QList<qint64> &ids, qint64 profileId, qint64 nowMs, const QString &condition,
                      const QVariant &deletedAt, const QString &event, const QString &what,
                      const std::function<QString(qint64)> &missing, GenerationError *error)
{
    if (ids.isEmpty()) {
        *error = GenerationError::make(GenerationError::Category::Validation,
                                       QStringLiteral("Choose at least one generation."));
        return false;
    }
    QVariantList idList;
    for (const qint64 id : ids)
        idList.append(id);
    const QString json = Sql::json(ids);
    Transaction transaction(m_db, what, error);
    if (!transaction.isActive())
        return false;
    Statement query(m_db);
    if (!Sql::run(
            query,
            QStringLiteral("SELECT g.id FROM generations g WHERE g.id IN (SELECT value FROM json_each(?))"
                           " AND g.profile_id = ? AND %1")
                .arg(condition),
            {json, profileId}, what, error))
        return false;
    QSet<qint64> found;
    while (query.next())
        found.insert(query.value(0).toLongLong());
    query.finish();
    for (const qint64 id : ids) {
        if (!found.contains(id)) {
            *error = GenerationError::make(GenerationError::Category::Validation, missing(id));
            return false;
        }
    }
    const QVariantMap details{{QStringLiteral("ids"), idList}};
    return Sql::run(query,
                    QStringLiteral("UPDATE generations SET deleted_at = ?"
                                   " WHERE id IN (SELECT value FROM json_each(?))"),
                    {deletedAt, json}, what, error) &&
           m_events.write(nowMs, profileId, ids.size() == 1 ? ids.first() : 0, event, details, error) &&
           transaction.commit(error);
}

QList<Generation> TrashTable::list(qint64 profileId, const QList<qint64> &ids) const
{
    QString only;
    QVariantList values{profileId};
    if (!ids.isEmpty()) {
        only = QStringLiteral(" AND g.id IN (SELECT value FROM json_each(?))");
        values << Sql::json(ids);
    }
    return GenerationRow::select(
        m_db,
        QStringLiteral("WHERE g.profile_id = ? AND %1%2 ORDER BY g.deleted_at DESC, g.id DESC")
            .arg(kInTrash, only),
        values);
}

int TrashTable::count(qint64 profileId) const
{
    Statement query(m_db);
    if (!Sql::run(
            query,
            QStringLiteral("SELECT COUNT(*) FROM generations g WHERE g.profile_id = ? AND %1").arg(kInTrash),
            {profileId}, QStringLiteral("Could not count the trash"), nullptr) ||
        !query.next())
        return 0;
    return query.value(0).toInt();
}

QList<qint64> TrashTable::ids() const
{
    QList<qint64> ids;
    Statement query(m_db);
    if (!Sql::run(query, QStringLiteral("SELECT g.id FROM generations g WHERE %1").arg(kInTrash), {},
                  QStringLiteral("Could not read the trash"), nullptr))
        return ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return ids;
}

QList<Generation> TrashTable::trashedBefore(qint64 beforeMs) const
{
    return GenerationRow::select(
        m_db, QStringLiteral("WHERE %1 AND g.deleted_at < ? ORDER BY g.deleted_at").arg(kInTrash),
        {beforeMs});
}

} // namespace atelier
