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

QList<EventEntry> EventLog::read(qint64 profileId, const EventQuery &query) const
{
    QStringList conditions{QStringLiteral("profile_id = ?")};
    QVariantList values{profileId};
    if (!query.kind.isEmpty()) {
        conditions.append(QStringLiteral("kind = ?"));
        values.append(query.kind);
    }
    if (!query.text.isEmpty()) {
        // The person's text is matched as it is: % and _ are only characters.
        QString pattern = query.text;
        pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
        conditions.append(QStringLiteral("(actor LIKE ? ESCAPE '\\' OR kind LIKE ? ESCAPE '\\'"
                                         " OR details LIKE ? ESCAPE '\\')"));
        values << pattern << pattern << pattern;
    }
    if (query.from.isValid()) {
        conditions.append(QStringLiteral("at >= ?"));
        values.append(query.from.toMSecsSinceEpoch());
    }
    if (query.until.isValid()) {
        conditions.append(QStringLiteral("at < ?"));
        values.append(query.until.toMSecsSinceEpoch());
    }
    values.append(query.limit > 0 ? query.limit : -1);
    QList<EventEntry> list;
    Statement statement(m_db);
    const QString sql =
        QStringLiteral("SELECT id, at, profile_id, generation_id, actor, kind, details FROM events"
                       " WHERE %1 ORDER BY at DESC, id DESC LIMIT ?")
            .arg(conditions.join(QStringLiteral(" AND ")));
    if (!Sql::run(statement, sql, values, QStringLiteral("Could not read the event log"), nullptr))
        return list;
    while (statement.next())
        list.append({statement.value(0).toLongLong(), statement.value(1).toLongLong(),
                     statement.value(2).toLongLong(), statement.value(3).toLongLong(),
                     statement.value(4).toString(), statement.value(5).toString(),
                     statement.value(6).toString()});
    return list;
}

QStringList EventLog::kinds(qint64 profileId) const
{
    QStringList kinds;
    Statement statement(m_db);
    if (!Sql::run(statement,
                  QStringLiteral("SELECT DISTINCT kind FROM events WHERE profile_id = ? ORDER BY kind"),
                  {profileId}, QStringLiteral("Could not read the event log"), nullptr))
        return kinds;
    while (statement.next())
        kinds.append(statement.value(0).toString());
    return kinds;
}

} // namespace atelier
