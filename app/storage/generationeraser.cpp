#include "generationeraser.h"

#include "generationrow.h"
#include "sql.h"
#include "transaction.h"

namespace atelier {

bool GenerationEraser::erase(qint64 id, qint64 profileId, qint64 nowMs, QStringList *resultPaths,
                             GenerationError *error, const QList<CloudAsset> *removeRemote, bool fromTrash)
{
    const QString what = QStringLiteral("Could not delete generation %1").arg(id);
    GenerationError failure;
    Transaction transaction(m_db, what, &failure);
    Statement query(m_db);
    if (!transaction.isActive() ||
        !Sql::run(query,
                  QStringLiteral("SELECT result_paths FROM generations WHERE id = ? AND profile_id = ?"
                                 " AND erased_at IS NULL AND deleted_at IS %1")
                      .arg(fromTrash ? QStringLiteral("NOT NULL") : QStringLiteral("NULL")),
                  {id, profileId}, what, &failure)) {
        *error = failure;
        return false;
    }
    if (!query.next()) {
        *error = GenerationError::make(
            GenerationError::Category::Validation,
            fromTrash ? QStringLiteral("Generation %1 is not in the trash of this profile.").arg(id)
                      : QStringLiteral("There is no generation %1 of this profile.").arg(id));
        return false;
    }
    const QStringList paths = Sql::stringList(query.value(0).toString());
    query.finish();
    // Only ended generations: a running one would write its files after they were removed.
    QString cloud;
    QVariantList values{nowMs, nowMs};
    if (removeRemote && !removeRemote->isEmpty()) {
        cloud = QStringLiteral(", cloud_state = 'removing', cloud_error = NULL, cloud_assets = ?");
        values << GenerationRow::cloudAssetsJson(*removeRemote);
    }
    values << id;
    if (!Sql::run(query,
                  QStringLiteral("UPDATE generations SET deleted_at = COALESCE(deleted_at, ?), erased_at = ?,"
                                 " prompt = '', custom_prompt = '',"
                                 " product_images = '[]', model_images = '[]', parameters = '{}',"
                                 " result_paths = '[]', step = '', favorite = 0, rating = 0%1 WHERE id = ?"
                                 " AND status IN ('completed', 'failed', 'cancelled')")
                      .arg(cloud),
                  values, what, &failure)) {
        *error = failure;
        return false;
    }
    if (query.numRowsAffected() != 1) {
        *error = GenerationError::make(GenerationError::Category::Validation,
                                       QStringLiteral("Generation %1 has not ended yet.").arg(id));
        return false;
    }
    query.finish();
    // A tombstone is on no board and carries no tags: they would count it.
    for (const QString &table : {QStringLiteral("generation_tags"), QStringLiteral("board_items")}) {
        if (!Sql::run(query, QStringLiteral("DELETE FROM %1 WHERE generation_id = ?").arg(table), {id}, what,
                      &failure)) {
            *error = failure;
            return false;
        }
    }
    const QVariantMap details{{QStringLiteral("images"), paths.size()}};
    if (!m_events.write(nowMs, profileId, id, QStringLiteral("deleted"), details, &failure) ||
        !transaction.commit(&failure)) {
        *error = failure;
        return false;
    }
    *resultPaths = paths;
    return true;
}

} // namespace atelier
