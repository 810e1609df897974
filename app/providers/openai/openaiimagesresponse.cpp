#include "openaiimagesresponse.h"

#include <QBuffer>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <openssl/evp.h>

#include <limits>

namespace atelier {

namespace {

using Category = GenerationError::Category;

GenerationError badResponse(const QString &message)
{
    return GenerationError::make(Category::BadResponse, message);
}

QString formatOf(const QJsonObject &object, const QString &defaultFormat)
{
    const QString format = object.value(QLatin1String("output_format")).toString();
    return format.isEmpty() ? defaultFormat : format;
}

} // namespace

bool ParsedImages::needsDownload() const
{
    for (qsizetype i = 0; i < urls.size(); ++i) {
        if (!urls.at(i).isEmpty() && result.images.at(i).bytes.isEmpty())
            return true;
    }
    return false;
}

ParsedImages OpenAiImagesResponse::parse(const QByteArray &body, const QString &defaultFormat)
{
    ParsedImages parsed;
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &jsonError);
    if (jsonError.error != QJsonParseError::NoError || !document.isObject()) {
        parsed.error = badResponse(QStringLiteral("The server's answer is not JSON."));
        return parsed;
    }
    const QJsonObject root = document.object();
    const QJsonArray data = root.value(QLatin1String("data")).toArray();
    if (data.isEmpty()) {
        parsed.error = badResponse(QStringLiteral("The server's answer holds no image."));
        return parsed;
    }
    const QString format = formatOf(root, defaultFormat);
    for (const QJsonValue &value : data) {
        const QJsonObject item = value.toObject();
        ProviderImage image;
        image.format = format;
        QUrl url;
        if (const QJsonValue b64 = item.value(QLatin1String("b64_json")); b64.isString()) {
            const std::optional<QByteArray> bytes = decodeBase64(b64.toString().toLatin1());
            if (!bytes) {
                parsed.error =
                    badResponse(QStringLiteral("The server sent an image that is not valid base64."));
                return parsed;
            }
            image.bytes = *bytes;
        } else {
            url = QUrl(item.value(QLatin1String("url")).toString(), QUrl::StrictMode);
            if (!url.isValid() || url.isRelative()) {
                parsed.error =
                    badResponse(QStringLiteral("The server's answer holds an image without data."));
                return parsed;
            }
        }
        if (parsed.result.revisedPrompt.isEmpty())
            parsed.result.revisedPrompt = item.value(QLatin1String("revised_prompt")).toString();
        parsed.result.images.append(image);
        parsed.urls.append(url);
    }
    parsed.result.usage = usage(root.value(QLatin1String("usage")).toObject());
    return parsed.needsDownload() ? parsed : checked(std::move(parsed));
}

ParsedImages OpenAiImagesResponse::parseCompleted(const QList<QByteArray> &events,
                                                  const QString &defaultFormat)
{
    ParsedImages parsed;
    for (const QByteArray &event : events) {
        const QJsonObject object = QJsonDocument::fromJson(event).object();
        const std::optional<QByteArray> bytes =
            decodeBase64(object.value(QLatin1String("b64_json")).toString().toLatin1());
        if (!bytes || bytes->isEmpty()) {
            parsed.error = badResponse(QStringLiteral("The server sent an image that is not valid base64."));
            return parsed;
        }
        parsed.result.images.append(ProviderImage{*bytes, formatOf(object, defaultFormat)});
        parsed.urls.append(QUrl());
        // Each completed event reports the usage of its own image.
        const ImageUsage usage = OpenAiImagesResponse::usage(object.value(QLatin1String("usage")).toObject());
        parsed.result.usage.inputTextTokens += usage.inputTextTokens;
        parsed.result.usage.inputImageTokens += usage.inputImageTokens;
        parsed.result.usage.outputTokens += usage.outputTokens;
    }
    return checked(std::move(parsed));
}

