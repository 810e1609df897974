#include "pngtextchunk.h"

#include <QCoreApplication>
#include <QtEndian>

#include <array>

namespace atelier {

namespace {

const QByteArray kSignature("\x89PNG\r\n\x1a\n", 8);

struct Chunk
{
    qsizetype start = 0; // offset of the length field
    qsizetype end = 0;   // offset just past the CRC
    QByteArray type;
    QByteArray data;
};

// Every chunk in order, or nothing when the bytes do not hold a complete, well-formed chunk list.
std::optional<QList<Chunk>> chunks(const QByteArray &png)
{
    if (!png.startsWith(kSignature))
        return std::nullopt;
    QList<Chunk> list;
    qsizetype at = kSignature.size();
    while (at < png.size()) {
        if (png.size() - at < 12)
            return std::nullopt;
        const quint32 length = qFromBigEndian<quint32>(png.constData() + at);
        if (length > quint32(png.size() - at - 12))
            return std::nullopt;
        Chunk chunk;
        chunk.start = at;
        chunk.type = png.mid(at + 4, 4);
        chunk.data = png.mid(at + 8, length);
        chunk.end = at + 12 + length;
        list.append(chunk);
        at = chunk.end;
        if (chunk.type == "IEND")
            break;
    }
    if (list.isEmpty() || list.constFirst().type != "IHDR")
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

// zlib data as PNG stores it; qUncompress wants the expected size in front, and grows past a short guess.
std::optional<QByteArray> inflate(const QByteArray &compressed)
{
    QByteArray sized(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(std::min<qsizetype>(compressed.size() * 4, 1 << 24)), sized.data());
    const QByteArray plain = qUncompress(sized + compressed);
    if (plain.isEmpty() && !compressed.isEmpty())
        return std::nullopt;
    return plain;
}

// The keyword and text of a text chunk, when it is one and reads.
std::optional<std::pair<QByteArray, QString>> readText(const Chunk &chunk)
{
    const qsizetype nul = chunk.data.indexOf('\0');
    if (nul < 0)
        return std::nullopt;
    const QByteArray keyword = chunk.data.left(nul);
    const QByteArray rest = chunk.data.mid(nul + 1);
    if (chunk.type == "tEXt")
        return std::pair{keyword, QString::fromLatin1(rest)};
    if (chunk.type == "zTXt") {
        const std::optional<QByteArray> plain = rest.isEmpty() ? std::nullopt : inflate(rest.mid(1));
        if (!plain)
            return std::nullopt;
        return std::pair{keyword, QString::fromLatin1(*plain)};
    }
    if (chunk.type == "iTXt" && rest.size() >= 2) {
        const bool compressed = rest.at(0) != 0;
        const qsizetype language = rest.indexOf('\0', 2);
        const qsizetype translated = language < 0 ? -1 : rest.indexOf('\0', language + 1);
        if (translated < 0)
            return std::nullopt;
        const QByteArray body = rest.mid(translated + 1);
        const std::optional<QByteArray> plain = compressed ? inflate(body) : std::optional(body);
        if (!plain)
            return std::nullopt;
        return std::pair{keyword, QString::fromUtf8(*plain)};
    }
    return std::nullopt;
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
    for (qsizetype i = 1; i < list->size(); ++i) {
        const Chunk &old = list->at(i);
        const auto oldText = readText(old);
        if (oldText && oldText->first == name) {
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
        const auto found = readText(chunk);
        if (found && found->first == name)
            return found->second;
    }
    return std::nullopt;
}

} // namespace atelier
