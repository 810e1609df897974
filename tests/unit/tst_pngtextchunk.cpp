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

QTEST_GUILESS_MAIN(TestPngTextChunk)
#include "tst_pngtextchunk.moc"
