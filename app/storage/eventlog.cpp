#include "eventlog.h"

#include "sql.h"

namespace atelier {

bool EventLog::write(qint64 atMs, qint64 profileId, qint64 generationId, const QString &kind,
                     const QVariantMap &details, GenerationError *error)
{
    const QVariant null(QMetaType::fromType<qint64>());
    Statement query(m_db);
    const QString sql =
        QStringLiteral("INSERT INTO events (at, actor, profile_id, generation_id, kind, details)"
                       " VALUES (?, ?, ?, ?, ?, ?)");
    return Sql::run(query, sql,
                    {atMs, m_actor, profileId > 0 ? QVariant(profileId) : null,
                     generationId > 0 ? QVariant(generationId) : null, kind, Sql::json(details)},
                    QStringLiteral("Could not write the event log"), error);
}

} // namespace atelier
