#include "pngtextchunk.h"

#include <QCoreApplication>
#include <QtEndian>

#include <zlib.h>

#include <algorithm>
#include <array>

namespace atelier {

namespace {

const QByteArray kSignature("\x89PNG\r\n\x1a\n", 8);
// Generation parameters are a few kilobytes; a text longer than this, stored or inflated, counts as
// unreadable.
constexpr qsizetype kLargestText = 1 << 20;

struct Chunk
{
    qsizetype start = 0; // offset of the length field
    qsizetype end = 0;   // offset just past the CRC
    QByteArray type;
    qsizetype dataStart = 0;
    qsizetype length = 0;
};

bool isText(const Chunk &chunk)
{
    return chunk.type == "tEXt" || chunk.type == "zTXt" || chunk.type == "iTXt";
}

bool crcMatches(const QByteArray &png, const Chunk &chunk)
{
    const quint32 stored = qFromBigEndian<quint32>(png.constData() + chunk.dataStart + chunk.length);
    return PngTextChunk::crc32(
               QByteArray::fromRawData(png.constData() + chunk.start + 4, chunk.length + 4)) == stored;
}

// Every chunk in order, up to and including IEND, or nothing unless: the bytes start with the PNG signature,
// every length fits in the bytes, the first chunk is IHDR, an IEND chunk comes, and the CRCs of IHDR and IEND
// match. Bytes after IEND are left alone. The CRCs of the other chunks are checked where they are read.
std::optional<QList<Chunk>> chunks(const QByteArray &png)
{
    if (!png.startsWith(kSignature))
        return std::nullopt;
    QList<Chunk> list;
    qsizetype at = kSignature.size();
    bool ended = false;
    while (!ended && at < png.size()) {
        if (png.size() - at < 12)
            return std::nullopt;
        const quint32 length = qFromBigEndian<quint32>(png.constData() + at);
        if (length > quint32(png.size() - at - 12))
            return std::nullopt;
        Chunk chunk;
        chunk.start = at;
        chunk.type = png.mid(at + 4, 4);
        chunk.dataStart = at + 8;
        chunk.length = length;
        chunk.end = at + 12 + length;
        ended = chunk.type == "IEND";
        if ((ended || list.isEmpty()) && !crcMatches(png, chunk))
            return std::nullopt;
        list.append(chunk);
        at = chunk.end;
    }
    if (!ended || list.constFirst().type != "IHDR")
        return std::nullopt;
    return list;
}

QByteArray chunkBytes(const QByteArray &type, const QByteArray &data)
{
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(data.size()), bytes.data());
    const QByteArray typed = type + data;
    QByteArray crc(4, Qt::Uninitialized);
    qToBigEndian<quint32>(PngTextChunk::crc32(typed), crc.data());
    return bytes + typed + crc;
}

// zlib data as PNG stores it, inflated in steps: nothing when it does not inflate completely or grows past
// kLargestText, so a small chunk cannot make a large allocation.
std::optional<QByteArray> inflate(const QByteArray &compressed)
{
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK)
        return std::nullopt;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.constData()));
    stream.avail_in = uInt(compressed.size());
    QByteArray plain;
    std::array<char, 16384> buffer;
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(buffer.data());
        stream.avail_out = uInt(buffer.size());
        status = ::inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END)
            break;
        const qsizetype produced = qsizetype(buffer.size() - stream.avail_out);
        if (plain.size() + produced > kLargestText) {
            status = Z_MEM_ERROR;
            break;
        }
        plain.append(buffer.data(), produced);
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END)
        return std::nullopt;
    return plain;
}

// The keyword field of a text chunk (the bytes before the first NUL); nothing when it has none.
std::optional<QByteArray> keywordOf(const QByteArray &png, const Chunk &chunk)
{
    if (!isText(chunk))
        return std::nullopt;
    const QByteArray data = QByteArray::fromRawData(png.constData() + chunk.dataStart, chunk.length);
    const qsizetype nul = data.indexOf('\0');
    if (nul < 0)
        return std::nullopt;
    return QByteArray(data.constData(), nul);
}

