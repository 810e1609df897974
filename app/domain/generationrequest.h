#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace atelier {

// What a person asked for. Resolved against the ModelCatalog on submit; stored as given.
struct GenerationRequest
{
    qint64 profileId = 0;
    QString prompt;
    QString customPrompt; // appended to the prompt, e.g. a house style
    QString model;
    QString style;
    QString quality;
    QString aspectRatio = QStringLiteral("1:1");
    QString size; // explicit WIDTHxHEIGHT; empty means "from the aspect ratio"
    QStringList productImages;
    QStringList modelImages;
    int imageCount = 1;
    // Provider options that are not first-class fields (background, output_format, seed, ...).
    QVariantMap parameters;

    // The prompt the provider receives: the prompt, then the custom prompt on a new paragraph.
    QString fullPrompt() const;
    QStringList referenceImages() const { return productImages + modelImages; }

    QJsonObject toJson() const;
    static GenerationRequest fromJson(const QJsonObject &json);

    bool operator==(const GenerationRequest &) const = default;
};

} // namespace atelier
