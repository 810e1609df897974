#pragma once

#include <QHash>
#include <QMap>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace atelier {

// Rules for models that take any WIDTHxHEIGHT (gpt-image-2).
struct ArbitrarySizeRule
{
    int multiple = 16;
    double minAspect = 1.0 / 3.0; // width / height
    double maxAspect = 3.0;
    int maxWidth = 3840;
    int maxHeight = 3840;
    qint64 maxPixels = 3840LL * 2160LL;
    int minEdge = 16;
};

// What one model accepts and costs, read from resources/catalog/models.json.
struct ModelSpec
{
    QString id;           // as sent to the provider: "gpt-image-1"
    QString provider;     // "offline", "openai"
    QString label;        // shown to people: "GPT Image 1", "Offline preview (no AI)"
    QString description;
    QStringList sizes;    // allowed WIDTHxHEIGHT values (and "auto" where the model takes it)
    QMap<QString, QString> aspectSizes; // aspect ratio ("16:9") -> size; every ratio of ModelCatalog::aspectRatios()
    std::optional<ArbitrarySizeRule> arbitrarySize;
    QStringList qualities; // first is the default
    QStringList styles;    // empty: the model takes no style; otherwise first is the default
    int maxImages = 1;     // the n limit
    int maxPromptLength = 1000;
    int maxReferenceImages = 0; // product + model reference images together
    qint64 maxReferenceImageBytes = 0;
    QStringList referenceImageFormats; // lower-case suffixes: png, jpg, jpeg, webp
    bool referenceImagesMustBeSquare = false;
    QStringList options; // provider options the model takes: background, output_format, output_compression, ...
    bool streams = false;  // reports partial images
    // Price per image in Atelier tokens, by quality then size. 1 token = US$0.001.
    QHash<QString, QHash<QString, qint64>> pricePerImage;
    // For sizes not listed in pricePerImage: price per megapixel, by quality.
    QHash<QString, double> pricePerMegapixel;
    // Usage-based pricing, Atelier tokens per million provider tokens (0 when the model reports no usage).
    double textInputPerMillion = 0;
    double imageInputPerMillion = 0;
    double imageOutputPerMillion = 0;

    bool isOffline() const { return provider == QLatin1String("offline"); }
};

} // namespace atelier
