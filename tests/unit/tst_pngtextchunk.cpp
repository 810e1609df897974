#include "storage/pngtextchunk.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QTest>
#include <QtEndian>

using namespace atelier;

class TestPngTextChunk : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void insertsATextChunkAfterTheHeader();
    void writesUtf8AsITxt();
    void replacesAnEarlierChunkOfTheKeyword();
    void readsWhatQtWrites();
    void refusesWhatIsNotAPng();
    void computesTheStandardCrc();
    void requiresIendAndMatchingCrcs();
    void readsOnlyTextWhoseCrcMatches();
    void boundsWhatItInflates();
    void checksTheCompressionMethod();
    void replacesAChunkOfTheKeywordThatDoesNotRead();

private:
    static QByteArray png(const QImage &image)
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return bytes;
    }
    static QByteArray sample()
    {
        QImage image(24, 16, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        return png(image);
    }
    static QImage decoded(const QByteArray &bytes)
    {
        QImage image;
        image.loadFromData(bytes, "PNG");
        return image;
    }
    static QByteArray chunk(const QByteArray &type, const QByteArray &data)
    {
        QByteArray bytes(4, Qt::Uninitialized);
        qToBigEndian<quint32>(quint32(data.size()), bytes.data());
        QByteArray crc(4, Qt::Uninitialized);
        qToBigEndian<quint32>(PngTextChunk::crc32(type + data), crc.data());
        return bytes + type + data + crc;
    }
    // zlib data as PNG stores it: qCompress without its size prefix.
    static QByteArray zlib(const QByteArray &plain) { return qCompress(plain).mid(4); }
    // The sample with extra chunks right after IHDR.
    static QByteArray withChunks(const QByteArray &extra) { return sample().insert(33, extra); }
    // Every chunk's CRC matches its type and data.
    static bool crcsValid(const QByteArray &bytes)
    {
        qsizetype at = 8;
        while (at + 12 <= bytes.size()) {
            const quint32 length = qFromBigEndian<quint32>(bytes.constData() + at);
            const quint32 crc = qFromBigEndian<quint32>(bytes.constData() + at + 8 + length);
            if (PngTextChunk::crc32(bytes.mid(at + 4, 4 + length)) != crc)
                return false;
            at += 12 + length;
        }
        return at == bytes.size();
    }
};

void TestPngTextChunk::insertsATextChunkAfterTheHeader()
{
    const QByteArray original = sample();
    const QByteArray untouched = original;
    const QString text = QStringLiteral("a fox\nSeed: 1, Size: 24x16, Model: offline");
    QString error;
    const std::optional<QByteArray> tagged =
        PngTextChunk::withText(original, QStringLiteral("parameters"), text, &error);
    QVERIFY2(tagged, qPrintable(error));
    QCOMPARE(original, untouched);
    // Signature (8) + IHDR (12 + 13), then the new chunk.
    QCOMPARE(tagged->mid(33 + 4, 4), QByteArray("tEXt"));
    QCOMPARE(tagged->left(33), original.left(33));
    QCOMPARE(tagged->mid(tagged->size() - (original.size() - 33)), original.mid(33));
    QVERIFY(crcsValid(*tagged));
    QCOMPARE(PngTextChunk::text(*tagged, QStringLiteral("parameters")), std::optional(text));
    // libpng drops an ancillary chunk whose CRC is wrong; this one arrives, and the pixels are the same.
    const QImage image = decoded(*tagged);
    QCOMPARE(image.text(QStringLiteral("parameters")), text);
    QCOMPARE(image, decoded(original));
    QVERIFY(!PngTextChunk::text(original, QStringLiteral("parameters")));
}

void TestPngTextChunk::writesUtf8AsITxt()
{
    const QString text = QStringLiteral("灯台, 夕暮れ — “quoted”\nSeed: 5, Size: 24x16, Model: offline");
    const std::optional<QByteArray> tagged =
        PngTextChunk::withText(sample(), QStringLiteral("parameters"), text);
    QVERIFY(tagged);
    QCOMPARE(tagged->mid(33 + 4, 4), QByteArray("iTXt"));
    QVERIFY(crcsValid(*tagged));
    QCOMPARE(PngTextChunk::text(*tagged, QStringLiteral("parameters")), std::optional(text));
    QCOMPARE(decoded(*tagged).text(QStringLiteral("parameters")), text);
}

