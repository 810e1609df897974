#include "generationsidecar.h"

#include "generation.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace atelier {

namespace {

const QString kFormat = QStringLiteral("atelier-sidecar");

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// The sidecar travels with the image, so it names files, not the folders they were in (a user name, a
// client's folder), and not the profile's database id.
QJsonObject shareable(GenerationRequest request)
{
    request.profileId = 0;
    for (QStringList *paths : {&request.productImages, &request.modelImages}) {
        for (QString &path : *paths)
            path = QFileInfo(path).fileName();
    }
    if (const QString mask = request.parameters.value(QStringLiteral("mask")).toString(); !mask.isEmpty())
        request.parameters.insert(QStringLiteral("mask"), QFileInfo(mask).fileName());
    QJsonObject json = request.toJson();
    json.remove(QStringLiteral("profileId"));
    return json;
}
} // namespace

QJsonObject GenerationSidecar::toJson() const
{
    QJsonObject json{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("generationId"), generationId},
        {QStringLiteral("run"), run},
        {QStringLiteral("request"), shareable(request)},
        {QStringLiteral("provider"), provider},
        {QStringLiteral("modelLabel"), modelLabel},
        {QStringLiteral("size"), size},
        {QStringLiteral("durationMs"), durationMs},
        {QStringLiteral("tokensCharged"), tokensCharged},
        {QStringLiteral("createdAt"), timeText(createdAt)},
        {QStringLiteral("finishedAt"), timeText(finishedAt)},
        {QStringLiteral("files"), QJsonArray::fromStringList(files)},
    };
    if (seed)
        json.insert(QStringLiteral("seed"), *seed);
    return json;
}

QByteArray GenerationSidecar::toBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

std::optional<GenerationSidecar> GenerationSidecar::fromJson(const QByteArray &bytes, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(tr("The file is not valid JSON (%1 at byte %2).")
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
    const QJsonObject json = document.object();
    if (!document.isObject() || json.value(QStringLiteral("format")).toString() != kFormat)
        return fail(tr("The file is JSON but not an Atelier sidecar."));
    const int version = json.value(QStringLiteral("version")).toInt();
    if (version < 1)
        return fail(tr("The sidecar has no version."));
    if (version > kVersion)
        return fail(tr("The sidecar is version %1, written by a newer Atelier; this one reads up to %2.")
                        .arg(version)
                        .arg(kVersion));
    if (!json.value(QStringLiteral("request")).isObject())
        return fail(tr("The sidecar holds no request."));

    GenerationSidecar sidecar;
    sidecar.generationId = json.value(QStringLiteral("generationId")).toInteger();
    sidecar.run = json.value(QStringLiteral("run")).toInt(1);
    sidecar.request = GenerationRequest::fromJson(json.value(QStringLiteral("request")).toObject());
    sidecar.provider = json.value(QStringLiteral("provider")).toString();
    sidecar.modelLabel = json.value(QStringLiteral("modelLabel")).toString();
    sidecar.size = json.value(QStringLiteral("size")).toString();
    if (json.value(QStringLiteral("seed")).isDouble())
        sidecar.seed = json.value(QStringLiteral("seed")).toInteger();
    sidecar.durationMs = json.value(QStringLiteral("durationMs")).toInteger(-1);
    sidecar.tokensCharged = json.value(QStringLiteral("tokensCharged")).toInteger();
    sidecar.createdAt =
        QDateTime::fromString(json.value(QStringLiteral("createdAt")).toString(), Qt::ISODateWithMs);
    sidecar.finishedAt =
        QDateTime::fromString(json.value(QStringLiteral("finishedAt")).toString(), Qt::ISODateWithMs);
    const QJsonArray files = json.value(QStringLiteral("files")).toArray();
    for (const QJsonValue &file : files)
        sidecar.files.append(file.toString());
    return sidecar;
}

GenerationSidecar GenerationSidecar::of(const Generation &generation, const QString &modelLabel)
{
    GenerationSidecar sidecar;
    sidecar.generationId = generation.id;
    sidecar.run = generation.run;
    sidecar.request = generation.request;
    sidecar.provider = generation.provider;
    sidecar.modelLabel = modelLabel;
    sidecar.size = generation.size;
    bool isNumber = false;
    const qint64 seed = generation.request.parameters.value(QStringLiteral("seed")).toLongLong(&isNumber);
    if (isNumber)
        sidecar.seed = seed;
    sidecar.durationMs = generation.processingMs();
    sidecar.tokensCharged = generation.tokensCharged;
    sidecar.createdAt = generation.createdAt;
    sidecar.finishedAt = generation.finishedAt;
    for (const QString &path : generation.resultPaths)
        sidecar.files.append(QFileInfo(path).fileName());
    return sidecar;
}

} // namespace atelier
