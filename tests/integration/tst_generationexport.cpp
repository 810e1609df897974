#include "domain/generationsidecar.h"
#include "domain/parameterstext.h"
#include "enginefixture.h"
#include "storage/pngtextchunk.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QSemaphore>
#include <QTest>
#include <QThreadPool>
#include <QtEndian>

#include <zip.h>

using namespace atelier;
using namespace atelier::test;

// Export of chosen generations through the service: into a folder, into a zip archive, with parameters
// embedded, and every refusal, failure and cancellation leaving nothing behind.
class TestGenerationExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void copiesIntoAFolderByteForByte();
    void neverOverwritesInAFolder();
    void makesAMissingSidecarFromTheStore();
    void writesAZipArchive();
    void replacesAnArchiveOnlyWhenAsked();
    void embedsParametersInPngCopies();
    void leavesContentCredentialsAlone();
    void copiesOtherFormatsUnchanged();
    void refusesAndWritesNothing();
    void aFailedExportLeavesNothing();
    void aCancelledExportLeavesNothing_data();
    void aCancelledExportLeavesNothing();
    void aStoppedExportSaysSoAndLeavesNothing_data();
    void aStoppedExportSaysSoAndLeavesNothing();
    void aStopAfterTheEndKeepsTheReport();

private:
    struct Entry
    {
        QString name;
        QByteArray bytes;
        int method = -1;
    };

    qint64 completed(const QString &prompt, int images = 1);
    ExportReport exported(const QList<qint64> &ids, const ExportOptions &options);
    ExportOptions options(const QString &target) const;
    // Every file under the test's folder except the library and the database.
    QStringList filesOutsideTheLibrary() const;
    // Starts an export that pauses after its first file, every time: the pool is held until the export is
    // asked to pause. Returns once it is paused (or could not get there).
    QFuture<ExportReport> startPausedAfterFirstFile(const QList<qint64> &ids, const ExportOptions &options);
    static QByteArray contents(const QString &path);
    static QList<Entry> readZip(const QString &path);
    static QByteArray withChunk(const QByteArray &png, const QByteArray &type, const QByteArray &data);

    std::unique_ptr<EngineFixture> m_f;
    qint64 m_alice = 0;
    QString m_out;
};

void TestGenerationExport::init()
{
    m_f = std::make_unique<EngineFixture>();
    m_alice = m_f->addProfile(QStringLiteral("alice"));
    m_f->service->start();
    m_out = m_f->dir.filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(m_out));
}

void TestGenerationExport::cleanup()
{
    m_f.reset();
}

qint64 TestGenerationExport::completed(const QString &prompt, int images)
{
    GenerationRequest request = m_f->request(m_alice, prompt);
    request.imageCount = images;
    const qint64 id = m_f->service->generateImage(request).id;
    const bool done = QTest::qWaitFor(
        [&] { return id > 0 && m_f->generation(id).status == GenerationStatus::Completed; }, 5000);
    return done ? id : 0;
}

ExportReport TestGenerationExport::exported(const QList<qint64> &ids, const ExportOptions &options)
{
    const QFuture<ExportReport> future = m_f->service->exportGenerations(ids, m_alice, options);
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 10'000) || future.isCanceled())
        return {};
    return future.result();
}

ExportOptions TestGenerationExport::options(const QString &target) const
{
    ExportOptions options;
    options.target = target;
    options.destination = target.endsWith(QLatin1String(".zip")) ? ExportOptions::Destination::Zip
                                                                 : ExportOptions::Destination::Folder;
    return options;
}