void TestPngTextChunk::replacesAnEarlierChunkOfTheKeyword()
{
    const std::optional<QByteArray> first =
        PngTextChunk::withText(sample(), QStringLiteral("parameters"), QStringLiteral("old"));
    const std::optional<QByteArray> second =
        PngTextChunk::withText(*first, QStringLiteral("parameters"), QStringLiteral("new"));
    QVERIFY(second);
    QCOMPARE(PngTextChunk::text(*second, QStringLiteral("parameters")), std::optional(QStringLiteral("new")));
    QCOMPARE(second->count("parameters"), 1);
    QCOMPARE(second->size(), first->size());
}

void TestPngTextChunk::readsWhatQtWrites()
{
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::red);
    const QString latin = QStringLiteral("a long prompt ").repeated(20);
    const QString unicode = QStringLiteral("雪の中の赤い狐 ").repeated(20);
    image.setText(QStringLiteral("parameters"), latin);
    image.setText(QStringLiteral("Comment"), unicode);
    const QByteArray bytes = png(image);
    QCOMPARE(PngTextChunk::text(bytes, QStringLiteral("parameters")), std::optional(latin));
    QCOMPARE(PngTextChunk::text(bytes, QStringLiteral("Comment")), std::optional(unicode));
}

void TestPngTextChunk::refusesWhatIsNotAPng()
{
    QString error;
    QVERIFY(!PngTextChunk::withText("GIF89a....", QStringLiteral("parameters"), QStringLiteral("x"), &error));
    QVERIFY(error.contains(QStringLiteral("not a well-formed PNG")));
    QVERIFY(!PngTextChunk::withText(sample().left(40), QStringLiteral("parameters"), QStringLiteral("x")));
    QVERIFY(!PngTextChunk::withText(sample(), QString(), QStringLiteral("x"), &error));
    QVERIFY(error.contains(QStringLiteral("keyword")));
    QVERIFY(!PngTextChunk::isPng(QByteArray()));
    QVERIFY(!PngTextChunk::text(QByteArray("not a png"), QStringLiteral("parameters")));
}

void TestPngTextChunk::computesTheStandardCrc()
{
    // The check value every CRC-32 (ISO-HDLC) implementation gives for "123456789".
    QCOMPARE(PngTextChunk::crc32("123456789"), 0xcbf43926u);
    QCOMPARE(PngTextChunk::crc32("IEND"), 0xae426082u);
}

void TestPngTextChunk::requiresIendAndMatchingCrcs()
{
    const QByteArray good = sample();
    QVERIFY(PngTextChunk::isPng(good));
    QCOMPARE(good.right(12).mid(4, 4), QByteArray("IEND"));
    QVERIFY(!PngTextChunk::isPng(good.chopped(12))); // every chunk complete, but no IEND
    QVERIFY(!PngTextChunk::withText(good.chopped(12), QStringLiteral("parameters"), QStringLiteral("x")));
    QByteArray badHeader = good;
    badHeader[32] = char(badHeader.at(32) ^ 0x01); // the last byte of IHDR's CRC
    QVERIFY(!PngTextChunk::isPng(badHeader));
    QByteArray badEnd = good;
    badEnd[badEnd.size() - 1] = char(badEnd.at(badEnd.size() - 1) ^ 0x01);
    QVERIFY(!PngTextChunk::isPng(badEnd));
    // Bytes after IEND are left alone.
    QVERIFY(PngTextChunk::isPng(good + "trailing"));
}

void TestPngTextChunk::readsOnlyTextWhoseCrcMatches()
{
    QByteArray broken = chunk("tEXt", QByteArray("parameters\0broken", 17));
    broken[broken.size() - 1] = char(broken.at(broken.size() - 1) ^ 0x01);
    const QByteArray good = chunk("tEXt", QByteArray("parameters\0good", 15));
    QVERIFY(!PngTextChunk::text(withChunks(broken), QStringLiteral("parameters")));
    QCOMPARE(PngTextChunk::text(withChunks(broken + good), QStringLiteral("parameters")),
             std::optional(QStringLiteral("good")));
}

