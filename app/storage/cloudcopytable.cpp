#include "cloudcopytable.h"

#include "eventlog.h"
#include "generationrow.h"
#include "sql.h"
#include "transaction.h"

namespace atelier {

bool CloudCopyTable::markPending(qint64 id, qint64 nowMs, GenerationError *error)
{
    return change(id, {QStringLiteral("none"), QStringLiteral("failed"), QStringLiteral("uploaded")},
                  QStringLiteral("pending"), {}, QStringLiteral("[]"), QStringLiteral("upload-started"),
                  nowMs, error);
}

bool CloudCopyTable::markUploaded(qint64 id, const QList<CloudAsset> &assets, qint64 nowMs)
{
    return change(id, {QStringLiteral("pending")}, QStringLiteral("uploaded"), {},
                  GenerationRow::cloudAssetsJson(assets), QStringLiteral("uploaded"), nowMs, nullptr);
}

bool CloudCopyTable::markFailed(qint64 id, const QString &why, qint64 nowMs)
{
    return change(id, {QStringLiteral("pending")}, QStringLiteral("failed"), why, QStringLiteral("[]"),
                  QStringLiteral("upload-failed"), nowMs, nullptr);
}

bool CloudCopyTable::markRemoved(qint64 id, qint64 nowMs)
{
    return change(id,
                  {QStringLiteral("none"), QStringLiteral("pending"), QStringLiteral("uploaded"),
                   QStringLiteral("failed")},
                  QStringLiteral("none"), {}, QStringLiteral("[]"), QStringLiteral("remote-removed"), nowMs,
                  nullptr);
}

QList<qint64> CloudCopyTable::pending() const
{
    QList<qint64> ids;
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral("SELECT id FROM generations WHERE cloud_state = 'pending'"
                                 " AND status = 'completed' AND deleted_at IS NULL ORDER BY id"),
                  {}, QStringLiteral("Could not read the uploads left to do"), nullptr))
        return ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return ids;
}

bool CloudCopyTable::change(qint64 id, const QStringList &from, const QString &to, const QString &error,
                            const QString &assets, const QString &event, qint64 nowMs,
                            GenerationError *failure)
{
    const QString what = QStringLiteral("Could not save the cloud copy of generation %1").arg(id);
    GenerationError local;
    GenerationError *target = failure ? failure : &local;
    Transaction transaction(m_db, what, target);
    if (!transaction.isActive())
        return false;
    Statement query(m_db);
    QStringList marks;
    marks.fill(QStringLiteral("?"), from.size());
    QVariantList values{to, error.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(error),
                        assets, id};
    for (const QString &state : from)
        values << state;
    // The image must still be there: a deleted generation only ever goes to "none".
    const QString sql =
        QStringLiteral("UPDATE generations SET cloud_state = ?, cloud_error = ?, cloud_assets = ?"
                       " WHERE id = ? AND cloud_state IN (%1) AND status = 'completed'%2")
            .arg(marks.join(QLatin1Char(',')),
                 to == QLatin1String("none") ? QString() : QStringLiteral(" AND deleted_at IS NULL"));
    if (!Sql::run(query, sql, values, what, target) || query.numRowsAffected() != 1)
        return false;
    if (!Sql::run(query, QStringLiteral("SELECT profile_id FROM generations WHERE id = ?"), {id}, what,
                  target) ||
        !query.next())
        return false;
    const qint64 profileId = query.value(0).toLongLong();
    query.finish();
    QVariantMap details;
    if (!error.isEmpty())
        details.insert(QStringLiteral("message"), error);
    return m_events.write(nowMs, profileId, id, event, details, target) && transaction.commit(target);
}

} // namespace atelier
