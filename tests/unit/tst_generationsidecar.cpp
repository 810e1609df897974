#include "domain/generationsidecar.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace atelier;

class TestGenerationSidecar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrips();
    void leavesOutAMissingSeed();
    void refusesWhatItCannotRead_data();
    void refusesWhatItCannotRead();

private:
    static GenerationSidecar sample()
    {
        GenerationSidecar sidecar;
        sidecar.generationId = 42;
        sidecar.run = 2;
        sidecar.request.profileId = 7;
        sidecar.request.prompt = QStringLiteral("a lighthouse at dusk, \"oil\"\nsecond line");
        sidecar.request.customPrompt = QStringLiteral("muted colours");
        sidecar.request.model = QStringLiteral("gpt-image-1");
        sidecar.request.quality = QStringLiteral("high");
        sidecar.request.aspectRatio = QStringLiteral("16:9");
        sidecar.request.productImages = {QStringLiteral("/tmp/product.png")};
        sidecar.request.parameters = {{QStringLiteral("seed"), 1234}};
        sidecar.provider = QStringLiteral("openai");
        sidecar.modelLabel = QStringLiteral("GPT Image 1");
        sidecar.size = QStringLiteral("1536x1024");
        sidecar.seed = 1234;
        sidecar.durationMs = 15250;
        sidecar.tokensCharged = 167;
        sidecar.createdAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
        sidecar.finishedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'015'373, Qt::UTC);
        sidecar.files = {QStringLiteral("42-r2-a-lighthouse-1.png"),
                         QStringLiteral("42-r2-a-lighthouse-2.png")};
        return sidecar;
    }
};

void TestGenerationSidecar::roundTrips()
{
    const GenerationSidecar sidecar = sample();
    QString error;
    const std::optional<GenerationSidecar> read = GenerationSidecar::fromJson(sidecar.toBytes(), &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->request.parameters.value(QStringLiteral("seed")).toInt(), 1234);
    QCOMPARE(read->createdAt, sidecar.createdAt);
    QCOMPARE(read->finishedAt, sidecar.finishedAt);
    // It travels with the image: file names without their folders, and no profile id.
    GenerationSidecar shared = sidecar;
    shared.request.profileId = 0;
    shared.request.productImages = {QStringLiteral("product.png")};
    QVERIFY(*read == shared);
    QVERIFY(!sidecar.toBytes().contains("/tmp/"));
    QVERIFY(!sidecar.toBytes().contains("profileId"));

    const QJsonObject json = QJsonDocument::fromJson(sidecar.toBytes()).object();
    QCOMPARE(json.value(QStringLiteral("format")).toString(), QStringLiteral("atelier-sidecar"));
    QCOMPARE(json.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(json.value(QStringLiteral("createdAt")).toString(), QStringLiteral("2023-11-14T22:13:20.123Z"));
}

void TestGenerationSidecar::leavesOutAMissingSeed()
{
    GenerationSidecar sidecar = sample();
    sidecar.seed.reset();
    QVERIFY(!sidecar.toJson().contains(QStringLiteral("seed")));
    const std::optional<GenerationSidecar> read = GenerationSidecar::fromJson(sidecar.toBytes(), nullptr);
    QVERIFY(read);
    QVERIFY(!read->seed);
}

void TestGenerationSidecar::refusesWhatItCannotRead_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::newRow("not JSON") << QByteArray("{\"format\": ") << QStringLiteral("not valid JSON");
    QTest::newRow("other JSON") << QByteArray(R"({"prompt": "x"})")
                                << QStringLiteral("not an Atelier sidecar");
    QTest::newRow("array") << QByteArray("[1]") << QStringLiteral("not an Atelier sidecar");
    QTest::newRow("no version") << QByteArray(R"({"format": "atelier-sidecar", "request": {}})")
                                << QStringLiteral("has no version");
    QTest::newRow("newer") << QByteArray(R"({"format": "atelier-sidecar", "version": 2, "request": {}})")
                           << QStringLiteral("version 2, written by a newer Atelier");
    QTest::newRow("no request") << QByteArray(R"({"format": "atelier-sidecar", "version": 1})")
                                << QStringLiteral("holds no request");
}

void TestGenerationSidecar::refusesWhatItCannotRead()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QString message;
    QVERIFY(!GenerationSidecar::fromJson(bytes, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestGenerationSidecar)
#include "tst_generationsidecar.moc"
