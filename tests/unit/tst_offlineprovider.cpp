#include "providers/offline/offlineprovider.h"
#include "providers/offline/offlinerenderer.h"

#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>
#include <QtConcurrent>

#include <memory>

namespace atelier {

namespace {

const QString Prompt = QStringLiteral("A lighthouse on a cliff at dusk, waves breaking below, oil painting");

ProviderJob makeJob(qint64 id, const QString &size = QStringLiteral("320x240"), int count = 1)
{
    ProviderJob job;
    job.generationId = id;
    job.request.prompt = Prompt;
    job.request.model = QStringLiteral("offline");
    job.request.quality = QStringLiteral("low");
    job.request.imageCount = count;
    job.size = size;
    return job;
}

QImage decode(const ProviderImage &image)
{
    return QImage::fromData(image.bytes, "png");
}

// The ids of a spy's signals, in order.
QList<qint64> ids(const QSignalSpy &spy)
{
    QList<qint64> result;
    for (const QList<QVariant> &arguments : spy)
        result.append(arguments.at(0).toLongLong());
    return result;
}

} // namespace

class OfflineProviderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identity();
    void renderIsDeterministic();
    void renderDiffersWithPromptAndSeed();
    void renderDecodesAtSize_data();
    void renderDecodesAtSize();
    void stepsThenFinished();
    void severalImages();
    void sizeAndSeedFromTheJob_data();
    void sizeAndSeedFromTheJob();
    void severalJobsAtOnce();
    void cancelDuringRun();
    void cancelUnknownIsHarmless();
    void withoutRendering();
    void destroyedWhileRunning();
};

void OfflineProviderTest::identity()
{
    OfflineProvider provider;
    QCOMPARE(provider.id(), QStringLiteral("offline"));
    QCOMPARE(provider.displayName(), QStringLiteral("Offline preview (no AI)"));
    QString whyNot = QStringLiteral("stale");
    QVERIFY(provider.isReady(&whyNot));
    QVERIFY(whyNot.isEmpty());
    QVERIFY(provider.isReady(nullptr));
}

void OfflineProviderTest::renderIsDeterministic()
{
    const QSize size(256, 192);
    const QImage here = OfflineRenderer::render(Prompt, 42, size, QStringLiteral("high"));
    QCOMPARE(here.format(), QImage::Format_RGB32);
    QCOMPARE(here.size(), size);
    QCOMPARE(OfflineRenderer::render(Prompt, 42, size, QStringLiteral("high")), here);

    // The same pixels from a pool thread.
    const QImage there = QtConcurrent::run([&] {
                             return OfflineRenderer::render(Prompt, 42, size, QStringLiteral("high"));
                         }).result();
    QCOMPARE(there, here);

    const QByteArray png = OfflineRenderer::renderPng(Prompt, 42, size, QStringLiteral("high"));
    QVERIFY(png.startsWith("\x89PNG"));
    QCOMPARE(OfflineRenderer::renderPng(Prompt, 42, size, QStringLiteral("high")), png);
    // The prompt's hash is fixed, not seeded per process.
    QCOMPARE(OfflineRenderer::promptHash(QStringLiteral("a")), 0xe40c292cU);
}

void OfflineProviderTest::renderDiffersWithPromptAndSeed()
{
    const QSize size(200, 150);
    const QImage base = OfflineRenderer::render(Prompt, 1, size, QStringLiteral("medium"));
    QVERIFY(OfflineRenderer::render(Prompt, 2, size, QStringLiteral("medium")) != base);
    QVERIFY(OfflineRenderer::render(Prompt + QLatin1Char('!'), 1, size, QStringLiteral("medium")) != base);
    QVERIFY(OfflineRenderer::render(Prompt, 1, size, QStringLiteral("high")) != base);
}

void OfflineProviderTest::renderDecodesAtSize_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("quality");

    QTest::newRow("square low") << QSize(256, 256) << QStringLiteral("low");
    QTest::newRow("landscape medium") << QSize(480, 270) << QStringLiteral("medium");
    QTest::newRow("portrait high") << QSize(200, 300) << QStringLiteral("high");
    QTest::newRow("tiny, no writing") << QSize(16, 16) << QStringLiteral("auto");
    QTest::newRow("thin") << QSize(600, 64) << QStringLiteral("low");
}

void OfflineProviderTest::renderDecodesAtSize()
{
    QFETCH(QSize, size);
    QFETCH(QString, quality);
    const QImage image = QImage::fromData(OfflineRenderer::renderPng(Prompt, 7, size, quality), "png");
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), size);
}

