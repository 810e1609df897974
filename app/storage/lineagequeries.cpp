#include "lineagequeries.h"

#include "generationrow.h"
#include "sql.h"
#include "statement.h"

namespace atelier {

GenerationFamily LineageQueries::family(qint64 profileId, qint64 id) const
{
    GenerationFamily family;
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral("SELECT parent_id FROM generations"
                                 " WHERE id = ? AND profile_id = ? AND deleted_at IS NULL"),
                  {id, profileId}, QStringLiteral("Could not read the family of a generation"), nullptr) ||
        !query.next())
        return family;
    family.parentId = query.value(0).toLongLong();
    family.variations = variationsOf(profileId, id, 0, &family.variationCount);
    if (family.parentId == 0)
        return family;
    family.parentState = GenerationFamily::ParentState::Erased;
    const QString parentSql = QStringLiteral("SELECT g.deleted_at, g.erased_at, %1 FROM generations g"
                                             " WHERE g.id = ? AND g.profile_id = ?")
                                  .arg(GenerationRow::tileColumns());
    if (Sql::run(query, parentSql, {family.parentId, profileId},
                 QStringLiteral("Could not read the family of a generation"), nullptr) &&
        query.next()) {
        if (query.value(0).isNull()) {
            family.parentState = GenerationFamily::ParentState::InHistory;
            family.parent = GenerationRow::readTile(query, 2);
        } else if (query.value(1).isNull()) {
            family.parentState = GenerationFamily::ParentState::InTrash;
        }
    }
    family.siblings = variationsOf(profileId, family.parentId, id, &family.siblingCount);
    return family;
}

QList<GenerationTile> LineageQueries::variationsOf(qint64 profileId, qint64 parentId, qint64 except,
                                                   int *count) const
{
    QList<GenerationTile> tiles;
    *count = 0;
    Statement query(m_db);
    // The count over every match, taken before the limit.
    const QString sql =
        QStringLiteral("SELECT COUNT(*) OVER (), %1 FROM generations g WHERE g.parent_id = ? AND g.id <> ?"
                       " AND g.profile_id = ? AND g.deleted_at IS NULL ORDER BY g.id DESC LIMIT ?")
            .arg(GenerationRow::tileColumns());
    if (!Sql::run(query, sql, {parentId, except, profileId, GenerationFamily::kMaxListed},
                  QStringLiteral("Could not read the variations of a generation"), nullptr))
        return tiles;
    while (query.next()) {
        *count = query.value(0).toInt();
        tiles.prepend(GenerationRow::readTile(query, 1));
    }
    return tiles;
}

} // namespace atelier