// The text of a text chunk whose keyword was already compared: nothing unless its CRC matches, a compressed
// text uses compression method 0 (zlib) and inflates to at most kLargestText, and an iTXt's compression flag
// is 0 or 1 and its language tag and translated keyword are NUL-terminated. Only this one chunk is inflated.
std::optional<QString> readText(const QByteArray &png, const Chunk &chunk, qsizetype keywordSize)
{
    if (!crcMatches(png, chunk))
        return std::nullopt;
    const QByteArray rest(png.constData() + chunk.dataStart + keywordSize + 1,
                          chunk.length - keywordSize - 1);
    if (chunk.type == "tEXt") {
        if (rest.size() > kLargestText)
            return std::nullopt;
        return QString::fromLatin1(rest);
    }
    if (chunk.type == "zTXt") {
        if (rest.isEmpty() || rest.at(0) != 0)
            return std::nullopt;
        const std::optional<QByteArray> plain = inflate(rest.mid(1));
        return plain ? std::optional(QString::fromLatin1(*plain)) : std::nullopt;
    }
    if (rest.size() < 2)
        return std::nullopt;
    const char flag = rest.at(0);
    const char method = rest.at(1);
    if ((flag != 0 && flag != 1) || (flag == 1 && method != 0))
        return std::nullopt;
    const qsizetype language = rest.indexOf('\0', 2);
    const qsizetype translated = language < 0 ? -1 : rest.indexOf('\0', language + 1);
    if (translated < 0)
        return std::nullopt;
    const QByteArray body = rest.mid(translated + 1);
    if (flag == 0 && body.size() > kLargestText)
        return std::nullopt;
    const std::optional<QByteArray> plain = flag == 1 ? inflate(body) : std::optional(body);
    return plain ? std::optional(QString::fromUtf8(*plain)) : std::nullopt;
}

bool isLatin1(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() <= 0xff; });
}

} // namespace

quint32 PngTextChunk::crc32(const QByteArray &bytes)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 crc = 0xffffffffu;
    for (const char byte : bytes)
        crc = table[(crc ^ quint8(byte)) & 0xff] ^ (crc >> 8);
    return crc ^ 0xffffffffu;
}

bool PngTextChunk::isPng(const QByteArray &bytes)
{
    return chunks(bytes).has_value();
}

bool PngTextChunk::hasChunk(const QByteArray &png, const QByteArray &type)
{
    const std::optional<QList<Chunk>> list = chunks(png);
    return list && std::any_of(list->cbegin(), list->cend(),
                               [&type](const Chunk &chunk) { return chunk.type == type; });
}

std::optional<QByteArray> PngTextChunk::withText(const QByteArray &png, const QString &keyword,
                                                 const QString &text, QString *error)
{
    const auto fail = [error](const char *message) {
        if (error)
            *error = QCoreApplication::translate("PngTextChunk", message);
        return std::nullopt;
    };
    const bool keywordOk =
        !keyword.isEmpty() && keyword.size() < 80 &&
        std::all_of(
            keyword.cbegin(), keyword.cend(),
            [](QChar c) { return (c.unicode() >= 32 && c.unicode() <= 126) || c.unicode() >= 161; }) &&
        isLatin1(keyword);
    if (!keywordOk)
        return fail(
            QT_TRANSLATE_NOOP("PngTextChunk", "A PNG text keyword is 1 to 79 printable Latin-1 characters."));
    const std::optional<QList<Chunk>> list = chunks(png);
    if (!list)
        return fail(QT_TRANSLATE_NOOP("PngTextChunk", "The file is not a well-formed PNG."));

    const QByteArray name = keyword.toLatin1();
    const QByteArray chunk = isLatin1(text) && !text.contains(QChar(0))
                                 ? chunkBytes("tEXt", name + '\0' + text.toLatin1())
                                 // Not compressed, no language tag, no translated keyword.
                                 : chunkBytes("iTXt", name + QByteArray("\0\0\0\0\0", 5) + text.toUtf8());
    QByteArray result = png.left(list->constFirst().end) + chunk;
    qsizetype copied = list->constFirst().end;
    // Every text chunk of the keyword goes, whether or not its text or CRC reads: one is left.
    for (qsizetype i = 1; i < list->size(); ++i) {
        const Chunk &old = list->at(i);
        if (keywordOf(png, old) == name) {
            result += png.mid(copied, old.start - copied);
            copied = old.end;
        }
    }
    result += png.mid(copied);
    return result;
}

std::optional<QString> PngTextChunk::text(const QByteArray &png, const QString &keyword)
{
    const std::optional<QList<Chunk>> list = chunks(png);
    if (!list)
        return std::nullopt;
    const QByteArray name = keyword.toLatin1();
    for (const Chunk &chunk : *list) {
        if (keywordOf(png, chunk) != name)
            continue;
        if (const std::optional<QString> found = readText(png, chunk, name.size()))
            return found;
    }
    return std::nullopt;
}

} // namespace atelier