void OfflineProviderTest::stepsThenFinished()
{
    OfflineProvider provider({0, true});
    QStringList events;
    connect(&provider, &Provider::progressed, this, [&](qint64 id, const ProviderProgress &progress) {
        events.append(QStringLiteral("%1:%2/%3 %4")
                          .arg(id)
                          .arg(progress.stepIndex)
                          .arg(progress.stepCount)
                          .arg(progress.step));
    });
    connect(&provider, &Provider::finished, this,
            [&](qint64 id, const ProviderResult &) { events.append(QStringLiteral("%1:finished").arg(id)); });
    QSignalSpy finished(&provider, &Provider::finished);
    QSignalSpy failed(&provider, &Provider::failed);

    provider.start(makeJob(5));
    QVERIFY(events.isEmpty()); // nothing is reported from inside start()
    QVERIFY(finished.wait());
    QCOMPARE(events,
             (QStringList{QStringLiteral("5:1/4 Composing the scene"),
                          QStringLiteral("5:2/4 Painting shapes"), QStringLiteral("5:3/4 Adding detail"),
                          QStringLiteral("5:4/4 Encoding the image"), QStringLiteral("5:finished")}));
    QCOMPARE(failed.count(), 0);

    const auto result = finished.at(0).at(1).value<ProviderResult>();
    QCOMPARE(result.images.size(), 1);
    QCOMPARE(result.images.at(0).format, QStringLiteral("png"));
    QCOMPARE(decode(result.images.at(0)).size(), QSize(320, 240));
    QVERIFY(!result.usage.isReported());
    // The bytes are the renderer's: the seed comes from the prompt.
    QCOMPARE(result.images.at(0).bytes,
             OfflineRenderer::renderPng(Prompt, OfflineRenderer::promptHash(Prompt), QSize(320, 240),
                                        QStringLiteral("low")));
}

void OfflineProviderTest::severalImages()
{
    OfflineProvider provider({0, true});
    QSignalSpy progressed(&provider, &Provider::progressed);
    QSignalSpy finished(&provider, &Provider::finished);

    ProviderJob job = makeJob(9, QStringLiteral("160x120"), 3);
    job.request.parameters.insert(QStringLiteral("seed"), 100);
    provider.start(job);
    QVERIFY(finished.wait());
    QCOMPARE(progressed.count(), 4);

    const auto result = finished.at(0).at(1).value<ProviderResult>();
    QCOMPARE(result.images.size(), 3);
    for (int k = 0; k < 3; ++k) {
        QCOMPARE(decode(result.images.at(k)).size(), QSize(160, 120));
        QCOMPARE(result.images.at(k).bytes,
                 OfflineRenderer::renderPng(Prompt, 100 + k, QSize(160, 120), QStringLiteral("low")));
    }
    QVERIFY(result.images.at(0).bytes != result.images.at(1).bytes);
}

void OfflineProviderTest::sizeAndSeedFromTheJob_data()
{
    QTest::addColumn<QString>("size");
    QTest::addColumn<QVariant>("seed");
    QTest::addColumn<QSize>("expectedSize");
    QTest::addColumn<quint32>("expectedSeed");

    const quint32 fromPrompt = OfflineRenderer::promptHash(Prompt);
    QTest::newRow("explicit") << QStringLiteral("300x200") << QVariant(7) << QSize(300, 200) << 7U;
    QTest::newRow("seed as text") << QStringLiteral("300x200") << QVariant(QStringLiteral("12"))
                                  << QSize(300, 200) << 12U;
    QTest::newRow("seed unusable") << QStringLiteral("300x200") << QVariant(QStringLiteral("many"))
                                   << QSize(300, 200) << fromPrompt;
    QTest::newRow("auto") << QStringLiteral("auto") << QVariant() << QSize(1024, 1024) << fromPrompt;
    QTest::newRow("empty") << QString() << QVariant() << QSize(1024, 1024) << fromPrompt;
    QTest::newRow("half") << QStringLiteral("300x") << QVariant() << QSize(1024, 1024) << fromPrompt;
    QTest::newRow("zero") << QStringLiteral("0x300") << QVariant() << QSize(1024, 1024) << fromPrompt;
    QTest::newRow("huge") << QStringLiteral("100000x100000") << QVariant() << QSize(1024, 1024) << fromPrompt;
}