QFuture<ExportReport> TestGenerationExport::startPausedAfterFirstFile(const QList<qint64> &ids,
                                                                      const ExportOptions &options)
{
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    pool->setMaxThreadCount(1);
    QSemaphore gate;
    pool->start([&gate] { gate.acquire(); });
    QFuture<ExportReport> future = m_f->service->exportGenerations(ids, m_alice, options);
    future.suspend();
    gate.release();
    // Paused means the export runs, so the gate's task is done with the gate; otherwise the gate must outlive
    // whatever still runs.
    if (!QTest::qWaitFor([&future] { return future.isSuspended(); }, 10'000))
        pool->waitForDone(10'000);
    pool->setMaxThreadCount(threads);
    return future;
}

QStringList TestGenerationExport::filesOutsideTheLibrary() const
{
    QStringList files;
    QDirIterator it(m_f->dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!path.startsWith(m_f->library->root()) &&
            !QFileInfo(path).fileName().startsWith(u"atelier.sqlite"))
            files.append(path);
    }
    files.sort();
    return files;
}

QByteArray TestGenerationExport::contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<TestGenerationExport::Entry> TestGenerationExport::readZip(const QString &path)
{
    QList<Entry> entries;
    int error = 0;
    zip_t *archive = zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY, &error);
    if (!archive)
        return entries;
    for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
        zip_stat_t stat;
        zip_stat_init(&stat);
        zip_stat_index(archive, zip_uint64_t(i), 0, &stat);
        QByteArray bytes(qsizetype(stat.size), Qt::Uninitialized);
        zip_file_t *file = zip_fopen_index(archive, zip_uint64_t(i), 0);
        const zip_int64_t read = file ? zip_fread(file, bytes.data(), stat.size) : -1;
        if (file)
            zip_fclose(file);
        entries.append({QString::fromUtf8(stat.name), read == zip_int64_t(stat.size) ? bytes : QByteArray(),
                        int(stat.comp_method)});
    }
    zip_discard(archive);
    return entries;
}

QByteArray TestGenerationExport::withChunk(const QByteArray &png, const QByteArray &type,
                                           const QByteArray &data)
{
    QByteArray length(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(data.size()), length.data());
    QByteArray crc(4, Qt::Uninitialized);
    qToBigEndian<quint32>(PngTextChunk::crc32(type + data), crc.data());
    constexpr qsizetype afterHeader = 8 + 25; // the signature, then IHDR
    return png.left(afterHeader) + length + type + data + crc + png.mid(afterHeader);
}

