#pragma once

#include <QHash>
#include <QMap>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVariant>

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

// What an image file named by a parameter (the edit mask) must be.
struct ImageFileRule
{
    QStringList formats;                   // lower-case content formats: png
    qint64 maxBytes = 0;                   // the file must be smaller than this
    bool needsAlpha = false;               // transparency carries the meaning (a mask)
    bool sameSizeAsFirstReference = false; // applied to the first reference image, so it needs one
};

// A provider option a request may carry in GenerationRequest::parameters, read from the catalog's
// "parameters": one of a list of values, a whole number in a range, or the path of an image file.
struct ParameterSpec
{
    QString name; // the key, as sent to the provider: "output_format"
    QString description;
    QStringList values; // the allowed values; empty for a whole-number parameter
    qint64 minimum = 0; // the range of a whole-number parameter
    qint64 maximum = 0;
    QVariant defaultValue;   // what the provider assumes when the request leaves the parameter out
    bool everyModel = false; // taken by every model without being listed in its options ("seed")
    // value -> other parameter -> the values that one must then have (background "transparent" needs
    // output_format png or webp); a parameter left out counts with its default.
    QHash<QString, QHash<QString, QStringList>> requirements;
    std::optional<ImageFileRule> imageFile;

    bool isWholeNumber() const { return values.isEmpty() && !imageFile; }
};

// What one model accepts and costs, read from resources/catalog/models.json.
struct ModelSpec
{
    QString id;       // as sent to the provider: "gpt-image-1"
    QString provider; // "offline", "openai"
    QString label;    // shown to people: "GPT Image 1", "Offline preview (no AI)"
    QString description;
    QStringList sizes; // allowed WIDTHxHEIGHT values (and "auto" where the model takes it)
    // Aspect ratio ("16:9") -> size, for every ratio of ModelCatalog::aspectRatios().
    QMap<QString, QString> aspectSizes;
    std::optional<ArbitrarySizeRule> arbitrarySize;
    QStringList qualities; // first is the default
    QStringList styles;    // empty: the model takes no style; otherwise first is the default
    int maxImages = 1;     // the n limit
    int maxPromptLength = 1000;
    int maxReferenceImages = 0;        // product + model reference images together
    qint64 maxReferenceImageBytes = 0; // a file must be smaller than this ("less than 4MB")
    QStringList referenceImageFormats; // lower-case suffixes: png, jpg, jpeg, webp
    bool referenceImagesMustBeSquare = false;
    // Provider options the model takes (names of ModelCatalog::parameters()): background, output_format, ...
    QStringList options;
    bool streams = false; // reports partial images
    // The provider draws from the request's seed, so the same settings with a new seed make another picture.
    bool seeded = false;
    // Price per image in Atelier tokens, by quality then size. 1 token = US$0.001.
    QHash<QString, QHash<QString, qint64>> pricePerImage;
    // For sizes not listed in pricePerImage: price per megapixel, by quality.
    QHash<QString, double> pricePerMegapixel;
    // Usage-based pricing, Atelier tokens per million provider tokens (0 when the model reports no usage).
    double textInputPerMillion = 0;
    double imageInputPerMillion = 0;
    double imageOutputPerMillion = 0;
    // Upper bounds of the input tokens one reference image costs, and what input_fidelity "high" adds to it,
    // so that the reservation of an edit covers its charge.
    qint64 referenceImageTokens = 0;
    qint64 highFidelityImageTokens = 0;
    // The output tokens each streamed partial image adds.
    qint64 partialImageTokens = 0;

    bool isOffline() const { return provider == QLatin1String("offline"); }
    QString defaultQuality() const { return qualities.value(0); }
    QString defaultStyle() const { return styles.value(0); } // empty for a model without styles
    bool hasUsagePricing() const
    {
        return textInputPerMillion > 0 || imageInputPerMillion > 0 || imageOutputPerMillion > 0;
    }
};

} // namespace atelier
