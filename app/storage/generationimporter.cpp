#include "generationimporter.h"

#include "generationrow.h"
#include "sql.h"
#include "transaction.h"

#include <QFileInfo>

namespace atelier {

GenerationImporter::Result GenerationImporter::import(const Generation &generation, const QString &source,
                                                      qint64 nowMs, const FileWriter &writeFiles)
{
    Result result;
    const qint64 profileId = generation.request.profileId;
    const QString what = QStringLiteral("Could not import %1").arg(QFileInfo(source).fileName());
    Transaction transaction(m_db, what, &result.error);
    if (!transaction.isActive())
        return result;
    Statement query(m_db);
    // Read under the write lock, so two imports of one file cannot both pass.
    if (!Sql::run(query,
                  QStringLiteral("SELECT id, erased_at IS NOT NULL FROM generations"
                                 " WHERE profile_id = ? AND imported_sha256 = ?"),
                  {profileId, generation.importedSha256}, what, &result.error))
        return result;
    if (query.next()) {
        const qint64 earlier = query.value(0).toLongLong();
        // One in the trash counts as imported: it can be restored.
        if (!query.value(1).toBool()) {
            result.outcome = Outcome::AlreadyImported;
            result.id = earlier;
            return result;
        }
        query.finish();
        // An erased import keeps its tombstone; the person may bring the file back.
        if (!Sql::run(query, QStringLiteral("UPDATE generations SET imported_sha256 = NULL WHERE id = ?"),
                      {earlier}, what, &result.error))
            return result;
    }
    query.finish();

    Generation row = generation;
    row.status = GenerationStatus::Completed;
    row.progress = 100;
    row.tokensReserved = 0;
    row.tokensCharged = 0;
    row.resultPaths.clear();
    QVariantList values = GenerationRow::insertValues(row);
    values << Sql::msOrNull(row.startedAt) << Sql::msOrNull(row.finishedAt);
    QStringList marks;
    marks.fill(QStringLiteral("?"), values.size());
    const QString insert = QStringLiteral("INSERT INTO generations (%1, started_at, finished_at) VALUES (%2)")
                               .arg(GenerationRow::insertColumns(), marks.join(QLatin1Char(',')));
    if (!Sql::run(query, insert, values, what, &result.error))
        return result;
    const qint64 id = query.lastInsertId().toLongLong();
    query.finish();

    const QStringList paths = writeFiles(id, &result.error);
    if (paths.isEmpty())
        return result;
    const QVariantMap details{{QStringLiteral("file"), QFileInfo(source).fileName()},
                              {QStringLiteral("sha256"), generation.importedSha256},
                              {QStringLiteral("images"), paths.size()}};
    if (!Sql::run(query, QStringLiteral("UPDATE generations SET result_paths = ? WHERE id = ?"),
                  {Sql::json(paths), id}, what, &result.error) ||
        !m_events.write(nowMs, profileId, id, QStringLiteral("imported"), details, &result.error) ||
        !transaction.commit(&result.error))
        return result;
    result.outcome = Outcome::Imported;
    result.id = id;
    return result;
}

} // namespace atelier
