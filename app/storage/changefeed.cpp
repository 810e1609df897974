#include "changefeed.h"

#include "generationrow.h"
#include "sql.h"
#include "statement.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace atelier {

namespace {

// More changed generations than this at once (an import, a reader that slept) are cheaper to read again
// as a whole than one by one.
constexpr int kMostChanged = 2000;

const QString kReadFailed = QStringLiteral("Could not read what changed");
// The number of the newest change, pruned or not (AUTOINCREMENT keeps it in sqlite_sequence).
const QString kLastSql =
    QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'generation_changes'");

} // namespace

qint64 ChangeFeed::last() const
{
    Statement query(m_db);
    if (!Sql::run(query, kLastSql, {}, kReadFailed, nullptr) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

qint64 ChangeFeed::lastGenerationId() const
{
    Statement query(m_db);
    if (!Sql::run(query, QStringLiteral("SELECT MAX(id) FROM generations"), {}, kReadFailed, nullptr) ||
        !query.next())
        return 0;
    return query.value(0).toLongLong();
}

std::optional<ChangeFeed::Changes> ChangeFeed::since(qint64 point) const
{
    Changes changes;
    changes.last = point;
    Statement query(m_db);
    // The first change kept tells whether any after the point was pruned; SQLite keeps the newest number
    // even when every row was.
    if (!Sql::run(query,
                  QStringLiteral("SELECT (SELECT MIN(seq) FROM generation_changes), (%1)").arg(kLastSql), {},
                  kReadFailed, nullptr) ||
        !query.next())
        return std::nullopt;
    changes.last = std::max(point, query.value(1).toLongLong());
    if (changes.last == point)
        return changes;
    const qint64 first = query.value(0).isNull() ? changes.last + 1 : query.value(0).toLongLong();
    if (first > point + 1) {
        changes.complete = false;
        return changes;
    }
    query.finish();
    if (!Sql::run(query,
                  QStringLiteral("SELECT DISTINCT generation_id FROM generation_changes"
                                 " WHERE seq > ? AND seq <= ? LIMIT ?"),
                  {point, changes.last, kMostChanged + 1}, kReadFailed, nullptr))
        return std::nullopt;
    QJsonArray ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    if (ids.size() > kMostChanged) {
        changes.complete = false;
        return changes;
    }
    const QVariant idList = QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact));
    changes.changed = GenerationRow::select(
        m_db,
        QStringLiteral(
            "WHERE g.id IN (SELECT value FROM json_each(?)) AND g.deleted_at IS NULL ORDER BY g.id"),
        {idList});
    query.finish();
    if (!Sql::run(query,
                  QStringLiteral("SELECT id, profile_id FROM generations"
                                 " WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NOT NULL"),
                  {idList}, kReadFailed, nullptr))
        return std::nullopt;
    while (query.next())
        changes.gone.insert(query.value(0).toLongLong(), query.value(1).toLongLong());
    return changes;
}

void ChangeFeed::prune(qint64 keep) const
{
    Statement query(m_db);
    Sql::run(query,
             QStringLiteral("DELETE FROM generation_changes"
                            " WHERE seq <= (SELECT MAX(seq) FROM generation_changes) - ?"),
             {keep}, QStringLiteral("Could not prune the change feed"), nullptr);
}

} // namespace atelier
