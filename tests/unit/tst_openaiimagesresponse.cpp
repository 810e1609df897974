#include "providers/openai/openaiimagesresponse.h"
#include "testpicture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace atelier;

// The readers of the image endpoints' answers that run on every result: base64 (OpenSSL's decoder, held to
// Qt's strict reading), the header check and a partial image event.
class TestOpenAiImagesResponse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void base64AgreesWithQtsStrictDecoder();
    void base64RefusesWhatIsNotBase64_data();
    void base64RefusesWhatIsNotBase64();
    void base64DecodesPaddedAndUnpadded();
    void headerCheckTellsImagesFromOtherBytes();
    void partialEventGivesIndexAndBytes();
};

void TestOpenAiImagesResponse::base64AgreesWithQtsStrictDecoder()
{
    // Random bytes encoded, some with one character swapped for one of the alphabet, a separator or noise,
    // and random strings: wherever Qt's AbortOnBase64DecodingErrors reading decides, ours decides the same.
    // (Qt also takes a lone trailing character as nothing, which no encoder writes: ours refuses it.)
    QRandomGenerator random(20261126);
    const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n\t-_.";
    int valid = 0;
    for (int round = 0; round < 200'000; ++round) {
        QByteArray text;
        if (random.bounded(2) == 0) {
            QByteArray raw(random.bounded(12), Qt::Uninitialized);
            for (char &c : raw)
                c = char(random.bounded(256));
            text = raw.toBase64();
            if (!text.isEmpty() && random.bounded(3) == 0)
                text[random.bounded(int(text.size()))] = alphabet.at(random.bounded(int(alphabet.size())));
        } else {
            for (int i = random.bounded(14); i > 0; --i)
                text += alphabet.at(random.bounded(int(alphabet.size())));
        }
        if (text.size() % 4 == 1)
            continue;
        const auto qt = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
        const std::optional<QByteArray> ours = OpenAiImagesResponse::decodeBase64(text);
        QVERIFY2(bool(qt) == ours.has_value(), text.constData());
        if (ours) {
            QCOMPARE(*ours, *qt);
            ++valid;
        }
    }
    QVERIFY(valid > 50'000);
}

void TestOpenAiImagesResponse::base64RefusesWhatIsNotBase64_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("lone character") << QByteArray("QUJDR");
    QTest::newRow("padding inside") << QByteArray("QQ==QUJD");
    QTest::newRow("three padding") << QByteArray("Q===");
    QTest::newRow("padding after a partial group") << QByteArray("QUJ=A");
    QTest::newRow("trailing dashes") << QByteArray("QUJD----");
    QTest::newRow("leading space") << QByteArray("    QUJD");
    QTest::newRow("trailing newlines") << QByteArray("QUJDRA==\n\n\n\n");
    QTest::newRow("url alphabet") << QByteArray("-_-_");
    QTest::newRow("a NUL") << QByteArray("QU\0D", 4);
}

void TestOpenAiImagesResponse::base64RefusesWhatIsNotBase64()
{
    QFETCH(QByteArray, text);
    QVERIFY(!OpenAiImagesResponse::decodeBase64(text));
}

void TestOpenAiImagesResponse::base64DecodesPaddedAndUnpadded()
{
    QCOMPARE(OpenAiImagesResponse::decodeBase64(""), QByteArray());
    QCOMPARE(OpenAiImagesResponse::decodeBase64("QQ=="), QByteArray("A"));
    QCOMPARE(OpenAiImagesResponse::decodeBase64("QQ"), QByteArray("A"));
    QCOMPARE(OpenAiImagesResponse::decodeBase64("QUI="), QByteArray("AB"));
    QCOMPARE(OpenAiImagesResponse::decodeBase64("QUI"), QByteArray("AB"));
    QByteArray large(3 * 1024 * 1024 + 2, Qt::Uninitialized);
    QRandomGenerator random(7);
    for (char &c : large)
        c = char(random.bounded(256));
    QCOMPARE(OpenAiImagesResponse::decodeBase64(large.toBase64()), large);
}

void TestOpenAiImagesResponse::headerCheckTellsImagesFromOtherBytes()
{
    const QByteArray png = test::TestPicture::encoded(QSize(64, 48), "png");
    ParsedImages parsed;
    parsed.result.images = {ProviderImage{png, QStringLiteral("png")}};
    QVERIFY(!OpenAiImagesResponse::checked(parsed).error.isError());
    parsed.result.images.append(ProviderImage{"This is not an image.", QStringLiteral("png")});
    const ParsedImages refused = OpenAiImagesResponse::checked(parsed);
    QCOMPARE(refused.error.category, GenerationError::Category::BadResponse);
    QCOMPARE(refused.error.message, QStringLiteral("The server sent data that is not an image."));
}

void TestOpenAiImagesResponse::partialEventGivesIndexAndBytes()
{
    const QByteArray event =
        QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("image_generation.partial_image")},
                                  {QStringLiteral("partial_image_index"), 2},
                                  {QStringLiteral("b64_json"), QStringLiteral("QUJD")}})
            .toJson();
    const PartialImage partial = OpenAiImagesResponse::parsePartial(event);
    QCOMPARE(partial.index, 2);
    QCOMPARE(partial.bytes, QByteArray("ABC"));
    QVERIFY(OpenAiImagesResponse::parsePartial("{\"b64_json\": \"%%\"}").bytes.isEmpty());
}

QTEST_GUILESS_MAIN(TestOpenAiImagesResponse)
#include "tst_openaiimagesresponse.moc"
