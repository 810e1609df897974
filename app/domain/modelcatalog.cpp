#include "modelcatalog.h"

#include "modelcatalogparser.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

#include <algorithm>
#include <cmath>

namespace atelier {
namespace {

using Category = GenerationError::Category;

GenerationError invalid(const QString &message)
{
    return GenerationError::make(Category::Validation, message);
}

QString listed(const QStringList &values)
{
    return values.join(QStringLiteral(", "));
}

// 3.0 -> "3:1", 1/3 -> "1:3": the way people write the bounds of an aspect ratio.
QString ratioText(double ratio)
{
    if (ratio >= 1)
        return QStringLiteral("%1:1").arg(QString::number(ratio, 'g', 4));
    return QStringLiteral("1:%1").arg(QString::number(1 / ratio, 'g', 4));
}

// Why the model cannot make `size`, as a whole sentence; empty when it can.
QString sizeProblem(const ModelSpec &spec, const QString &size)
{
    if (spec.sizes.contains(size))
        return {};
    const QString head = ModelCatalog::tr("Size %1 is not possible with %2").arg(size, spec.id);
    if (!spec.arbitrarySize)
        return ModelCatalog::tr("%1. Choose one of: %2.").arg(head, listed(spec.sizes));
    const ArbitrarySizeRule &rule = *spec.arbitrarySize;
    const std::optional<QSize> parsed = ModelCatalog::parseSize(size);
    if (!parsed)
        return ModelCatalog::tr("%1: write it as WIDTHxHEIGHT (for example 1536x864) or choose one of: %2.")
            .arg(head, listed(spec.sizes));
    const int width = parsed->width();
    const int height = parsed->height();
    if (width < rule.minEdge || height < rule.minEdge)
        return ModelCatalog::tr("%1: both sides must be at least %2 pixels.").arg(head).arg(rule.minEdge);
    if (width % rule.multiple != 0 || height % rule.multiple != 0)
        return ModelCatalog::tr("%1: both sides must be multiples of %2.").arg(head).arg(rule.multiple);
    if (width > rule.maxWidth)
        return ModelCatalog::tr("%1: the width can be at most %2 pixels.").arg(head).arg(rule.maxWidth);
    if (height > rule.maxHeight)
        return ModelCatalog::tr("%1: the height can be at most %2 pixels.").arg(head).arg(rule.maxHeight);
    // The bounds themselves are allowed (1:3 and 3:1); the tolerance absorbs the rounding of 1/3.
    constexpr double tolerance = 1e-9;
    const double aspect = double(width) / double(height);
    if (aspect < rule.minAspect - tolerance || aspect > rule.maxAspect + tolerance)
        return ModelCatalog::tr("%1: the aspect ratio must be between %2 and %3.")
            .arg(head, ratioText(rule.minAspect), ratioText(rule.maxAspect));
    const qint64 pixels = qint64(width) * height;
    if (pixels > rule.maxPixels)
        return ModelCatalog::tr("%1: it has %2 pixels and at most %3 are possible.")
            .arg(head)
            .arg(pixels)
            .arg(rule.maxPixels);
    return {};
}

qint64 mostExpensive(const QHash<QString, qint64> &prices)
{
    return prices.isEmpty() ? 0 : *std::max_element(prices.cbegin(), prices.cend());
}

// The price of one image. A quality without prices of its own ("auto") costs as the most expensive quality,
// and a size without one ("auto", or an arbitrary size with no per-megapixel price) as the most expensive
// listed size, so that a reservation always covers the charge.
qint64 pricePerImage(const ModelSpec &spec, const QString &quality, const QString &size)
{
    const auto table = spec.pricePerImage.constFind(quality);
    if (table == spec.pricePerImage.cend()) {
        qint64 most = 0;
        for (auto it = spec.pricePerImage.cbegin(); it != spec.pricePerImage.cend(); ++it)
            most = qMax(most, pricePerImage(spec, it.key(), size));
        return most;
    }
    if (const auto price = table->constFind(size); price != table->cend())
        return *price;
    const std::optional<QSize> parsed = ModelCatalog::parseSize(size);
    if (parsed && spec.pricePerMegapixel.contains(quality)) {
        const double cost =
            double(parsed->width()) * parsed->height() * spec.pricePerMegapixel.value(quality) / 1e6;
        return qint64(std::ceil(cost - 1e-9)); // rounded up, but not for the noise of an exact product
    }
    return mostExpensive(*table);
}

std::optional<qint64> wholeNumber(const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return std::nullopt;
    bool ok = false;
    const double number = value.toDouble(&ok);
    if (!ok || !std::isfinite(number) || std::floor(number) != number || std::abs(number) > 9.0e15)
        return std::nullopt;
    return qint64(number);
}

// The path is substituted in the same pass as the other values: a "%1" in a file name stays as it is.
std::optional<GenerationError> checkReferenceImage(const ModelSpec &spec, const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return invalid(ModelCatalog::tr("The reference image \"%1\" does not exist.").arg(path));
    if (!info.isFile())
        return invalid(ModelCatalog::tr("The reference image \"%1\" is not a file.").arg(path));
    const QStringList &formats = spec.referenceImageFormats;
    if (!formats.contains(info.suffix().toLower()))
        return invalid(ModelCatalog::tr("The reference image \"%1\" is not of a type %2 takes: %3.")
                           .arg(path, spec.id, listed(formats)));
    if (info.size() >= spec.maxReferenceImageBytes)
        return invalid(
            ModelCatalog::tr("The reference image \"%1\" is %2 bytes; %3 takes files smaller than %4 MB "
                             "(%5 bytes).")
                .arg(path, QString::number(info.size()), spec.id,
                     QString::number(spec.maxReferenceImageBytes / 1048576.0, 'g', 3),
                     QString::number(spec.maxReferenceImageBytes)));
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    const QSize size = reader.canRead() ? reader.size() : QSize();
    if (!size.isValid())
        return invalid(ModelCatalog::tr("The reference image \"%1\" cannot be read as an image (%2).")
                           .arg(path, reader.errorString()));
    // The suffix may lie: what counts is what the bytes are.
    const QString content = QString::fromLatin1(reader.format()).toLower();
    const bool jpeg = content == QLatin1String("jpeg") || content == QLatin1String("jpg");
    const bool allowed =
        formats.contains(content) ||
        (jpeg && (formats.contains(QStringLiteral("jpg")) || formats.contains(QStringLiteral("jpeg"))));
    if (!allowed)
        return invalid(ModelCatalog::tr("The reference image \"%1\" holds %2 data; %3 takes: %4.")
                           .arg(path, content, spec.id, listed(formats)));
    if (spec.referenceImagesMustBeSquare && size.width() != size.height())
        return invalid(
            ModelCatalog::tr("The reference image \"%1\" is %2x%3 pixels; %4 takes square images only.")
                .arg(path, QString::number(size.width()), QString::number(size.height()), spec.id));
    return std::nullopt;
}

// An image file named by a parameter (the edit mask), checked as the server will: type by content, size on
// disk, transparency and the dimensions of the image it applies to.
std::optional<GenerationError> checkImageFile(const ParameterSpec &parameter, const QString &path,
                                              const QStringList &references)
{
    const ImageFileRule &rule = *parameter.imageFile;
    const QString &name = parameter.name;
    if (rule.sameSizeAsFirstReference && references.isEmpty())
        return invalid(
            ModelCatalog::tr("The %1 applies to a reference image; add the image to edit.").arg(name));
    const QFileInfo info(path);
    if (!info.isFile())
        return invalid(ModelCatalog::tr("The %1 \"%2\" does not exist or is not a file.").arg(name, path));
    if (info.size() >= rule.maxBytes)
        return invalid(ModelCatalog::tr("The %1 \"%2\" is %3 bytes; it must be smaller than %4 bytes.")
                           .arg(name, path, QString::number(info.size()), QString::number(rule.maxBytes)));
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    const QString content = QString::fromLatin1(reader.format()).toLower();
    if (!content.isEmpty() && !rule.formats.contains(content))
        return invalid(ModelCatalog::tr("The %1 \"%2\" holds %3 data; it must be: %4.")
                           .arg(name, path, content, listed(rule.formats)));
    const QImage image = reader.read();
    if (image.isNull())
        return invalid(ModelCatalog::tr("The %1 \"%2\" cannot be read as an image (%3).")
                           .arg(name, path, reader.errorString()));
    if (rule.needsAlpha && !image.hasAlphaChannel())
        return invalid(ModelCatalog::tr("The %1 \"%2\" has no transparency; its fully transparent areas mark "
                                        "what to edit.")
                           .arg(name, path));
    if (rule.sameSizeAsFirstReference) {
        const QSize target = QImageReader(references.constFirst()).size();
        if (image.size() != target)
            return invalid(
                ModelCatalog::tr("The %1 \"%2\" is %3x%4 pixels; it must be the size of the first reference "
                                 "image (%5x%6).")
                    .arg(name, path, QString::number(image.width()), QString::number(image.height()),
                         QString::number(target.width()), QString::number(target.height())));
    }
    return std::nullopt;
}

} // namespace

ModelCatalog ModelCatalog::builtIn()
{
    QFile file(QStringLiteral(":/catalog/models.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("The built-in model catalog cannot be read: %s", qPrintable(file.errorString()));
    QString error;
    std::optional<ModelCatalog> catalog = fromJson(file.readAll(), &error);
    if (!catalog)
        qFatal("The built-in model catalog is broken: %s", qPrintable(error));
    return *std::move(catalog);
}

std::optional<ModelCatalog> ModelCatalog::fromJson(const QByteArray &json, QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    std::optional<ParsedCatalog> parsed = ModelCatalogParser::parse(json, aspectRatios(), error);
    if (!parsed)
        return std::nullopt;
    // The sizes a model names for itself must pass its own size rules.
    for (const ModelSpec &spec : std::as_const(parsed->models)) {
        for (auto it = spec.aspectSizes.cbegin(); it != spec.aspectSizes.cend(); ++it) {
            if (const QString problem = sizeProblem(spec, it.value()); !problem.isEmpty()) {
                *error = QStringLiteral("Model \"%1\", field \"aspectSizes.%2\": %3")
                             .arg(spec.id, it.key(), problem);
                return std::nullopt;
            }
        }
        for (auto table = spec.pricePerImage.cbegin(); table != spec.pricePerImage.cend(); ++table) {
            for (auto it = table->cbegin(); it != table->cend(); ++it) {
                if (const QString problem = sizeProblem(spec, it.key()); !problem.isEmpty()) {
                    *error = QStringLiteral("Model \"%1\", field \"pricePerImage.%2.%3\": %4")
                                 .arg(spec.id, table.key(), it.key(), problem);
                    return std::nullopt;
                }
            }
        }
    }
    ModelCatalog catalog;
    catalog.m_models = std::move(parsed->models);
    catalog.m_defaultModel = parsed->defaultModel;
    catalog.m_parameters = std::move(parsed->parameters);
    return catalog;
}

QStringList ModelCatalog::aspectRatios()
{
    return {QStringLiteral("1:1"), QStringLiteral("3:2"),  QStringLiteral("2:3"),  QStringLiteral("4:3"),
            QStringLiteral("3:4"), QStringLiteral("16:9"), QStringLiteral("9:16"), QStringLiteral("21:9")};
}

const ModelSpec *ModelCatalog::model(const QString &id) const
{
    const auto it =
        std::find_if(m_models.cbegin(), m_models.cend(), [&id](const ModelSpec &m) { return m.id == id; });
    return it == m_models.cend() ? nullptr : &*it;
}

const ParameterSpec *ModelCatalog::parameter(const QString &name) const
{
    const auto it = std::find_if(m_parameters.cbegin(), m_parameters.cend(),
                                 [&name](const ParameterSpec &p) { return p.name == name; });
    return it == m_parameters.cend() ? nullptr : &*it;
}

QStringList ModelCatalog::acceptedParameters(const QString &modelId) const
{
    const ModelSpec *spec = model(modelId);
    QStringList names = spec ? spec->options : QStringList();
    for (const ParameterSpec &parameter : m_parameters) {
        if (parameter.everyModel && !names.contains(parameter.name))
            names.append(parameter.name);
    }
    return names;
}

std::optional<QSize> ModelCatalog::parseSize(const QString &size)
{
    // Plain digits without a leading zero, so that "0x16", "+16x16" and "1e3x16" are not sizes.
    const auto side = [](QStringView text) -> int {
        const bool digits = std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit(); });
        if (text.isEmpty() || text.size() > 6 || !digits || text.front() == QLatin1Char('0'))
            return 0;
        return text.toInt();
    };
    const qsizetype cross = size.indexOf(QLatin1Char('x'));
    const int width = cross < 0 ? 0 : side(QStringView(size).left(cross));
    const int height = cross < 0 ? 0 : side(QStringView(size).mid(cross + 1));
    if (width == 0 || height == 0)
        return std::nullopt;
    return QSize(width, height);
}

QString ModelCatalog::resolveSize(const GenerationRequest &request) const
{
    const ModelSpec *spec = model(request.model);
    if (!spec)
        return {};
    return request.size.isEmpty() ? spec->aspectSizes.value(request.aspectRatio) : request.size;
}

std::optional<GenerationError> ModelCatalog::validate(const GenerationRequest &request) const
{
    const QString prompt = request.fullPrompt();
    if (prompt.isEmpty())
        return invalid(tr("The prompt is empty: describe the image you want."));
    const ModelSpec *spec = model(request.model);
    if (!spec) {
        QStringList ids;
        for (const ModelSpec &m : m_models)
            ids.append(m.id);
        return invalid(tr("Unknown model \"%1\". Choose one of: %2.").arg(request.model, listed(ids)));
    }
    if (prompt.size() > spec->maxPromptLength)
        return invalid(tr("The prompt is %1 characters; %2 takes at most %3.")
                           .arg(prompt.size())
                           .arg(spec->id)
                           .arg(spec->maxPromptLength));
    if (request.size.isEmpty()) {
        if (!aspectRatios().contains(request.aspectRatio))
            return invalid(tr("Unknown aspect ratio \"%1\". Choose one of: %2.")
                               .arg(request.aspectRatio, listed(aspectRatios())));
    } else if (const QString problem = sizeProblem(*spec, request.size); !problem.isEmpty()) {
        return invalid(problem);
    }
    const QString quality = request.quality.isEmpty() ? spec->defaultQuality() : request.quality;
    if (!spec->qualities.contains(quality))
        return invalid(tr("Quality \"%1\" is not possible with %2. Choose one of: %3.")
                           .arg(quality, spec->id, listed(spec->qualities)));
    if (!request.style.isEmpty() && spec->styles.isEmpty())
        return invalid(
            tr("%1 takes no style; leave the style empty (it is \"%2\").").arg(spec->id, request.style));
    if (!request.style.isEmpty() && !spec->styles.contains(request.style))
        return invalid(tr("Style \"%1\" is not possible with %2. Choose one of: %3.")
                           .arg(request.style, spec->id, listed(spec->styles)));
    if (request.imageCount < 1 || request.imageCount > spec->maxImages) {
        if (spec->maxImages == 1)
            return invalid(tr("%1 makes one image at a time (n = 1).").arg(spec->id));
        return invalid(tr("The number of images is %1; %2 makes 1 to %3 at a time.")
                           .arg(request.imageCount)
                           .arg(spec->id)
                           .arg(spec->maxImages));
    }
    const QStringList references = request.referenceImages();
    if (references.size() > spec->maxReferenceImages) {
        if (spec->maxReferenceImages == 0)
            return invalid(tr("%1 takes no reference images.").arg(spec->id));
        return invalid(tr("There are %1 reference images; %2 takes at most %3.")
                           .arg(references.size())
                           .arg(spec->id)
                           .arg(spec->maxReferenceImages));
    }
    for (const QString &path : references) {
        if (auto problem = checkReferenceImage(*spec, path))
            return problem;
    }
    if (auto problem = validateParameters(*spec, request.parameters))
        return problem;
    for (auto it = request.parameters.cbegin(); it != request.parameters.cend(); ++it) {
        if (const ParameterSpec *rule = parameter(it.key()); rule->imageFile) {
            if (auto problem = checkImageFile(*rule, it.value().toString(), references))
                return problem;
        }
    }
    return std::nullopt;
}

std::optional<GenerationError> ModelCatalog::validateParameters(const ModelSpec &spec,
                                                                const QVariantMap &parameters) const
{
    const QStringList accepted = acceptedParameters(spec.id);
    QStringList unknown;
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it) {
        if (!accepted.contains(it.key()))
            unknown.append(QLatin1Char('"') + it.key() + QLatin1Char('"'));
    }
    if (!unknown.isEmpty())
        return invalid((unknown.size() == 1 ? tr("Unknown parameter %1 for %2. It takes: %3.")
                                            : tr("Unknown parameters %1 for %2. It takes: %3."))
                           .arg(listed(unknown), spec.id, listed(accepted)));
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it) {
        const ParameterSpec *rule = parameter(it.key());
        if (rule->imageFile) {
            if (it.value().typeId() != QMetaType::QString || it.value().toString().trimmed().isEmpty())
                return invalid(tr("Parameter %1 takes the path of an image file.").arg(it.key()));
            continue;
        }
        if (rule->isWholeNumber()) {
            const std::optional<qint64> number = wholeNumber(it.value());
            if (!number || *number < rule->minimum || *number > rule->maximum)
                return invalid(tr("Parameter %1 must be a whole number from %2 to %3; it is \"%4\".")
                                   .arg(it.key(), QString::number(rule->minimum),
                                        QString::number(rule->maximum), it.value().toString()));
            continue;
        }
        if (!rule->values.contains(it.value().toString()))
            return invalid(tr("Parameter %1 cannot be \"%2\". Choose one of: %3.")
                               .arg(it.key(), it.value().toString(), listed(rule->values)));
    }
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it) {
        const QHash<QString, QStringList> needs =
            parameter(it.key())->requirements.value(it.value().toString());
        for (auto need = needs.cbegin(); need != needs.cend(); ++need) {
            const ParameterSpec *other = parameter(need.key());
            const QString actual = parameters.value(need.key(), other->defaultValue).toString();
            if (!need.value().contains(actual))
                return invalid(
                    tr("Parameter %1 \"%2\" needs %3 to be one of: %4 (it is \"%5\").")
                        .arg(it.key(), it.value().toString(), need.key(), listed(need.value()), actual));
        }
    }
    return std::nullopt;
}