PartialImage OpenAiImagesResponse::parsePartial(const QByteArray &event)
{
    const QJsonObject object = QJsonDocument::fromJson(event).object();
    return {
        object.value(QLatin1String("partial_image_index")).toInt(),
        decodeBase64(object.value(QLatin1String("b64_json")).toString().toLatin1()).value_or(QByteArray())};
}

ParsedImages OpenAiImagesResponse::checked(ParsedImages parsed)
{
    // The header is enough here: the library decodes every image in full before it counts, and a second
    // full decode would cost as much as the first.
    for (const ProviderImage &image : std::as_const(parsed.result.images)) {
        QBuffer buffer;
        buffer.setData(image.bytes);
        buffer.open(QIODevice::ReadOnly);
        if (QImageReader reader(&buffer); !reader.canRead() || !reader.size().isValid()) {
            parsed.error = badResponse(QStringLiteral("The server sent data that is not an image."));
            break;
        }
    }
    return parsed;
}

std::optional<QByteArray> OpenAiImagesResponse::decodeBase64(QByteArrayView text)
{
    // OpenSSL's table-driven decoder runs at over 1 GB/s, eight times Qt's: a result's 2 MB of base64 costs
    // under 2 ms. It wants whole groups of four, so the padding an unpadded answer left out is added back.
    QByteArray padded;
    if (const qsizetype rest = text.size() % 4; rest != 0) {
        if (rest == 1 || text.endsWith('='))
            return std::nullopt;
        padded = text.toByteArray() + QByteArray(4 - rest, '=');
        text = padded;
    }
    const qsizetype padding = text.endsWith("==") ? 2 : text.endsWith('=') ? 1 : 0;
    if (text.first(text.size() - padding).contains('=') || text.size() > std::numeric_limits<int>::max())
        return std::nullopt;
    if (text.isEmpty())
        return QByteArray();
    // It skips white space and '-' at either end, which a strict reading refuses.
    const auto inAlphabet = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
               c == '/';
    };
    if (!inAlphabet(text.front()) || !inAlphabet(text.at(text.size() - padding - 1)))
        return std::nullopt;
    QByteArray decoded(text.size() / 4 * 3, Qt::Uninitialized);
    const int written =
        EVP_DecodeBlock(reinterpret_cast<unsigned char *>(decoded.data()),
                        reinterpret_cast<const unsigned char *>(text.data()), int(text.size()));
    if (written < 0)
        return std::nullopt;
    decoded.truncate(written - padding);
    return decoded;
}

ImageUsage OpenAiImagesResponse::usage(const QJsonObject &usage)
{
    const QJsonObject details = usage.value(QLatin1String("input_tokens_details")).toObject();
    ImageUsage result;
    result.inputTextTokens = details.value(QLatin1String("text_tokens")).toInteger();
    result.inputImageTokens = details.value(QLatin1String("image_tokens")).toInteger();
    result.outputTokens = usage.value(QLatin1String("output_tokens")).toInteger();
    return result;
}

std::optional<qint64> OpenAiImagesResponse::durationMs(QByteArrayView text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|h|m|s)"));
    const QString duration = QString::fromLatin1(text).trimmed();
    if (duration.isEmpty())
        return std::nullopt;
    double total = 0;
    qsizetype at = 0;
    while (at < duration.size()) {
        const QRegularExpressionMatch match = part.match(duration, at, QRegularExpression::NormalMatch,
                                                         QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return std::nullopt;
        const double value = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        const double scale = unit == QLatin1String("h")   ? 3'600'000.0
                             : unit == QLatin1String("m") ? 60'000.0
                             : unit == QLatin1String("s") ? 1000.0
                                                          : 1.0;
        total += value * scale;
        at = match.capturedEnd();
    }
    // A day at most: an absurd header must not stop the scheduler for good.
    return qint64(std::min(total, 86'400'000.0));
}

} // namespace atelier
