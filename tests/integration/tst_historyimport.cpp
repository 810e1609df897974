#include "domain/generationsidecar.h"
#include "domain/parameterstext.h"
#include "enginefixture.h"
#include "storage/pngtextchunk.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

using namespace atelier;
using namespace atelier::test;

// Images made elsewhere into a profile's history through the service: what is taken from the parameters or
// the sidecar, what is skipped and why, the file kept byte for byte, and nothing charged.
class TestHistoryImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void importsWhatCarriesItsRequest();
    void importsAFileOncePerProfile();
    void looksIntoFoldersBelowOnlyWhenAsked();
    void aFailedWriteLeavesNoRow();
    void refusesFoldersItCannotUse();

private:
    static QByteArray png(QSize size, Qt::GlobalColor colour);
    static void write(const QString &path, const QByteArray &bytes);
    static QByteArray contents(const QString &path);
    // The folder of importsWhatCarriesItsRequest: a PNG with parameters, one with a sidecar, one with
    // neither, and text named .png with a sidecar.
    void fillFolder();

    std::unique_ptr<EngineFixture> m_f;
    qint64 m_alice = 0;
    QString m_in;
};

void TestHistoryImport::init()
{
    m_f = std::make_unique<EngineFixture>();
    m_alice = m_f->addProfile(QStringLiteral("alice"));
    m_in = m_f->dir.filePath(QStringLiteral("in"));
    QVERIFY(QDir().mkpath(m_in));
}

void TestHistoryImport::cleanup()
{
    m_f.reset();
}

QByteArray TestHistoryImport::png(QSize size, Qt::GlobalColor colour)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

void TestHistoryImport::write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
}

QByteArray TestHistoryImport::contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestHistoryImport::fillFolder()
{
    // As a Stable Diffusion web UI writes it: a model this catalog does not know, keys it does not use.
    const QString parameters =
        QStringLiteral("a lighthouse at dusk, volumetric light\nNegative prompt: blurry\n"
                       "Steps: 20, Sampler: Euler a, Seed: 77, Size: 16x12, Model: sdxl_base");
    const std::optional<QByteArray> withText =
        PngTextChunk::withText(png({16, 12}, Qt::red), QStringLiteral("parameters"), parameters);
    QVERIFY(withText);
    write(QDir(m_in).filePath(QStringLiteral("b-parameters.png")), *withText);

    GenerationSidecar sidecar;
    sidecar.generationId = 41;
    sidecar.request.prompt = QStringLiteral("a harbour at noon");
    sidecar.request.customPrompt = QStringLiteral("in the house style");
    sidecar.request.model = QStringLiteral("dall-e-3");
    sidecar.request.quality = QStringLiteral("hd");
    sidecar.request.imageCount = 1;
    sidecar.provider = QStringLiteral("openai");
    sidecar.size = QStringLiteral("1792x1024");
    sidecar.durationMs = 8000;
    sidecar.tokensCharged = 120;
    sidecar.createdAt = QDateTime(QDate(2026, 3, 1), QTime(9, 30), Qt::UTC);
    sidecar.finishedAt = sidecar.createdAt.addSecs(8);
    sidecar.files = QStringList{QStringLiteral("41-a-harbour.png")};
    write(QDir(m_in).filePath(QStringLiteral("d-sidecar.png")), png({20, 10}, Qt::blue));
    write(QDir(m_in).filePath(QStringLiteral("d-sidecar.png.json")), sidecar.toBytes());

    write(QDir(m_in).filePath(QStringLiteral("c-plain.png")), png({8, 8}, Qt::green));
    write(QDir(m_in).filePath(QStringLiteral("a-text.png")), "not an image at all");
    write(QDir(m_in).filePath(QStringLiteral("a-text.png.json")), sidecar.toBytes());
    write(QDir(m_in).filePath(QStringLiteral("notes.txt")), "ignored");
}