void TestGenerationExport::copiesIntoAFolderByteForByte()
{
    const qint64 fox = completed(QStringLiteral("a red fox"), 2);
    const qint64 owl = completed(QStringLiteral("an owl"));
    QVERIFY(fox && owl);
    const QString target = QDir(m_out).filePath(QStringLiteral("picked"));
    const QFuture<ExportReport> future =
        m_f->service->exportGenerations({fox, owl}, m_alice, options(target));
    QTRY_VERIFY(future.isFinished());
    const ExportReport report = future.result();
    QVERIFY2(report.succeeded(), qPrintable(report.error.message));
    QCOMPARE(future.progressMaximum(), 3);
    QCOMPARE(report.files.size(), 3);
    const QStringList sources = m_f->generation(fox).resultPaths + m_f->generation(owl).resultPaths;
    for (int i = 0; i < 3; ++i) {
        const ExportReport::File &file = report.files.at(i);
        QCOMPARE(file.source, sources.at(i));
        QCOMPARE(QFileInfo(file.written).fileName(), QFileInfo(file.source).fileName());
        QCOMPARE(QFileInfo(file.written).absolutePath(), target);
        QCOMPARE(contents(file.written), contents(file.source));
        QCOMPARE(file.sidecar, file.written + QStringLiteral(".json"));
        QCOMPARE(contents(file.sidecar), contents(file.source + QStringLiteral(".json")));
        QString error;
        const auto sidecar = GenerationSidecar::fromJson(contents(file.sidecar), &error);
        QVERIFY2(sidecar, qPrintable(error));
        QCOMPARE(sidecar->generationId, i < 2 ? fox : owl);
        QVERIFY(!file.parametersEmbedded);
    }
    QVERIFY(report.notes.isEmpty());
    QCOMPARE(QDir(target).entryList(QDir::Files | QDir::Hidden).size(), 6); // no temporary file left

    ExportOptions bare = options(QDir(m_out).filePath(QStringLiteral("bare")));
    bare.sidecars = false;
    const ExportReport withoutSidecars = exported({owl}, bare);
    QVERIFY(withoutSidecars.succeeded());
    QVERIFY(withoutSidecars.files.first().sidecar.isEmpty());
    QCOMPARE(QDir(bare.target).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestGenerationExport::neverOverwritesInAFolder()
{
    const qint64 id = completed(QStringLiteral("a lantern"));
    QVERIFY(id);
    const QString source = m_f->generation(id).resultPaths.first();
    const QString name = QFileInfo(source).fileName();
    const QString base = QFileInfo(source).completeBaseName();
    QFile mine(QDir(m_out).filePath(name));
    QVERIFY(mine.open(QIODevice::WriteOnly) && mine.write("mine") == 4);
    mine.close();
    // Only a sidecar of that name: the image must not take it either, or the pair would not match.
    QFile orphan(QDir(m_out).filePath(base + QStringLiteral("-2.png.json")));
    QVERIFY(orphan.open(QIODevice::WriteOnly) && orphan.write("{}") == 2);
    orphan.close();

    const ExportReport first = exported({id}, options(m_out));
    QVERIFY2(first.succeeded(), qPrintable(first.error.message));
    QCOMPARE(QFileInfo(first.files.first().written).fileName(), base + QStringLiteral("-3.png"));
    QCOMPARE(QFileInfo(first.files.first().sidecar).fileName(), base + QStringLiteral("-3.png.json"));
    const ExportReport second = exported({id}, options(m_out));
    QCOMPARE(QFileInfo(second.files.first().written).fileName(), base + QStringLiteral("-4.png"));
    QCOMPARE(contents(QDir(m_out).filePath(name)), QByteArray("mine"));
    QCOMPARE(contents(orphan.fileName()), QByteArray("{}"));
    QCOMPARE(contents(second.files.first().written), contents(source));
}

void TestGenerationExport::makesAMissingSidecarFromTheStore()
{
    const qint64 id = completed(QStringLiteral("a quiet harbour"));
    QVERIFY(id);
    const QString source = m_f->generation(id).resultPaths.first();
    QVERIFY(QFile::remove(source + QStringLiteral(".json")));
    const ExportReport report = exported({id}, options(m_out));
    QVERIFY(report.succeeded());
    QString error;
    const auto sidecar = GenerationSidecar::fromJson(contents(report.files.first().sidecar), &error);
    QVERIFY2(sidecar, qPrintable(error));
    QCOMPARE(sidecar->generationId, id);
    QCOMPARE(sidecar->request.prompt, QStringLiteral("a quiet harbour"));
    QCOMPARE(sidecar->size, m_f->generation(id).size);
    QCOMPARE(sidecar->files, QStringList{QFileInfo(source).fileName()});
}

void TestGenerationExport::writesAZipArchive()
{
    const qint64 fox = completed(QStringLiteral("a red fox"), 2);
    QVERIFY(fox);
    const QString target = QDir(m_out).filePath(QStringLiteral("fox.zip"));
    const ExportReport report = exported({fox, fox}, options(target)); // named twice, exported once
    QVERIFY2(report.succeeded(), qPrintable(report.error.message));
    QCOMPARE(report.files.size(), 2);
    const QList<Entry> entries = readZip(target);
    QCOMPARE(entries.size(), 4);
    const QStringList sources = m_f->generation(fox).resultPaths;
    for (int i = 0; i < 2; ++i) {
        const Entry &image = entries.at(2 * i);
        const Entry &sidecar = entries.at(2 * i + 1);
        QCOMPARE(image.name, QFileInfo(sources.at(i)).fileName());
        QCOMPARE(report.files.at(i).written, image.name);
        QCOMPARE(image.bytes, contents(sources.at(i)));
        QCOMPARE(image.method, ZIP_CM_STORE);
        QCOMPARE(sidecar.name, image.name + QStringLiteral(".json"));
        QCOMPARE(sidecar.bytes, contents(sources.at(i) + QStringLiteral(".json")));
        QCOMPARE(sidecar.method, ZIP_CM_DEFLATE);
    }
    QCOMPARE(filesOutsideTheLibrary(), QStringList{target});
}

void TestGenerationExport::replacesAnArchiveOnlyWhenAsked()
{
    const qint64 fox = completed(QStringLiteral("a red fox"));
    const qint64 owl = completed(QStringLiteral("an owl"));
    QVERIFY(fox && owl);
    const QString target = QDir(m_out).filePath(QStringLiteral("animals.zip"));
    QVERIFY(exported({fox}, options(target)).succeeded());
    const QByteArray before = contents(target);
    const ExportReport refused = exported({owl}, options(target));
    QCOMPARE(refused.error.category, GenerationError::Category::Validation);
    QVERIFY(refused.error.message.contains(QStringLiteral("exists already")));
    QCOMPARE(contents(target), before);

    ExportOptions overwrite = options(target);
    overwrite.overwrite = true;
    QVERIFY(exported({owl}, overwrite).succeeded());
    const QList<Entry> entries = readZip(target);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.first().name, QFileInfo(m_f->generation(owl).resultPaths.first()).fileName());
}

void TestGenerationExport::embedsParametersInPngCopies()
{
    GenerationRequest request = m_f->request(m_alice, QStringLiteral("a lighthouse, at dusk"));
    request.parameters.insert(QStringLiteral("seed"), 4242);
    const qint64 id = m_f->service->generateImage(request).id;
    QTRY_COMPARE(m_f->generation(id).status, GenerationStatus::Completed);
    const QString source = m_f->generation(id).resultPaths.first();

    for (const QString &target : {m_out, QDir(m_out).filePath(QStringLiteral("with.zip"))}) {
        ExportOptions embed = options(target);
        embed.embedParameters = true;
        const ExportReport report = exported({id}, embed);
        QVERIFY2(report.succeeded(), qPrintable(report.error.message));
        QVERIFY(report.files.first().parametersEmbedded);
        const QByteArray copy = target.endsWith(QLatin1String(".zip"))
                                    ? readZip(target).first().bytes
                                    : contents(report.files.first().written);
        const std::optional<QString> text = PngTextChunk::text(copy, QStringLiteral("parameters"));
        QVERIFY(text);
        const ParametersText parameters = ParametersText::parse(*text);
        QCOMPARE(parameters.prompt, QStringLiteral("a lighthouse, at dusk"));
        QCOMPARE(parameters.value(QStringLiteral("Seed")), QStringLiteral("4242"));
        QCOMPARE(parameters.value(QStringLiteral("Model")), QStringLiteral("gpt-image-1"));
        QCOMPARE(QImage::fromData(copy).size(), QImage::fromData(ScriptedProvider::pngBytes()).size());
    }
    // The library's file stays as the provider sent it, and the archive's staging folder is gone.
    QCOMPARE(contents(source), ScriptedProvider::pngBytes());
    QCOMPARE(QDir(m_out).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
}

void TestGenerationExport::leavesContentCredentialsAlone()
{
    const qint64 signedId = completed(QStringLiteral("a signed picture"));
    const qint64 plainId = completed(QStringLiteral("a plain picture"));
    QVERIFY(signedId && plainId);
    const QString source = m_f->generation(signedId).resultPaths.first();
    const QByteArray credentials = withChunk(ScriptedProvider::pngBytes(), "caBX", QByteArray(64, 'c'));
    QVERIFY(PngTextChunk::isPng(credentials));
    QFile file(source);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(credentials) == credentials.size());
    file.close();

    ExportOptions embed = options(m_out);
    embed.embedParameters = true;
    const ExportReport report = exported({signedId, plainId}, embed);
    QVERIFY2(report.succeeded(), qPrintable(report.error.message));
    QCOMPARE(contents(report.files.at(0).written), credentials);
    QVERIFY(report.files.at(0).contentCredentials);
    QVERIFY(!report.files.at(0).parametersEmbedded);
    QVERIFY(report.files.at(1).parametersEmbedded);
    QCOMPARE(report.notes.size(), 1);
    QVERIFY(report.notes.first().contains(QStringLiteral("C2PA")));
    QVERIFY(report.notes.first().contains(QFileInfo(source).fileName()));
}

void TestGenerationExport::copiesOtherFormatsUnchanged()
{
    const qint64 id = completed(QStringLiteral("a photograph"));
    QVERIFY(id);
    const QString source = m_f->generation(id).resultPaths.first();
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(source, "JPEG"));
    const QByteArray jpeg = contents(source);

    ExportOptions embed = options(m_out);
    embed.embedParameters = true;
    const ExportReport report = exported({id}, embed);
    QVERIFY2(report.succeeded(), qPrintable(report.error.message));
    QCOMPARE(contents(report.files.first().written), jpeg);
    QVERIFY(!report.files.first().parametersEmbedded);
    QCOMPARE(report.notes.size(), 1);
    QVERIFY2(report.notes.first().contains(QStringLiteral("only in PNG files")),
             qPrintable(report.notes.first()));
}

