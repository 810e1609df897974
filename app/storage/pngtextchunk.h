#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace atelier {

// Text chunks in PNG bytes, without decoding or re-encoding the picture: QImage would drop every chunk it
// does not know (C2PA, other text) and change the pixels' encoding.
class PngTextChunk
{
public:
    // The bytes with one text chunk `keyword` right after IHDR, replacing any earlier chunk of that keyword:
    // tEXt when the text is Latin-1, iTXt (UTF-8) otherwise. Nothing, and *error in words, when the bytes are
    // not a well-formed PNG or the keyword is not 1-79 printable Latin-1 characters.
    static std::optional<QByteArray> withText(const QByteArray &png, const QString &keyword,
                                              const QString &text, QString *error = nullptr);
    // The text of the first tEXt, zTXt or iTXt chunk named `keyword`; nothing when there is none.
    static std::optional<QString> text(const QByteArray &png, const QString &keyword);

    static bool isPng(const QByteArray &bytes);
    // CRC-32 as PNG (and zlib) compute it, over the chunk type and data.
    static quint32 crc32(const QByteArray &bytes);
};

} // namespace atelier
