#include "imageparams.h"

#include <QJsonDocument>

namespace atelier::test {

namespace {

// A JSON value as text: multipart fields arrive as strings, JSON ones as numbers or booleans.
QByteArray field(const QJsonObject &fields, const QString &name)
{
    const QJsonValue value = fields.value(name);
    if (value.isString())
        return value.toString().toUtf8();
    if (value.isBool())
        return value.toBool() ? "true" : "false";
    if (value.isDouble())
        return QByteArray::number(value.toDouble());
    return {};
}

} // namespace

QByteArray openAiErrorBody(const QString &message, const QByteArray &type, const QByteArray &code,
                           const QByteArray &param)
{
    const auto textOrNull = [](const QByteArray &value) {
        return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromUtf8(value));
    };
    const QJsonObject error{{QStringLiteral("message"), message},
                            {QStringLiteral("type"), QString::fromUtf8(type)},
                            {QStringLiteral("param"), textOrNull(param)},
                            {QStringLiteral("code"), textOrNull(code)}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

QByteArray ImageParams::read(const FakeOpenAiServer::RecordedRequest &request, bool isEdit)
{
    edit = isEdit;
    QJsonObject fields = request.json;
    for (const FakeOpenAiServer::Part &part : request.parts) {
        if (part.name == "image" || part.name == "image[]")
            ++inputImages;
        else if (part.fileName.isEmpty())
            fields.insert(QString::fromUtf8(part.name), QString::fromUtf8(part.data));
    }
    model = field(fields, QStringLiteral("model"));
    prompt = fields.value(QStringLiteral("prompt")).toString();
    quality = field(fields, QStringLiteral("quality"));
    background = field(fields, QStringLiteral("background"));
    responseFormat = field(fields, QStringLiteral("response_format"));
    stream = field(fields, QStringLiteral("stream")) == "true";
    partialImages = qBound(0, field(fields, QStringLiteral("partial_images")).toInt(), 3);
    const auto invalid = [](const QByteArray &param, const QByteArray &code) {
        return openAiErrorBody(QStringLiteral("Invalid value for '%1'.").arg(QLatin1String(param)),
                               "invalid_request_error", code, param);
    };
    if (prompt.isEmpty())
        return invalid("prompt", "missing_required_parameter");
    if (edit && inputImages == 0)
        return invalid("image", "missing_required_parameter");
    const QByteArray count = field(fields, QStringLiteral("n"));
    n = count.isEmpty() ? 1 : count.toInt();
    if (n < 1 || n > 10)
        return invalid("n", "invalid_value");
    const QByteArray sizeField = field(fields, QStringLiteral("size"));
    if (!sizeField.isEmpty() && sizeField != "auto") {
        const QList<QByteArray> sides = sizeField.split('x');
        size = sides.size() == 2 ? QSize(sides.at(0).toInt(), sides.at(1).toInt()) : QSize();
        if (size.width() < 1 || size.height() < 1 || size.width() > 4096 || size.height() > 4096)
            return invalid("size", "invalid_value");
    }
    outputFormat = gptImage() ? field(fields, QStringLiteral("output_format")) : QByteArray();
    if (outputFormat.isEmpty())
        outputFormat = "png";
    if (outputFormat != "png" && outputFormat != "jpeg" && outputFormat != "webp")
        return invalid("output_format", "invalid_value");
    return {};
}

QJsonObject ImageParams::usage(int images) const
{
    const int textTokens = qMax(1, int((prompt.size() + 3) / 4));
    const int imageTokens = inputImages * 388;
    const int perImage = quality == "low" ? 272 : quality == "high" ? 4160 : 1056;
    const qint64 area = qint64(size.width()) * size.height();
    const int outputTokens = int(perImage * area / (1024 * 1024)) * images + partialImages * 100;
    return {
        {QStringLiteral("input_tokens"), textTokens + imageTokens},
        {QStringLiteral("output_tokens"), outputTokens},
        {QStringLiteral("total_tokens"), textTokens + imageTokens + outputTokens},
        {QStringLiteral("input_tokens_details"), QJsonObject{{QStringLiteral("text_tokens"), textTokens},
                                                             {QStringLiteral("image_tokens"), imageTokens}}}};
}

void ImageParams::addEchoes(QJsonObject &object) const
{
    const QByteArray echoedQuality = quality.isEmpty() || quality == "auto" ? "medium" : quality;
    const QByteArray echoedBackground = background.isEmpty() || background == "auto" ? "opaque" : background;
    object.insert(QStringLiteral("size"), QString::fromLatin1(sizeText()));
    object.insert(QStringLiteral("quality"), QString::fromLatin1(echoedQuality));
    object.insert(QStringLiteral("background"), QString::fromLatin1(echoedBackground));
    object.insert(QStringLiteral("output_format"), QString::fromLatin1(outputFormat));
}

} // namespace atelier::test
