#include "generationrequest.h"

#include <QJsonArray>

namespace atelier {

QString GenerationRequest::fullPrompt() const
{
    const QString main = prompt.trimmed();
    const QString extra = customPrompt.trimmed();
    if (extra.isEmpty())
        return main;
    if (main.isEmpty())
        return extra;
    return main + QStringLiteral("\n\n") + extra;
}

QJsonObject GenerationRequest::toJson() const
{
    return QJsonObject{
        {QStringLiteral("profileId"), profileId},
        {QStringLiteral("prompt"), prompt},
        {QStringLiteral("customPrompt"), customPrompt},
        {QStringLiteral("model"), model},
        {QStringLiteral("style"), style},
        {QStringLiteral("quality"), quality},
        {QStringLiteral("aspectRatio"), aspectRatio},
        {QStringLiteral("size"), size},
        {QStringLiteral("productImages"), QJsonArray::fromStringList(productImages)},
        {QStringLiteral("modelImages"), QJsonArray::fromStringList(modelImages)},
        {QStringLiteral("imageCount"), imageCount},
        {QStringLiteral("parameters"), QJsonObject::fromVariantMap(parameters)},
    };
}

GenerationRequest GenerationRequest::fromJson(const QJsonObject &json)
{
    const auto strings = [&json](const char *key) {
        QStringList list;
        const QJsonArray array = json.value(QLatin1String(key)).toArray();
        for (const QJsonValue &value : array)
            list.append(value.toString());
        return list;
    };
    GenerationRequest request;
    request.profileId = json.value(QStringLiteral("profileId")).toInteger();
    request.prompt = json.value(QStringLiteral("prompt")).toString();
    request.customPrompt = json.value(QStringLiteral("customPrompt")).toString();
    request.model = json.value(QStringLiteral("model")).toString();
    request.style = json.value(QStringLiteral("style")).toString();
    request.quality = json.value(QStringLiteral("quality")).toString();
    request.aspectRatio = json.value(QStringLiteral("aspectRatio")).toString(QStringLiteral("1:1"));
    request.size = json.value(QStringLiteral("size")).toString();
    request.productImages = strings("productImages");
    request.modelImages = strings("modelImages");
    request.imageCount = json.value(QStringLiteral("imageCount")).toInt(1);
    request.parameters = json.value(QStringLiteral("parameters")).toObject().toVariantMap();
    return request;
}

} // namespace atelier
