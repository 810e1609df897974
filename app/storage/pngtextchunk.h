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
    // The bytes with one text chunk `keyword` right after IHDR, replacing every earlier tEXt, zTXt or iTXt
    // chunk of that keyword (whether or not its text reads): tEXt when the text is Latin-1, iTXt (UTF-8)
    // otherwise. Nothing, and *error in words, when the bytes are not a well-formed PNG (see isPng) or the
    // keyword is not 1-79 printable Latin-1 characters.
    static std::optional<QByteArray> withText(const QByteArray &png, const QString &keyword,
                                              const QString &text, QString *error = nullptr);
    // The text of the first tEXt, zTXt or iTXt chunk named `keyword` that reads: its CRC matches, a
    // compressed text uses zlib (method 0) and the text is at most 1 MB, stored or inflated. Only chunks of
    // that keyword are inflated. Nothing when there is none.
    static std::optional<QString> text(const QByteArray &png, const QString &keyword);

    // The signature, a chunk list whose lengths fit, IHDR first, an IEND, and matching CRCs on IHDR and IEND.
    // The pixels are not decoded and other chunks' CRCs are not checked here.
    static bool isPng(const QByteArray &bytes);
    // Whether a well-formed PNG has a chunk of this four-letter type before its IEND ("caBX" holds a C2PA
    // manifest, which any added chunk would invalidate).
    static bool hasChunk(const QByteArray &png, const QByteArray &type);
    // CRC-32 as PNG (and zlib) compute it, over the chunk type and data.
    static quint32 crc32(const QByteArray &bytes);
};

} // namespace atelier
