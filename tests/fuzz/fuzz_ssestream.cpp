// Server-sent events arrive in chunks of any size: the first byte of the input chooses the chunk size, the
// rest is the stream. The parser must return events or an error and stay within its byte bound.
#include "providers/openai/ssestreamparser.h"

#include <QByteArrayView>

#include <algorithm>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype chunk = qsizetype(data[0] % 64) + 1;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    // A small bound, so that the fuzzer reaches the "event too large" path too.
    atelier::SseStreamParser parser(4096);
    for (qsizetype at = 0; at < stream.size() && !parser.hasError(); at += chunk)
        parser.feed(stream.sliced(at, std::min(chunk, stream.size() - at)));
    parser.finish();
    return 0;
}
