#include "requestimport.h"

#include "domain/generationsidecar.h"
#include "domain/parameterstext.h"
#include "storage/pngtextchunk.h"

#include <QFile>
#include <QFileInfo>

#include <cmath>

namespace atelier {

namespace {

const QString kParametersKeyword = QStringLiteral("parameters");
constexpr qint64 kLargestSeed = 4294967295;

// The model's aspect ratio for a size: the one it maps to that size, else the one nearest in shape.
QString aspectFor(const ModelSpec *spec, QSize size)
{
    if (spec) {
        const QString text = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
        for (auto it = spec->aspectSizes.cbegin(); it != spec->aspectSizes.cend(); ++it) {
            if (it.value() == text)
                return it.key();
        }
    }
    const double wanted = std::log(double(size.width()) / size.height());
    QString best;
    double bestDistance = 0;
    for (const QString &ratio : ModelCatalog::aspectRatios()) {
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

ImportedRequest RequestImport::fromFile(const QString &path, const ModelCatalog &catalog,
                                        const GenerationRequest &base)
{
    ImportedRequest result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = tr("Could not read %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
        return result;
    }
    const QByteArray bytes = file.readAll();
    if (PngTextChunk::isPng(bytes)) {
        const std::optional<QString> text = PngTextChunk::text(bytes, kParametersKeyword);
        if (!text) {
            result.error = tr("%1 carries no generation parameters.").arg(QFileInfo(path).fileName());
            return result;
        }
        return fromParameters(ParametersText::parse(*text), catalog, base);
    }
    QString error;
    const std::optional<GenerationSidecar> sidecar = GenerationSidecar::fromJson(bytes, &error);
    if (!sidecar) {
        result.error = QFileInfo(path).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0
                           ? tr("%1 is not a readable PNG.").arg(QFileInfo(path).fileName())
                           : error;
        return result;
    }
    return fromSidecar(*sidecar, base);
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
    request.customPrompt.clear(); // the text holds the full prompt the provider received
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
    result.summary = tr("Filled from a PNG made with %1: %2.")
                         .arg(atelier ? QStringLiteral("Atelier") : QStringLiteral("AUTOMATIC1111"),
                              filled.join(QStringLiteral(", ")));
    if (!ignored.isEmpty())
        result.summary += QLatin1Char(' ') + tr("Not used here: %1.").arg(ignored.join(QStringLiteral(", ")));
    return result;
}

ImportedRequest RequestImport::fromSidecar(const GenerationSidecar &sidecar, const GenerationRequest &base)
{
    ImportedRequest result;
    result.request = sidecar.request;
    result.request.profileId = base.profileId;
    const QString model = sidecar.modelLabel.isEmpty() ? sidecar.request.model : sidecar.modelLabel;
    result.summary = tr("Filled from an Atelier sidecar: the whole request of generation %1 (%2).")
                         .arg(sidecar.generationId)
                         .arg(model);
    return result;
}

} // namespace atelier
