// A dropped or imported PNG is untrusted: reading its "parameters" text, looking for a C2PA chunk, inserting
// a text chunk and parsing the text must never crash, whatever the chunks, lengths, CRCs and zlib streams
// say.
#include "domain/parameterstext.h"
#include "storage/pngtextchunk.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The signature first, so the fuzzer does not spend its time finding it.
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png.append(reinterpret_cast<const char *>(data), qsizetype(size));
    using atelier::PngTextChunk;
    if (const std::optional<QString> text = PngTextChunk::text(png, QStringLiteral("parameters")))
        atelier::ParametersText::parse(*text);
    PngTextChunk::hasChunk(png, "caBX");
    PngTextChunk::withText(png, QStringLiteral("parameters"), QStringLiteral("a fox"));
    atelier::ParametersText::parse(QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)));
    return 0;
}
