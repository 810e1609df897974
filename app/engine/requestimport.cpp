#include "requestimport.h"

#include "domain/generationsidecar.h"
#include "domain/parameterstext.h"
#include "storage/pngtextchunk.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <cmath>

namespace atelier {

namespace {

const QString kParametersKeyword = QStringLiteral("parameters");
constexpr qint64 kLargestSeed = 4294967295;

// The model's aspect ratio for a size: of the ones it maps to that size, else of all, the one nearest in
// shape.
QString aspectFor(const ModelSpec *spec, QSize size)
{
    QStringList candidates;
    if (spec) {
        const QString text = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
        for (auto it = spec->aspectSizes.cbegin(); it != spec->aspectSizes.cend(); ++it) {
            if (it.value() == text)
                candidates.append(it.key());
        }
    }
    if (candidates.isEmpty())
        candidates = ModelCatalog::aspectRatios();
    const double wanted = std::log(double(size.width()) / size.height());
    QString best;
    double bestDistance = 0;
    for (const QString &ratio : std::as_const(candidates)) {
        const QStringList parts = ratio.split(QLatin1Char(':'));
        const double distance = std::abs(std::log(parts.at(0).toDouble() / parts.at(1).toDouble()) - wanted);
        if (best.isEmpty() || distance < bestDistance) {
            best = ratio;
            bestDistance = distance;
        }
    }
    return best;
}

} // namespace

bool RequestImport::mayHold(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("png") || suffix == QLatin1String("json");
}

RequestFile RequestImport::read(const QString &path)
{
    RequestFile result;
    const QFileInfo info(path);
    const QString name = info.fileName();
    const bool png = info.suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0;
    // A pipe or a device would block the reading thread for as long as nobody writes to it.
    if (!info.isFile()) {
        result.error = info.exists() ? tr("%1 is not a regular file, so it was not read.").arg(name)
                                     : tr("%1 does not exist.").arg(name);
        return result;
    }
    const qint64 largest = png ? kLargestPng : kLargestSidecar;
    const QLocale locale;
    const auto tooLarge = [&](qint64 size) {
        return (png ? tr("%1 is %2: a PNG larger than %3 is not read.")
                    : tr("%1 is %2: a sidecar larger than %3 is not read."))
            .arg(name, locale.formattedDataSize(size), locale.formattedDataSize(largest));
    };
    if (info.size() > largest) {
        result.error = tooLarge(info.size());
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = tr("Could not read %1: %2").arg(name, file.errorString());
        return result;
    }
    // One byte more than allowed tells a file that grew since it was looked at.
    const QByteArray bytes = file.read(largest + 1);
    if (bytes.size() > largest) {
        result.error = tooLarge(std::max(file.size(), qint64(bytes.size())));
        return result;
    }
    if (PngTextChunk::isPng(bytes)) {
        const std::optional<QString> text = PngTextChunk::text(bytes, kParametersKeyword);
        if (text)
            result.parameters = ParametersText::parse(*text);
        else
            result.error = tr("%1 carries no generation parameters.").arg(name);
        return result;
    }
    if (png) {
        result.error = tr("%1 is not a readable PNG.").arg(name);
        return result;
    }
    QString error;
    result.sidecar = GenerationSidecar::fromJson(bytes, &error);
    if (!result.sidecar)
        result.error = error;
    return result;
}

ImportedRequest RequestImport::fromFile(const QString &path, const ModelCatalog &catalog,
                                        const GenerationRequest &base)
{
    return fromRead(read(path), catalog, base);
}

ImportedRequest RequestImport::fromRead(const RequestFile &file, const ModelCatalog &catalog,
                                        const GenerationRequest &base)
{
    if (file.parameters)
        return fromParameters(*file.parameters, catalog, base);
    if (file.sidecar)
        return fromSidecar(*file.sidecar, catalog, base);
    ImportedRequest result;
    result.error = file.error;
    return result;
}

ImportedRequest RequestImport::fromParameters(const ParametersText &text, const ModelCatalog &catalog,
                                              const GenerationRequest &base)
{
    ImportedRequest result;
    if (text.prompt.isEmpty()) {
        result.error = tr("The parameters in this PNG hold no prompt.");
        return result;
    }
    GenerationRequest &request = result.request;
    request = base;
    request.prompt = text.prompt;
    request.customPrompt.clear();                      // the text holds the full prompt the provider received
    request.parameters.remove(QStringLiteral("seed")); // a seed belongs to its prompt: the file's or none
    QStringList filled{tr("prompt")};
    QStringList used;
    if (catalog.model(text.value(QStringLiteral("Model")))) {
        request.model = text.value(QStringLiteral("Model"));
        filled.append(tr("model %1").arg(catalog.model(request.model)->label));
        used.append(QStringLiteral("Model"));
    }
    const ModelSpec *spec = catalog.model(request.model);
    const QString ratio = text.value(QStringLiteral("Aspect ratio"));
    const std::optional<QSize> size = ModelCatalog::parseSize(text.value(QStringLiteral("Size")));
    if (ModelCatalog::aspectRatios().contains(ratio)) {
        request.aspectRatio = ratio;
        filled.append(tr("aspect ratio %1").arg(ratio));
        used << QStringLiteral("Aspect ratio") << QStringLiteral("Size");
    } else if (size && !size->isEmpty()) {
        request.aspectRatio = aspectFor(spec, *size);
        filled.append(
            tr("aspect ratio %1 (from %2)").arg(request.aspectRatio, text.value(QStringLiteral("Size"))));
        used.append(QStringLiteral("Size"));
    }
    request.size.clear();
    bool isNumber = false;
    const qint64 seed = text.value(QStringLiteral("Seed")).toLongLong(&isNumber);
    if (isNumber && seed >= 0 && seed <= kLargestSeed) {
        request.parameters.insert(QStringLiteral("seed"), seed);
        filled.append(tr("seed %1").arg(seed));
        used.append(QStringLiteral("Seed"));
    }
    const QString quality = text.value(QStringLiteral("Quality"));
    if (spec && spec->qualities.contains(quality)) {
        request.quality = quality;
        filled.append(tr("quality %1").arg(quality));
        used.append(QStringLiteral("Quality"));
    }
    const QString style = text.value(QStringLiteral("Style"));
    if (spec && spec->styles.contains(style)) {
        request.style = style;
        filled.append(tr("style %1").arg(style));
        used.append(QStringLiteral("Style"));
    }
    const bool atelier = text.has(QStringLiteral("Provider"));
    used.append(QStringLiteral("Provider"));
    QStringList ignored;
    if (!text.negativePrompt.isEmpty())
        ignored.append(tr("negative prompt"));
    for (const auto &field : text.fields) {
        if (!used.contains(field.first))
            ignored.append(field.first);
    }
    // ComfyUI, Forge, SD.Next and others write the layout AUTOMATIC1111 began.
    result.summary = (atelier ? tr("Filled from a PNG made with Atelier: %1.")
                              : tr("Filled from a PNG made with a Stable Diffusion web UI: %1."))
                         .arg(filled.join(QStringLiteral(", ")));
    if (!ignored.isEmpty())
        result.summary += QLatin1Char(' ') + tr("Not used here: %1.").arg(ignored.join(QStringLiteral(", ")));
    return result;
}

ImportedRequest RequestImport::fromSidecar(const GenerationSidecar &sidecar, const ModelCatalog &catalog,
                                           const GenerationRequest &base)
{
    ImportedRequest result;
    const GenerationRequest &from = sidecar.request;
    if (from.prompt.isEmpty()) {
        result.error = tr("The sidecar holds no prompt.");
        return result;
    }
    GenerationRequest &request = result.request;
    request = base;
    request.prompt = from.prompt;
    request.customPrompt = from.customPrompt;
    request.parameters.remove(QStringLiteral("seed")); // a seed belongs to its prompt: the file's or none
    QStringList filled{tr("prompt")};
    QStringList ignored;
    if (!from.customPrompt.isEmpty())
        filled.append(tr("custom prompt"));
    if (const ModelSpec *known = catalog.model(from.model)) {
        request.model = from.model;
        filled.append(tr("model %1").arg(known->label));
    } else if (!from.model.isEmpty()) {
        ignored.append(tr("model %1 (not known here)").arg(from.model));
    }
    const ModelSpec *spec = catalog.model(request.model);
    const std::optional<QSize> size = ModelCatalog::parseSize(from.size.isEmpty() ? sidecar.size : from.size);
    if (ModelCatalog::aspectRatios().contains(from.aspectRatio)) {
        request.aspectRatio = from.aspectRatio;
        filled.append(tr("aspect ratio %1").arg(from.aspectRatio));
    } else if (size && !size->isEmpty()) {
        request.aspectRatio = aspectFor(spec, *size);
        filled.append(tr("aspect ratio %1 (from %2x%3)")
                          .arg(request.aspectRatio)
                          .arg(size->width())
                          .arg(size->height()));
    }
    request.size.clear();
    if (spec && spec->qualities.contains(from.quality)) {
        request.quality = from.quality;
        filled.append(tr("quality %1").arg(from.quality));
    } else if (!from.quality.isEmpty()) {
        ignored.append(tr("quality %1").arg(from.quality));
    }
    if (spec && spec->styles.contains(from.style)) {
        request.style = from.style;
        filled.append(tr("style %1").arg(from.style));
    } else if (!from.style.isEmpty()) {
        ignored.append(tr("style %1").arg(from.style));
    }
    if (spec && from.imageCount >= 1 && from.imageCount <= spec->maxImages) {
        request.imageCount = from.imageCount;
        filled.append(tr("%n image(s)", nullptr, from.imageCount));
    } else {
        ignored.append(tr("%n image(s)", nullptr, from.imageCount));
    }
    const QStringList accepted = catalog.acceptedParameters(request.model);
    bool files = !from.productImages.isEmpty() || !from.modelImages.isEmpty();
    for (auto it = from.parameters.cbegin(); it != from.parameters.cend(); ++it) {
        const ParameterSpec *parameter = catalog.parameter(it.key());
        if (parameter && parameter->imageFile) {
            files = true;
            continue;
        }
        bool allowed = parameter && accepted.contains(it.key());
        if (allowed && parameter->isWholeNumber()) {
            bool isNumber = false;
            const qint64 number = it.value().toLongLong(&isNumber);
            allowed = isNumber && number >= parameter->minimum && number <= parameter->maximum;
            if (allowed)
                request.parameters.insert(it.key(), number);
        } else if (allowed) {
            allowed = parameter->values.contains(it.value().toString());
            if (allowed)
                request.parameters.insert(it.key(), it.value().toString());
        }
        if (!allowed)
            ignored.append(it.key());
        else if (it.key() == QLatin1String("seed"))
            filled.append(tr("seed %1").arg(it.value().toLongLong()));
        else
            filled.append(QStringLiteral("%1 %2").arg(it.key(), it.value().toString()));
    }
    result.summary = tr("Filled from an Atelier sidecar of generation %1: %2.")
                         .arg(sidecar.generationId)
                         .arg(filled.join(QStringLiteral(", ")));
    if (!ignored.isEmpty())
        result.summary += QLatin1Char(' ') + tr("Not used here: %1.").arg(ignored.join(QStringLiteral(", ")));
    if (files)
        result.summary +=
            QLatin1Char(' ') + tr("Reference images and masks are not taken from a file; add them again.");
    return result;
}

} // namespace atelier
