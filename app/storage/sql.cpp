#include "sql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace atelier {

Q_LOGGING_CATEGORY(lcStorage, "atelier.storage")

namespace {
// SQLite's primary result code for constraint violations; extended codes keep it in the low byte.
constexpr int kSqliteConstraint = 19;
} // namespace

GenerationError Sql::error(const QString &what, const QSqlError &sqlError)
{
    const QString driverText = sqlError.databaseText().isEmpty() ? sqlError.text() : sqlError.databaseText();
    const QString message = driverText.isEmpty() ? what : QStringLiteral("%1: %2").arg(what, driverText);
    qCWarning(lcStorage).noquote() << message;
    return GenerationError::make(GenerationError::Category::Storage, message);
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
    bool numeric = false;
    const int code = sqlError.nativeErrorCode().toInt(&numeric);
    // A foreign key or NOT NULL failure shares the code; only the driver's words tell them apart.
    return numeric && (code & 0xff) == kSqliteConstraint &&
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
