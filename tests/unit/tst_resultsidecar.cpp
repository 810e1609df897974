#include "domain/generationsidecar.h"
#include "enginefixture.h"
#include "storage/freedesktopthumbnails.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using namespace atelier;
using namespace atelier::test;

class TestResultSidecar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isWrittenBesideTheFileAndRemovedWithIt(); // and goes into export copies
    void aFailedSaveLeavesNoSidecar();

private:
    static QByteArray contents(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
};

void TestResultSidecar::isWrittenBesideTheFileAndRemovedWithIt()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.service->start();
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    GenerationRequest request = f.request(alice, QStringLiteral("a lighthouse, at dusk"));
    request.parameters.insert(QStringLiteral("seed"), 4242);
    const qint64 id = f.service->generateImage(request).id;
    QVERIFY(finished.wait(5000));

    const Generation done = f.generation(id);
    QCOMPARE(done.resultPaths.size(), 1);
    const QString image = done.resultPaths.first();
    // The provider's bytes, byte for byte: the metadata lives beside them, not in them.
    QCOMPARE(contents(image), ScriptedProvider::pngBytes());
    const QString sidecarPath = image + QStringLiteral(".json");
    QString error;
    const std::optional<GenerationSidecar> sidecar =
        GenerationSidecar::fromJson(contents(sidecarPath), &error);
    QVERIFY2(sidecar, qPrintable(error));
    QCOMPARE(sidecar->generationId, id);
    QCOMPARE(sidecar->run, 1);
    QCOMPARE(sidecar->request.prompt, QStringLiteral("a lighthouse, at dusk"));
    QCOMPARE(sidecar->request.model, QStringLiteral("gpt-image-1"));
    QCOMPARE(sidecar->request.quality, done.request.quality);
    QCOMPARE(sidecar->provider, QStringLiteral("openai"));
    QCOMPARE(sidecar->modelLabel, f.catalog.model(QStringLiteral("gpt-image-1"))->label);
    QCOMPARE(sidecar->size, done.size);
    QCOMPARE(sidecar->seed, std::optional<qint64>(4242));
    QCOMPARE(sidecar->tokensCharged, done.tokensCharged);
    QCOMPARE(sidecar->createdAt, done.createdAt);
    QVERIFY(sidecar->finishedAt.isValid());
    QVERIFY(sidecar->durationMs >= 0);
    QCOMPARE(sidecar->files, QStringList{QFileInfo(image).fileName()});

    // The library's file stays as it came.
    QCOMPARE(contents(image), ScriptedProvider::pngBytes());

    // Deleting takes the image, its sidecar and its thumbnail in the shared cache.
    qputenv("XDG_CACHE_HOME", f.dir.filePath(QStringLiteral("cache")).toLocal8Bit());
    const FreedesktopThumbnails thumbnails;
    QVERIFY(!thumbnails.make(image, FreedesktopThumbnails::Size::Large).isNull());
    QVERIFY(QFileInfo::exists(thumbnails.pathFor(image, FreedesktopThumbnails::Size::Large)));
    QVERIFY(!f.service->deleteGeneration(id, alice).isError());
    QVERIFY(!QFileInfo::exists(image));
    QVERIFY(!QFileInfo::exists(sidecarPath));
    QVERIFY(!QFileInfo::exists(thumbnails.pathFor(image, FreedesktopThumbnails::Size::Large)));
}

void TestResultSidecar::aFailedSaveLeavesNoSidecar()
{
    QTemporaryDir dir;
    const ImageLibrary library(dir.path());
    GenerationSidecar sidecar;
    sidecar.generationId = 3;
    sidecar.request.profileId = 1;
    sidecar.request.prompt = QStringLiteral("two pictures");
    sidecar.createdAt = QDateTime::currentDateTimeUtc();
    // The second image does not decode: nothing is written, the first image's sidecar neither.
    const SavedImages saved = library.save(sidecar, {{ScriptedProvider::pngBytes(), QStringLiteral("png")},
                                                     {"not an image", QStringLiteral("png")}});
    QVERIFY(saved.error.isError());
    QVERIFY(saved.paths.isEmpty());
    QDir folder(dir.path());
    QVERIFY(folder.entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());

    const SavedImages two = library.save(sidecar, {{ScriptedProvider::pngBytes(), QStringLiteral("png")},
                                                   {ScriptedProvider::pngBytes(), QStringLiteral("png")}});
    QVERIFY(!two.error.isError());
    QCOMPARE(two.paths.size(), 2);
    for (const QString &path : two.paths) {
        const std::optional<GenerationSidecar> read =
            GenerationSidecar::fromJson(contents(path + QStringLiteral(".json")), nullptr);
        QVERIFY(read);
        QCOMPARE(read->files,
                 (QStringList{QFileInfo(two.paths.at(0)).fileName(), QFileInfo(two.paths.at(1)).fileName()}));
    }
    ImageLibrary::discard(two.paths);
    for (const QString &path : two.paths)
        QVERIFY(!QFileInfo::exists(path + QStringLiteral(".json")));
}

QTEST_GUILESS_MAIN(TestResultSidecar)
#include "tst_resultsidecar.moc"