void TestPngTextChunk::boundsWhatItInflates()
{
    // 4 MB of one letter inflate from a few kilobytes: past the 1 MB limit, so unreadable, under any keyword.
    const QByteArray bomb = zlib(QByteArray(4 << 20, 'a'));
    QVERIFY(bomb.size() < 20000);
    const QByteArray comment = chunk("zTXt", QByteArray("Comment\0\0", 9) + bomb);
    const QByteArray parameters = chunk("zTXt", QByteArray("parameters\0\0", 12) + bomb);
    QVERIFY(!PngTextChunk::text(withChunks(comment), QStringLiteral("Comment")));
    QVERIFY(!PngTextChunk::text(withChunks(parameters), QStringLiteral("parameters")));
    // Another keyword's chunk is skipped without being inflated; the one asked for is found after it.
    const QByteArray wanted = chunk("zTXt", QByteArray("parameters\0\0", 12) + zlib("a fox"));
    QCOMPARE(PngTextChunk::text(withChunks(comment + wanted), QStringLiteral("parameters")),
             std::optional(QStringLiteral("a fox")));
    // Just under the limit still reads; a truncated stream does not.
    const QByteArray large(1 << 20, 'b');
    QCOMPARE(PngTextChunk::text(withChunks(chunk("zTXt", QByteArray("parameters\0\0", 12) + zlib(large))),
                                QStringLiteral("parameters")),
             std::optional(QString::fromLatin1(large)));
    QVERIFY(!PngTextChunk::text(
        withChunks(chunk("zTXt", QByteArray("parameters\0\0", 12) + zlib("a fox").chopped(4))),
        QStringLiteral("parameters")));
}

void TestPngTextChunk::checksTheCompressionMethod()
{
    const QByteArray text = QStringLiteral("雪の狐").toUtf8();
    // iTXt: keyword, compression flag, compression method, language tag, translated keyword, text.
    const auto iTxt = [](char flag, char method, const QByteArray &body) {
        return chunk("iTXt", QByteArray("parameters\0", 11) + flag + method + QByteArray("\0\0", 2) + body);
    };
    QCOMPARE(PngTextChunk::text(withChunks(iTxt(1, 0, zlib(text))), QStringLiteral("parameters")),
             std::optional(QStringLiteral("雪の狐")));
    QCOMPARE(PngTextChunk::text(withChunks(iTxt(0, 0, text)), QStringLiteral("parameters")),
             std::optional(QStringLiteral("雪の狐")));
    QVERIFY(!PngTextChunk::text(withChunks(iTxt(1, 1, zlib(text))), QStringLiteral("parameters")));
    QVERIFY(!PngTextChunk::text(withChunks(iTxt(2, 0, text)), QStringLiteral("parameters")));
    QVERIFY(!PngTextChunk::text(withChunks(chunk("zTXt", QByteArray("parameters\0\1", 12) + zlib("x"))),
                                QStringLiteral("parameters")));
}

void TestPngTextChunk::replacesAChunkOfTheKeywordThatDoesNotRead()
{
    QByteArray badCrc = chunk("tEXt", QByteArray("parameters\0old", 14));
    badCrc[badCrc.size() - 1] = char(badCrc.at(badCrc.size() - 1) ^ 0x01);
    const QByteArray badZlib = chunk("zTXt", QByteArray("parameters\0\0not zlib", 20));
    const QByteArray other = chunk("zTXt", QByteArray("Comment\0\0", 9) + zlib("kept"));
    const std::optional<QByteArray> tagged = PngTextChunk::withText(
        withChunks(badCrc + other + badZlib), QStringLiteral("parameters"), QStringLiteral("new"));
    QVERIFY(tagged);
    QCOMPARE(tagged->count("parameters"), 1);
    QVERIFY(crcsValid(*tagged));
    QCOMPARE(PngTextChunk::text(*tagged, QStringLiteral("parameters")), std::optional(QStringLiteral("new")));
    QCOMPARE(PngTextChunk::text(*tagged, QStringLiteral("Comment")), std::optional(QStringLiteral("kept")));
}

QTEST_GUILESS_MAIN(TestPngTextChunk)
#include "tst_pngtextchunk.moc"