GenerationRequest ModelCatalog::withDefaults(const GenerationRequest &request) const
{
    GenerationRequest complete = request;
    if (const ModelSpec *spec = model(request.model)) {
        if (complete.quality.isEmpty())
            complete.quality = spec->defaultQuality();
        if (complete.style.isEmpty())
            complete.style = spec->defaultStyle();
    }
    return complete;
}

qint64 ModelCatalog::estimateCost(const GenerationRequest &request) const
{
    const ModelSpec *spec = model(request.model);
    if (!spec)
        return 0;
    const QString quality = request.quality.isEmpty() ? spec->defaultQuality() : request.quality;
    return pricePerImage(*spec, quality, resolveSize(request)) * qMax(0, request.imageCount);
}

qint64 ModelCatalog::reservation(const GenerationRequest &request) const
{
    const qint64 listed = estimateCost(request);
    const ModelSpec *spec = model(request.model);
    if (!spec || !spec->hasUsagePricing())
        return listed;
    // A token is never shorter than a byte of UTF-8.
    const double textTokens = double(request.fullPrompt().toUtf8().size());
    const bool highFidelity =
        request.parameters.value(QStringLiteral("input_fidelity")) == QLatin1String("high");
    const double imageTokens =
        double(request.referenceImages().size()) *
        double(spec->referenceImageTokens + (highFidelity ? spec->highFidelityImageTokens : 0));
    const double input = textTokens * spec->textInputPerMillion + imageTokens * spec->imageInputPerMillion;
    const int images = qMax(0, request.imageCount);
    double partials = 0;
    if (spec->streams) {
        const ParameterSpec *rule = parameter(QStringLiteral("partial_images"));
        const QVariant count = request.parameters.value(QStringLiteral("partial_images"),
                                                        rule ? rule->defaultValue : QVariant());
        partials = double(images) * count.toDouble() * double(spec->partialImageTokens);
    }
    const double extra = input + partials * spec->imageOutputPerMillion;
    // The listed per-image prices are rounded to whole tokens: one more per image covers that.
    return listed + qint64(std::ceil(extra / 1e6)) + images;
}

qint64 ModelCatalog::costFromUsage(const GenerationRequest &request, const ImageUsage &usage) const
{
    const ModelSpec *spec = model(request.model);
    if (!spec || !usage.isReported() || !spec->hasUsagePricing())
        return estimateCost(request);
    const double millionths = double(usage.inputTextTokens) * spec->textInputPerMillion +
                              double(usage.inputImageTokens) * spec->imageInputPerMillion +
                              double(usage.outputTokens) * spec->imageOutputPerMillion;
    return qint64(std::ceil(millionths / 1e6));
}

} // namespace atelier
