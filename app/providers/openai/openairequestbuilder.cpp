#include "openairequestbuilder.h"

#include "multipartbuilder.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <optional>

namespace atelier {

namespace {

const QString GenerationsPath = QStringLiteral("/images/generations");
const QString EditsPath = QStringLiteral("/images/edits");
const QString Auto = QStringLiteral("auto");
const QString MaskParameter = QStringLiteral("mask");

// A file read and checked for upload.
struct Upload
{
    QString fileName;
    QByteArray contentType;
    QByteArray bytes;
    QSize size;
};

// The catalog does not say which API family a model belongs to; the dall-e models are the ones that answer
// with URLs unless asked for base64 and that take a single `image` part on edits.
bool isDallE(const ModelSpec &spec)
{
    return spec.id.startsWith(QLatin1String("dall-e"));
}

BuiltRequest failure(const QString &message)
{
    BuiltRequest request;
    request.error = GenerationError::make(GenerationError::Category::Validation, message);
    return request;
}

QByteArray contentTypeOf(const QByteArray &format)
{
    if (format == "png")
        return "image/png";
    if (format == "jpeg" || format == "jpg")
        return "image/jpeg";
    if (format == "webp")
        return "image/webp";
    return {};
}

bool formatAllowed(const QByteArray &format, const QStringList &allowed)
{
    if (format == "jpeg" || format == "jpg")
        return allowed.contains(QLatin1String("jpeg")) || allowed.contains(QLatin1String("jpg"));
    return allowed.contains(QString::fromLatin1(format));
}

// Reads the file once and checks what the server would refuse: a missing file, one too big, one whose bytes
// are not an image of an allowed type. The type is decided from the bytes, never from the suffix.
std::optional<GenerationError> readImage(const QString &kind, const QString &path, qint64 maxBytes,
                                         const QStringList &formats, Upload *upload)
{
    const auto invalid = [](const QString &message) {
        return GenerationError::make(GenerationError::Category::Validation, message);
    };
    const QFileInfo info(path);
    if (!info.exists())
        return invalid(OpenAiRequestBuilder::tr("The %1 \"%2\" does not exist.").arg(kind, path));
    // Checked before reading so that a huge file is never loaded, and after, in case it grew meanwhile.
    const auto tooBig = [&](qint64 bytes) {
        return invalid(
            OpenAiRequestBuilder::tr("The %1 \"%2\" is %3 bytes; files must be smaller than %4 bytes.")
                .arg(kind, path, QString::number(bytes), QString::number(maxBytes)));
    };
    if (info.size() >= maxBytes)
        return tooBig(info.size());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(OpenAiRequestBuilder::tr("The %1 \"%2\" cannot be read: %3.")
                           .arg(kind, path, file.errorString()));
    upload->bytes = file.readAll();
    if (upload->bytes.size() >= maxBytes)
        return tooBig(upload->bytes.size());

    QBuffer buffer(&upload->bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QByteArray format = reader.canRead() ? reader.format().toLower() : QByteArray();
    upload->contentType = contentTypeOf(format);
    if (!format.isEmpty() && (upload->contentType.isEmpty() || !formatAllowed(format, formats)))
        return invalid(OpenAiRequestBuilder::tr("The %1 \"%2\" holds %3 data; it must be one of: %4.")
                           .arg(kind, path, QString::fromLatin1(format), formats.join(QLatin1String(", "))));
    // Decoded in full: a header that parses does not prove the pixels after it do.
    const QImage image = format.isEmpty() ? QImage() : reader.read();
    if (image.isNull())
        return invalid(OpenAiRequestBuilder::tr("The %1 \"%2\" cannot be decoded as an image (%3).")
                           .arg(kind, path, reader.errorString()));
    upload->fileName = info.fileName();
    upload->size = image.size();
    return std::nullopt;
}

QByteArray formValue(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? "true" : "false";
    if (value.isDouble())
        return QByteArray::number(value.toInteger());
    return value.toString().toUtf8();
}

} // namespace

OpenAiRequestBuilder::OpenAiRequestBuilder(const ModelCatalog &catalog) : m_catalog(catalog) {}

BuiltRequest OpenAiRequestBuilder::build(const ProviderJob &job) const
{
    const ModelSpec *spec = m_catalog.model(job.request.model);
    if (!spec || spec->provider != QLatin1String("openai"))
        return failure(tr("%1 is not an OpenAI image model.").arg(job.request.model));
    if (!job.request.referenceImages().isEmpty())
        return buildEdit(*spec, job);
    if (!job.request.parameters.value(MaskParameter).toString().isEmpty())
        return failure(tr("A mask needs a reference image to edit."));
    return buildGeneration(*spec, job);
}

OpenAiRequestBuilder::Fields OpenAiRequestBuilder::fields(const ModelSpec &spec, const ProviderJob &job,
                                                          Endpoint endpoint) const
{
    const GenerationRequest &request = job.request;
    const QVariantMap &parameters = request.parameters;
    Fields fields{{QStringLiteral("prompt"), request.fullPrompt()},
                  {QStringLiteral("model"), spec.id},
                  {QStringLiteral("n"), request.imageCount}};
    if (!job.size.isEmpty() && (job.size != Auto || spec.sizes.contains(Auto)))
        fields.append({QStringLiteral("size"), job.size});
    if (!request.quality.isEmpty())
        fields.append({QStringLiteral("quality"), request.quality});
    if (endpoint == Endpoint::Generations && !spec.styles.isEmpty())
        fields.append(
            {QStringLiteral("style"), request.style.isEmpty() ? spec.defaultStyle() : request.style});
    // A URL expires in an hour; base64 keeps nothing depending on it. The GPT image models reject the field.
    if (isDallE(spec))
        fields.append({QStringLiteral("response_format"), QStringLiteral("b64_json")});
    if (!job.userTag.isEmpty())
        fields.append({QStringLiteral("user"), job.userTag});

    // Options are sent only when the request sets them and the catalog says the model takes them; left out,
    // the server applies the same defaults the catalog describes.
    const auto given = [&](const QString &name) {
        return spec.options.contains(name) && parameters.contains(name);
    };
    const auto text = [&](const QString &name) { fields.append({name, parameters.value(name).toString()}); };
    if (given(QStringLiteral("background")))
        text(QStringLiteral("background"));
    if (given(QStringLiteral("output_format")))
        text(QStringLiteral("output_format"));
    const ParameterSpec *formatSpec = m_catalog.parameter(QStringLiteral("output_format"));
    const QString format = parameters
                               .value(QStringLiteral("output_format"),
                                      formatSpec ? formatSpec->defaultValue : QVariant(QStringLiteral("png")))
                               .toString();
    // The spec: compression applies to jpeg and webp output only.
    if (given(QStringLiteral("output_compression")) &&
        (format == QLatin1String("jpeg") || format == QLatin1String("webp")))
        fields.append({QStringLiteral("output_compression"),
                       parameters.value(QStringLiteral("output_compression")).toLongLong()});
    if (endpoint == Endpoint::Generations && given(QStringLiteral("moderation")))
        text(QStringLiteral("moderation"));
    if (endpoint == Endpoint::Edits && given(QStringLiteral("input_fidelity")))
        text(QStringLiteral("input_fidelity"));
    if (const int partials = partialImages(spec, parameters); partials > 0) {
        fields.append({QStringLiteral("stream"), true});
        fields.append({QStringLiteral("partial_images"), partials});
    }
    return fields;
}

int OpenAiRequestBuilder::partialImages(const ModelSpec &spec, const QVariantMap &parameters)
{
    if (!spec.streams)
        return 0;
    return std::clamp(parameters.value(QStringLiteral("partial_images"), DefaultPartialImages).toInt(), 0, 3);
}

BuiltRequest OpenAiRequestBuilder::buildGeneration(const ModelSpec &spec, const ProviderJob &job) const
{
    QJsonObject body;
    for (const auto &[name, value] : fields(spec, job, Endpoint::Generations))
        body.insert(name, value);
    BuiltRequest request;
    request.path = GenerationsPath;
    request.contentType = "application/json";
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    request.streams = partialImages(spec, job.request.parameters) > 0;
    return request;
}

BuiltRequest OpenAiRequestBuilder::buildEdit(const ModelSpec &spec, const ProviderJob &job) const
{
    const QStringList references = job.request.referenceImages();
    if (spec.maxReferenceImages == 0)
        return failure(tr("%1 takes no reference images: it cannot edit.").arg(spec.id));
    if (references.size() > spec.maxReferenceImages)
        return failure(tr("There are %1 reference images; %2 takes at most %3.")
                           .arg(references.size())
                           .arg(spec.id)
                           .arg(spec.maxReferenceImages));

    QList<Upload> images;
    for (const QString &path : references) {
        Upload image;
        if (auto error = readImage(tr("reference image"), path, spec.maxReferenceImageBytes,
                                   spec.referenceImageFormats, &image))
            return failure(error->message);
        if (spec.referenceImagesMustBeSquare && image.size.width() != image.size.height())
            return failure(tr("The reference image \"%1\" is %2x%3 pixels; %4 takes square images only.")
                               .arg(path, QString::number(image.size.width()),
                                    QString::number(image.size.height()), spec.id));
        images.append(std::move(image));
    }
    std::optional<Upload> mask;
    if (const QString maskPath = job.request.parameters.value(MaskParameter).toString();
        !maskPath.isEmpty()) {
        const ParameterSpec *rule = m_catalog.parameter(MaskParameter);
        if (!rule || !rule->imageFile || !spec.options.contains(MaskParameter))
            return failure(tr("%1 takes no mask.").arg(spec.id));
        mask.emplace();
        if (auto error =
                readImage(tr("mask"), maskPath, rule->imageFile->maxBytes, rule->imageFile->formats, &*mask))
            return failure(error->message);
        // The server applies the mask to the first image and wants the same dimensions.
        if (mask->size != images.constFirst().size)
            return failure(
                tr("The mask \"%1\" is %2x%3 pixels; it must match the first reference image (%4x%5).")
                    .arg(maskPath, QString::number(mask->size.width()), QString::number(mask->size.height()),
                         QString::number(images.constFirst().size.width()),
                         QString::number(images.constFirst().size.height())));
    }

    // Text fields first: a server can refuse a bad field before the images are uploaded.
    MultipartBuilder form;
    for (const auto &[name, value] : fields(spec, job, Endpoint::Edits))
        form.addField(name.toUtf8(), formValue(value));
    const QByteArray imageField = isDallE(spec) ? "image" : "image[]";
    for (const Upload &image : std::as_const(images))
        form.addFile(imageField, image.fileName, image.contentType, image.bytes);
    if (mask)
        form.addFile("mask", mask->fileName, mask->contentType, mask->bytes);

    BuiltRequest request;
    request.path = EditsPath;
    request.contentType = form.contentType();
    request.body = form.body();
    request.streams = partialImages(spec, job.request.parameters) > 0;
    return request;
}

} // namespace atelier
