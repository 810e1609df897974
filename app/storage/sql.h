#pragma once

#include "domain/generationerror.h"
#include "statement.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>

namespace atelier {

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

// What every piece of storage/ needs to talk to SQLite: running bound statements, turning driver failures
// into errors a person can read, and the conversions between the value types and the columns.
class Sql
{
public:
    // Logs the failure and returns a Storage error: "<what>: <driver text>". When another process held the
    // database longer than the busy time-out, the error says so in plain words and is retryable: the same
    // write may well succeed a moment later.
    static GenerationError error(const QString &what, const QSqlError &sqlError);
    // SQLite gave up waiting for another connection's lock (SQLITE_BUSY or SQLITE_LOCKED).
    static bool isBusy(const QSqlError &sqlError);
    // Runs sql on statement with values bound in order. On failure logs, sets *error (when given) and returns
    // false.
    static bool run(Statement &statement, const QString &sql, const QVariantList &values, const QString &what,
                    GenerationError *error);
    // A UNIQUE constraint refused the write: the row is already there.
    static bool isUniqueViolation(const QSqlError &sqlError);

    // A null QString binds as NULL; text columns that are NOT NULL get an empty string instead.
    static QVariant text(const QString &value);
    // Times are milliseconds since the epoch, NULL when unset.
    static QVariant msOrNull(const QDateTime &time);
    static QDateTime dateTime(const QVariant &value);
    // Lists and maps are compact JSON text.
    static QString json(const QStringList &list);
    static QString json(const QVariantMap &map);
    // Ids as a JSON array, bound to `id IN (SELECT value FROM json_each(?))`.
    static QString json(const QList<qint64> &ids);
    static QStringList stringList(const QString &json);
    static QVariantMap variantMap(const QString &json);
};

} // namespace atelier