void TestGenerationExport::refusesAndWritesNothing()
{
    const qint64 done = completed(QStringLiteral("a finished one"));
    QVERIFY(done);
    m_f->provider->script({ScriptedProvider::fail(
        GenerationError::make(GenerationError::Category::InvalidRequest, QStringLiteral("refused")))});
    const qint64 failed = m_f->service->generateImage(m_f->request(m_alice)).id;
    QTRY_COMPARE(m_f->generation(failed).status, GenerationStatus::Failed);
    m_f->provider->script({ScriptedProvider::hang()});
    const qint64 running = m_f->service->generateImage(m_f->request(m_alice)).id;
    QTRY_COMPARE(m_f->generation(running).status, GenerationStatus::Processing);
    const qint64 bob = m_f->addProfile(QStringLiteral("bob"));
    const qint64 bobs = m_f->service->generateImage(m_f->request(bob)).id;
    QTRY_COMPARE(m_f->generation(bobs).status, GenerationStatus::Completed);

    const QString existingZip = QDir(m_out).filePath(QStringLiteral("taken.zip"));
    const QString existingFile = QDir(m_out).filePath(QStringLiteral("a-file"));
    for (const QString &path : {existingZip, existingFile}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("keep") == 4);
    }
    const QString library = m_f->library->root();
    const QString fresh = QDir(m_out).filePath(QStringLiteral("fresh"));
    struct Case
    {
        QList<qint64> ids;
        QString target;
        QString words;
    };
    const QList<Case> cases{
        {{done},
         QDir(library).filePath(QStringLiteral("profile-1/exports")),
         QStringLiteral("inside the image library")},
        {{done}, library, QStringLiteral("inside the image library")},
        {{done}, QDir(library).filePath(QStringLiteral("a.zip")), QStringLiteral("inside the image library")},
        {{done},
         QDir(m_out).filePath(QStringLiteral("../library/x/../y.zip")),
         QStringLiteral("inside the image library")},
        {{done}, existingZip, QStringLiteral("exists already")},
        {{done}, existingFile, QStringLiteral("is a file, not a folder")},
        {{}, fresh, QStringLiteral("at least one generation")},
        {{done, bobs}, fresh, QStringLiteral("belongs to another profile")},
        {{done, failed}, fresh, QStringLiteral("only completed generations")},
        {{running}, fresh, QStringLiteral("only completed generations")},
        {{done, 999}, fresh, QStringLiteral("no generation 999")},
    };
    const QStringList before = filesOutsideTheLibrary();
    for (const Case &refusal : cases) {
        const QFuture<ExportReport> future =
            m_f->service->exportGenerations(refusal.ids, m_alice, options(refusal.target));
        QVERIFY2(future.isFinished(), qPrintable(refusal.words)); // refused at once, on this thread
        const ExportReport report = future.result();
        QVERIFY2(report.error.message.contains(refusal.words), qPrintable(report.error.message));
        QVERIFY(report.files.isEmpty());
    }
    QCOMPARE(filesOutsideTheLibrary(), before);
    QCOMPARE(contents(existingZip), QByteArray("keep"));
    QVERIFY(!QFileInfo::exists(fresh));
    QVERIFY(!QFileInfo::exists(QDir(library).filePath(QStringLiteral("a.zip"))));
    QVERIFY(!QFileInfo::exists(QDir(library).filePath(QStringLiteral("profile-1/exports"))));
}

