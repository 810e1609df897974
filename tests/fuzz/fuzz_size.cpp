// Sizes come from the command line, request files and sidecars: "WIDTHxHEIGHT" or anything else.
#include "domain/modelcatalog.h"

#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const std::optional<QSize> parsed = atelier::ModelCatalog::parseSize(text)) {
        // What it accepts is a real size.
        if (parsed->width() <= 0 || parsed->height() <= 0)
            __builtin_trap();
    }
    return 0;
}