void OfflineProviderTest::sizeAndSeedFromTheJob()
{
    QFETCH(QString, size);
    QFETCH(QVariant, seed);
    QFETCH(QSize, expectedSize);
    QFETCH(quint32, expectedSeed);

    OfflineProvider provider({0, true});
    QSignalSpy finished(&provider, &Provider::finished);
    ProviderJob job = makeJob(1, size);
    if (seed.isValid())
        job.request.parameters.insert(QStringLiteral("seed"), seed);
    provider.start(job);
    QVERIFY(finished.wait(20'000));
    const auto result = finished.at(0).at(1).value<ProviderResult>();
    QCOMPARE(result.images.size(), 1);
    QCOMPARE(result.images.at(0).bytes,
             OfflineRenderer::renderPng(Prompt, expectedSeed, expectedSize, QStringLiteral("low")));
}

void OfflineProviderTest::severalJobsAtOnce()
{
    OfflineProvider provider({0, true});
    QSignalSpy finished(&provider, &Provider::finished);
    QSignalSpy progressed(&provider, &Provider::progressed);
    for (qint64 id = 1; id <= 4; ++id)
        provider.start(makeJob(id, QStringLiteral("128x128")));
    QTRY_COMPARE(finished.count(), 4);
    QList<qint64> done = ids(finished);
    std::sort(done.begin(), done.end());
    QCOMPARE(done, (QList<qint64>{1, 2, 3, 4}));
    QCOMPARE(progressed.count(), 16);
}

void OfflineProviderTest::cancelDuringRun()
{
    OfflineProvider provider({50, true});
    QSignalSpy progressed(&provider, &Provider::progressed);
    QSignalSpy finished(&provider, &Provider::finished);
    QSignalSpy failed(&provider, &Provider::failed);
    // Cancelled from inside its own first progress report, as the engine may do.
    bool cancelled = false;
    connect(&provider, &Provider::progressed, this, [&](qint64 id, const ProviderProgress &progress) {
        if (id == 1 && progress.stepIndex == 1 && !cancelled) {
            cancelled = true;
            provider.cancel(1);
        }
    });

    provider.start(makeJob(1));
    QVERIFY(progressed.wait());
    QCOMPARE(ids(progressed), QList<qint64>{1});

    // A later job takes all four steps: job 1 had the time to report everything, had it not been cancelled.
    provider.start(makeJob(2));
    QVERIFY(finished.wait());
    QCOMPARE(ids(finished), QList<qint64>{2});
    QCOMPARE(failed.count(), 0);
    QCOMPARE(ids(progressed), (QList<qint64>{1, 2, 2, 2, 2}));

    // A cancelled id can be started again, and runs as new.
    progressed.clear();
    provider.start(makeJob(1));
    QVERIFY(finished.wait());
    QCOMPARE(ids(finished), (QList<qint64>{2, 1}));
    QCOMPARE(ids(progressed), (QList<qint64>{1, 1, 1, 1}));
}

void OfflineProviderTest::cancelUnknownIsHarmless()
{
    OfflineProvider provider({0, true});
    QSignalSpy finished(&provider, &Provider::finished);
    provider.cancel(77);
    provider.start(makeJob(1));
    provider.cancel(77);
    QVERIFY(finished.wait());
    QCOMPARE(ids(finished), QList<qint64>{1});
    provider.cancel(1); // already finished
}

void OfflineProviderTest::withoutRendering()
{
    OfflineProvider provider({0, false});
    QSignalSpy progressed(&provider, &Provider::progressed);
    QSignalSpy finished(&provider, &Provider::finished);

    provider.start(makeJob(3, QStringLiteral("1024x1024"), 2));
    provider.start(makeJob(4, QStringLiteral("1536x1024"), 1));
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(progressed.count(), 8);

    const auto first = finished.at(0).at(1).value<ProviderResult>();
    const auto second = finished.at(1).at(1).value<ProviderResult>();
    QCOMPARE(first.images.size() + second.images.size(), 3);
    const QByteArray placeholder = OfflineRenderer::placeholderPng();
    QVERIFY(!QImage::fromData(placeholder, "png").isNull());
    for (const ProviderResult &result : {first, second}) {
        for (const ProviderImage &image : result.images) {
            QCOMPARE(image.bytes, placeholder);
            QCOMPARE(image.format, QStringLiteral("png"));
        }
    }
}

void OfflineProviderTest::destroyedWhileRunning()
{
    auto doomed = std::make_unique<OfflineProvider>(OfflineProvider::Options{0, true});
    bool reported = false;
    connect(doomed.get(), &Provider::finished, this, [&] { reported = true; });
    connect(doomed.get(), &Provider::progressed, this, [&] { reported = true; });
    doomed->start(makeJob(1, QStringLiteral("1024x1024"), 3));
    doomed.reset();

    // Its render ends in the pool meanwhile; nothing may reach the dead provider.
    OfflineProvider other({0, true});
    QSignalSpy finished(&other, &Provider::finished);
    other.start(makeJob(2, QStringLiteral("1024x1024")));
    QVERIFY(finished.wait(20'000));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QVERIFY(!reported);
}

} // namespace atelier

int main(int argc, char *argv[])
{
    // Writing on the picture needs fonts, which need a QGuiApplication; the offscreen platform keeps it
    // headless.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    atelier::OfflineProviderTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_offlineprovider.moc"