void TestGenerationExport::aFailedExportLeavesNothing()
{
    const qint64 fox = completed(QStringLiteral("a red fox"), 2);
    const qint64 owl = completed(QStringLiteral("an owl"));
    QVERIFY(fox && owl);
    const QString missing = m_f->generation(owl).resultPaths.first();
    QVERIFY(QFile::remove(missing));
    const QStringList before = filesOutsideTheLibrary();
    for (const QString &target :
         {QDir(m_out).filePath(QStringLiteral("folder")), QDir(m_out).filePath(QStringLiteral("a.zip"))}) {
        const ExportReport report = exported({fox, owl}, options(target));
        QCOMPARE(report.error.category, GenerationError::Category::Storage);
        QVERIFY2(report.error.message.contains(QStringLiteral("missing")), qPrintable(report.error.message));
        QVERIFY(report.files.isEmpty());
        QVERIFY(!QFileInfo::exists(target));
    }
    QCOMPARE(filesOutsideTheLibrary(), before);
    QCOMPARE(QDir(m_out).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
}

void TestGenerationExport::aCancelledExportLeavesNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("folder") << QStringLiteral("folder");
    QTest::newRow("zip") << QStringLiteral("archive.zip");
}

void TestGenerationExport::aCancelledExportLeavesNothing()
{
    QFETCH(QString, name);
    const qint64 fox = completed(QStringLiteral("a red fox"), 3);
    QVERIFY(fox);
    const QString target = QDir(m_out).filePath(name);
    ExportOptions embed = options(target);
    embed.embedParameters = true; // the archive stages its copies in a folder of its own
    QFuture<ExportReport> future = startPausedAfterFirstFile({fox}, embed);
    QVERIFY(future.isSuspended());
    if (!target.endsWith(QLatin1String(".zip")))
        QCOMPARE(QDir(target).entryList(QDir::Files).size(), 2); // an image and its sidecar, so far
    future.cancel();
    QTRY_VERIFY(future.isFinished());
    QVERIFY(future.isCanceled());
    QCOMPARE(future.resultCount(), 0);
    QCOMPARE(QDir(m_out).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
}

void TestGenerationExport::aStoppedExportSaysSoAndLeavesNothing_data()
{
    aCancelledExportLeavesNothing_data();
}

void TestGenerationExport::aStoppedExportSaysSoAndLeavesNothing()
{
    QFETCH(QString, name);
    const qint64 fox = completed(QStringLiteral("a red fox"), 3);
    QVERIFY(fox);
    const QString target = QDir(m_out).filePath(name);
    ExportOptions embed = options(target);
    embed.embedParameters = true;
    QFuture<ExportReport> future = startPausedAfterFirstFile({fox}, embed);
    QVERIFY(future.isSuspended());
    embed.stop.request(); // the copy in the options shares the request
    future.resume();
    QTRY_VERIFY(future.isFinished());
    // Unlike a cancel, the report arrives and says what happened.
    QCOMPARE(future.resultCount(), 1);
    QVERIFY(future.result().stopped);
    QVERIFY(!future.result().error.isError());
    QCOMPARE(future.result().files.size(), 0);
    QCOMPARE(QDir(m_out).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
}

void TestGenerationExport::aStopAfterTheEndKeepsTheReport()
{
    const qint64 fox = completed(QStringLiteral("a red fox"), 2);
    QVERIFY(fox);
    ExportOptions options = this->options(QDir(m_out).filePath(QStringLiteral("done")));
    QFuture<ExportReport> future = m_f->service->exportGenerations({fox}, m_alice, options);
    QTRY_VERIFY(future.isFinished());
    // A stop that comes once every file is written (a Cancel pressed a moment too late) changes nothing:
    // the report still says what was written, and it is there.
    options.stop.request();
    QCOMPARE(future.resultCount(), 1);
    QVERIFY(!future.result().stopped);
    QCOMPARE(future.result().files.size(), 2);
    for (const ExportReport::File &file : future.result().files)
        QVERIFY(QFileInfo::exists(file.written));
}

QTEST_GUILESS_MAIN(TestGenerationExport)
#include "tst_generationexport.moc"
