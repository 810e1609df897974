#include "sql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace atelier {

Q_LOGGING_CATEGORY(lcStorage, "atelier.storage")

namespace {
// SQLite's primary result codes; extended codes keep them in the low byte.
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteConstraint = 19;

int primaryCode(const QSqlError &sqlError)
{
    bool numeric = false;
    const int code = sqlError.nativeErrorCode().toInt(&numeric);
    return numeric ? code & 0xff : -1;
}
} // namespace

GenerationError Sql::error(const QString &what, const QSqlError &sqlError)
{
    const bool busy = isBusy(sqlError);
    const QString driverText = sqlError.databaseText().isEmpty() ? sqlError.text() : sqlError.databaseText();
    const QString message =
        busy
            ? QStringLiteral("%1: another Atelier process is writing to the same data folder. Try again in a "
                             "moment.")
                  .arg(what)
        : driverText.isEmpty() ? what
                               : QStringLiteral("%1: %2").arg(what, driverText);
    qCWarning(lcStorage).noquote() << message;
    GenerationError failure = GenerationError::make(GenerationError::Category::Storage, message);
    failure.retryable = busy;
    return failure;
}

bool Sql::isBusy(const QSqlError &sqlError)
{
    const int code = primaryCode(sqlError);
    return code == kSqliteBusy || code == kSqliteLocked;
}

bool Sql::run(Statement &query, const QString &sql, const QVariantList &values, const QString &what,
              GenerationError *error)
{
    const bool ok = query.exec(sql, values);
    if (!ok) {
        const GenerationError failure = Sql::error(what, query.lastError());
        if (error)
            *error = failure;
    }
    return ok;
}

bool Sql::isUniqueViolation(const QSqlError &sqlError)
{
    // A foreign key or NOT NULL failure shares the code; only the driver's words tell them apart.
    return primaryCode(sqlError) == kSqliteConstraint &&
           sqlError.databaseText().contains(QLatin1String("UNIQUE constraint failed"));
}

QVariant Sql::text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant Sql::msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime Sql::dateTime(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString Sql::json(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QString Sql::json(const QVariantMap &map)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(map)).toJson(QJsonDocument::Compact));
}

QString Sql::json(const QList<qint64> &ids)
{
    QJsonArray array;
    for (const qint64 id : ids)
        array.append(id);
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QStringList Sql::stringList(const QString &json)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array)
        list.append(value.toString());
    return list;
}

QVariantMap Sql::variantMap(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object().toVariantMap();
}

} // namespace atelier
