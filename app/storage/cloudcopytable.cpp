#include "cloudcopytable.h"

#include "eventlog.h"
#include "generationrow.h"
#include "sql.h"
#include "transaction.h"

namespace atelier {

bool CloudCopyTable::markPending(qint64 id, qint64 nowMs, GenerationError *error)
{
    return change(id, {QStringLiteral("none"), QStringLiteral("failed"), QStringLiteral("uploaded")},
                  QStringLiteral("pending"), {}, QString(), QStringLiteral("upload-started"), nowMs, error);
}

bool CloudCopyTable::markUploaded(qint64 id, const QList<CloudAsset> &assets, qint64 nowMs,
                                  GenerationError *error)
{
    return change(id, {QStringLiteral("pending")}, QStringLiteral("uploaded"), {},
                  GenerationRow::cloudAssetsJson(assets), QStringLiteral("uploaded"), nowMs, error);
}

bool CloudCopyTable::markFailed(qint64 id, const QString &why, const QList<CloudAsset> &assets, qint64 nowMs,
                                GenerationError *error)
{
    return change(id, {QStringLiteral("pending")}, QStringLiteral("failed"), why,
                  GenerationRow::cloudAssetsJson(assets), QStringLiteral("upload-failed"), nowMs, error);
}

bool CloudCopyTable::markRemoved(qint64 id, qint64 nowMs, GenerationError *error)
{
    return change(id,
                  {QStringLiteral("none"), QStringLiteral("pending"), QStringLiteral("uploaded"),
                   QStringLiteral("failed"), QStringLiteral("removing")},
                  QStringLiteral("none"), {}, QStringLiteral("[]"), QStringLiteral("remote-removed"), nowMs,
                  error);
}

bool CloudCopyTable::claimUpload(qint64 id, const QString &owner,
                                 const std::function<bool(const QString &)> &ownerGone,
                                 GenerationError *error)
{
    const QString what = QStringLiteral("Could not take over the upload of generation %1").arg(id);
    Transaction transaction(m_db, what, error);
    if (!transaction.isActive())
        return false;
    Statement query(m_db);
    if (!Sql::run(
            query,
            QStringLiteral("SELECT cloud_owner FROM generations WHERE id = ? AND cloud_state = 'pending'"
                           " AND status = 'completed' AND deleted_at IS NULL"),
            {id}, what, error) ||
        !query.next())
        return false;
    const QString holder = query.value(0).toString();
    query.finish();
    if (!holder.isEmpty() && holder != owner && !ownerGone(holder))
        return false;
    return Sql::run(query, QStringLiteral("UPDATE generations SET cloud_owner = ? WHERE id = ?"), {owner, id},
                    what, error) &&
           transaction.commit(error);
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

QList<std::pair<qint64, QList<CloudAsset>>> CloudCopyTable::removing() const
{
    QList<std::pair<qint64, QList<CloudAsset>>> rows;
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral("SELECT id, cloud_assets FROM generations WHERE cloud_state = 'removing'"
                                 " ORDER BY id"),
                  {}, QStringLiteral("Could not read the cloud copies left to destroy"), nullptr))
        return rows;
    while (query.next())
        rows.append({query.value(0).toLongLong(), GenerationRow::cloudAssets(query.value(1).toString())});
    return rows;
}

QString CloudCopyTable::storeTag() const
{
    if (m_storeTag.isEmpty()) {
        Statement query(m_db);
        if (Sql::run(query, QStringLiteral("SELECT value FROM meta WHERE key = 'store_id'"), {},
                     QStringLiteral("Could not read the store's id"), nullptr) &&
            query.next())
            m_storeTag = query.value(0).toString();
    }
    return m_storeTag;
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
    QVariantList values{to, error.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(error)};
    if (!assets.isNull())
        values << assets;
    values << id;
    for (const QString &state : from)
        values << state;
    // The image must still be there: a deleted generation only ever goes to "none".
    const QString sql =
        QStringLiteral("UPDATE generations SET cloud_state = ?, cloud_error = ?, cloud_owner = NULL%1"
                       " WHERE id = ? AND cloud_state IN (%2) AND status = 'completed'%3")
            .arg(assets.isNull() ? QString() : QStringLiteral(", cloud_assets = ?"),
                 marks.join(QLatin1Char(',')),
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
