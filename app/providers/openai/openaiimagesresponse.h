#pragma once

#include "domain/generationerror.h"
#include "providers/provider.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QUrl>

#include <optional>

namespace atelier {

// What an ImagesResponse (or the completed events of a stream) held.
struct PartialImage
{
    int index = 0; // partial_image_index, from 0
    QByteArray bytes;
};

struct ParsedImages
{
    ProviderResult result;
    QList<QUrl>
        urls; // one per image: set when the server answered with a URL to fetch, the bytes still empty
    GenerationError error;

    bool needsDownload() const;
};

// Reads the answers of the OpenAI Images API. Pure functions that decode base64 and images: run them off the
// GUI thread.
class OpenAiImagesResponse final
{
public:
    // A 2xx ImagesResponse body. Inline images are decoded and checked unless URLs remain to be fetched.
    static ParsedImages parse(const QByteArray &body, const QString &defaultFormat);
    // The data of the *.completed events of a stream, in order.
    static ParsedImages parseCompleted(const QList<QByteArray> &events, const QString &defaultFormat);
    // Sets the error when an image's header does not read as an image; the bytes are left as they are.
    static ParsedImages checked(ParsedImages parsed);
    // A *.partial_image stream event: its index and image bytes (empty when its base64 is not valid).
    static PartialImage parsePartial(const QByteArray &event);

    static std::optional<QByteArray> decodeBase64(QByteArrayView text);
    static ImageUsage usage(const QJsonObject &usage);
    // An x-ratelimit-reset-* duration such as "1s", "6m0s", "20ms" or "1h2m3.5s".
    static std::optional<qint64> durationMs(QByteArrayView text);
};

} // namespace atelier
