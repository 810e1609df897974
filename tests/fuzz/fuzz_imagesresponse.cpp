// The JSON answer of the image endpoints, as a server (or anything in between) may send it, and the
// "completed" events of a stream: whatever the bytes, the parser returns images or an error, never crashes.
#include "providers/openai/openaiimagesresponse.h"

#include <QByteArray>
#include <QList>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    atelier::OpenAiImagesResponse::parse(bytes, QStringLiteral("png"));
    // The same bytes cut into events at each newline, as a stream delivers them.
    atelier::OpenAiImagesResponse::parseCompleted(bytes.split('\n'), QStringLiteral("png"));
    atelier::OpenAiImagesResponse::decodeBase64(bytes);
    atelier::OpenAiImagesResponse::durationMs(bytes);
    return 0;
}