void TestHistoryImport::importsWhatCarriesItsRequest()
{
    fillFolder();
    const qint64 balance = m_f->balance(m_alice);
    const qsizetype ledger = m_f->service->ledgerEntries(m_alice).size();
    QSignalSpy imported(m_f->service.get(), &ImageGenerationService::generationsImported);
    QSignalSpy stats(m_f->service.get(), &ImageGenerationService::statsChanged);
    QList<std::pair<int, int>> steps;
    const ImportReport report =
        m_f->service->importFolder(m_alice, m_in, false, [&steps](int done, int total) {
            steps.append({done, total});
        });

    QVERIFY2(!report.error.isError(), qPrintable(report.error.message));
    QCOMPARE(report.imported.size(), 2);
    QCOMPARE(steps.size(), 4);
    QCOMPARE(steps.last(), std::make_pair(4, 4));
    QCOMPARE(report.skipped.size(), 2);
    QCOMPARE(QFileInfo(report.skipped.at(0).file).fileName(), QStringLiteral("a-text.png"));
    QVERIFY2(report.skipped.at(0).reason.contains(QStringLiteral("not a readable image")),
             qPrintable(report.skipped.at(0).reason));
    QCOMPARE(QFileInfo(report.skipped.at(1).file).fileName(), QStringLiteral("c-plain.png"));
    QVERIFY2(report.skipped.at(1).reason.contains(QStringLiteral("carries no generation parameters")),
             qPrintable(report.skipped.at(1).reason));
    QVERIFY(report.skipped.at(1).reason.contains(QStringLiteral("sidecar")));
    QCOMPARE(imported.size(), 1);
    QCOMPARE(imported.first().at(0).toLongLong(), m_alice);
    QCOMPARE(imported.first().at(1).value<QList<qint64>>(), report.imported);
    QCOMPARE(stats.size(), 1);

    const Generation fromParameters = m_f->generation(report.imported.at(0));
    QCOMPARE(fromParameters.status, GenerationStatus::Completed);
    QCOMPARE(fromParameters.request.prompt, QStringLiteral("a lighthouse at dusk, volumetric light"));
    QCOMPARE(fromParameters.request.model, QStringLiteral("sdxl_base"));
    QCOMPARE(fromParameters.provider, QStringLiteral("import"));
    QCOMPARE(fromParameters.size, QStringLiteral("16x12"));
    QCOMPARE(fromParameters.request.parameters.value(QStringLiteral("seed")).toLongLong(), 77);
    const Generation fromSidecar = m_f->generation(report.imported.at(1));
    QCOMPARE(fromSidecar.request.prompt, QStringLiteral("a harbour at noon"));
    QCOMPARE(fromSidecar.request.customPrompt, QStringLiteral("in the house style"));
    QCOMPARE(fromSidecar.request.model, QStringLiteral("dall-e-3"));
    QCOMPARE(fromSidecar.request.quality, QStringLiteral("hd"));
    QCOMPARE(fromSidecar.provider, QStringLiteral("openai"));
    QCOMPARE(fromSidecar.size, QStringLiteral("20x10"));
    QCOMPARE(fromSidecar.createdAt, QDateTime(QDate(2026, 3, 1), QTime(9, 30), Qt::UTC));

    const QStringList sources{QDir(m_in).filePath(QStringLiteral("b-parameters.png")),
                              QDir(m_in).filePath(QStringLiteral("d-sidecar.png"))};
    for (int i = 0; i < 2; ++i) {
        const Generation generation = m_f->generation(report.imported.at(i));
        QCOMPARE(generation.tokensReserved, qint64(0));
        QCOMPARE(generation.tokensCharged, qint64(0));
        QCOMPARE(generation.processingMs(), qint64(-1)); // no duration of its own
        const QByteArray source = contents(sources.at(i));
        QCOMPARE(generation.importedSha256,
                 QString::fromLatin1(QCryptographicHash::hash(source, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(generation.resultPaths.size(), 1);
        const QString copy = generation.resultPaths.first();
        QVERIFY(copy.startsWith(m_f->library->root()));
        QCOMPARE(contents(copy), source);
        QString error;
        const auto sidecar = GenerationSidecar::fromJson(contents(copy + QStringLiteral(".json")), &error);
        QVERIFY2(sidecar, qPrintable(error));
        QCOMPARE(sidecar->generationId, generation.id);
        QCOMPARE(sidecar->request.prompt, generation.request.prompt);
        QCOMPARE(sidecar->files, QStringList{QFileInfo(copy).fileName()});
    }
    QCOMPARE(m_f->balance(m_alice), balance);
    QCOMPARE(m_f->service->ledgerEntries(m_alice).size(), ledger);
    const QList<Store::Event> events = m_f->store->events(m_alice, 10);
    QCOMPARE(std::count_if(events.cbegin(), events.cend(),
                           [](const Store::Event &event) { return event.kind == QLatin1String("imported"); }),
             std::ptrdiff_t(2));
    QCOMPARE(m_f->service->countUserGenerationHistory(m_alice, {}), 2);
}

void TestHistoryImport::importsAFileOncePerProfile()
{
    fillFolder();
    const ImportReport first = m_f->service->importFolder(m_alice, m_in, false);
    QCOMPARE(first.imported.size(), 2);
    QSignalSpy imported(m_f->service.get(), &ImageGenerationService::generationsImported);
    const ImportReport again = m_f->service->importFolder(m_alice, m_in, false);
    QVERIFY(!again.error.isError());
    QVERIFY(again.imported.isEmpty());
    QCOMPARE(again.skipped.size(), 4);
    QVERIFY(again.skipped.at(1).reason.contains(
        QStringLiteral("already imported, as generation %1").arg(first.imported.at(0))));
    QVERIFY(again.skipped.at(3).reason.contains(QStringLiteral("already imported")));
    QCOMPARE(imported.size(), 0);
    QCOMPARE(m_f->service->countUserGenerationHistory(m_alice, {}), 2);

    // Another profile keeps its own history.
    const qint64 bob = m_f->addProfile(QStringLiteral("bob"));
    QCOMPARE(m_f->service->importFolder(bob, m_in, false).imported.size(), 2);

    // A deleted import may come back.
    QVERIFY(!m_f->service->deleteGeneration(first.imported.at(0), m_alice).isError());
    const ImportReport restored = m_f->service->importFolder(m_alice, m_in, false);
    QCOMPARE(restored.imported.size(), 1);
    QCOMPARE(m_f->generation(restored.imported.first()).request.prompt,
             QStringLiteral("a lighthouse at dusk, volumetric light"));
}

void TestHistoryImport::looksIntoFoldersBelowOnlyWhenAsked()
{
    const QString below = QDir(m_in).filePath(QStringLiteral("below"));
    QVERIFY(QDir().mkpath(below));
    const std::optional<QByteArray> deep = PngTextChunk::withText(
        png({4, 4}, Qt::yellow), QStringLiteral("parameters"), QStringLiteral("a deep well"));
    write(QDir(below).filePath(QStringLiteral("deep.PNG")), *deep);

    const ImportReport flat = m_f->service->importFolder(m_alice, m_in, false);
    QVERIFY(flat.imported.isEmpty());
    QVERIFY(flat.skipped.isEmpty());
    const ImportReport recursive = m_f->service->importFolder(m_alice, m_in, true);
    QCOMPARE(recursive.imported.size(), 1);
    QCOMPARE(m_f->generation(recursive.imported.first()).request.prompt, QStringLiteral("a deep well"));
}

void TestHistoryImport::aFailedWriteLeavesNoRow()
{
    fillFolder();
    // The library's folder cannot be made: a file has its name.
    write(m_f->library->root(), "in the way");
    const ImportReport report = m_f->service->importFolder(m_alice, m_in, false);
    QCOMPARE(report.error.category, GenerationError::Category::Storage);
    QVERIFY(report.imported.isEmpty());
    QCOMPARE(m_f->service->countUserGenerationHistory(m_alice, {}), 0);
    const QList<Store::Event> events = m_f->store->events(m_alice, 10);
    QVERIFY(std::none_of(events.cbegin(), events.cend(),
                         [](const Store::Event &event) { return event.kind == QLatin1String("imported"); }));

    // The same files go in once the library can be written.
    QVERIFY(QFile::remove(m_f->library->root()));
    QCOMPARE(m_f->service->importFolder(m_alice, m_in, false).imported.size(), 2);
}

void TestHistoryImport::refusesFoldersItCannotUse()
{
    const ImportReport missing =
        m_f->service->importFolder(m_alice, m_f->dir.filePath(QStringLiteral("nowhere")), false);
    QCOMPARE(missing.error.category, GenerationError::Category::Validation);
    QVERIFY(missing.error.message.contains(QStringLiteral("no folder")));

    const QString inside = QDir(m_f->library->root()).filePath(QStringLiteral("profile-1"));
    QVERIFY(QDir().mkpath(inside));
    write(QDir(inside).filePath(QStringLiteral("x.png")),
          *PngTextChunk::withText(png({4, 4}, Qt::red), QStringLiteral("parameters"), QStringLiteral("x")));
    const ImportReport library = m_f->service->importFolder(m_alice, inside, false);
    QVERIFY(library.error.message.contains(QStringLiteral("inside the image library")));
    QVERIFY(library.imported.isEmpty());
    // A recursive import of a folder that holds the library leaves the library out.
    const ImportReport around = m_f->service->importFolder(m_alice, m_f->dir.path(), true);
    QVERIFY(around.imported.isEmpty());
    QCOMPARE(m_f->service->countUserGenerationHistory(m_alice, {}), 0);
}

QTEST_GUILESS_MAIN(TestHistoryImport)
#include "tst_historyimport.moc"
