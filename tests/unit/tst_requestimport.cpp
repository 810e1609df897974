#include "domain/generationsidecar.h"
#include "engine/requestimport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace atelier;

class TestRequestImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusesWhatIsNotARegularFile();
    void refusesLargeFiles();
    void aSidecarTakesNoFilePaths();
    void aSidecarKeepsWhatItDoesNotSay();
    void namesAWebUiPlainly();

private:
    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }
    static GenerationRequest base()
    {
        GenerationRequest request;
        request.profileId = 7;
        request.prompt = QStringLiteral("typed");
        request.model = QStringLiteral("gpt-image-1");
        request.aspectRatio = QStringLiteral("1:1");
        request.quality = QStringLiteral("medium");
        request.productImages = {QStringLiteral("/home/me/mine.png")};
        request.parameters = {{QStringLiteral("background"), QStringLiteral("opaque")},
                              {QStringLiteral("seed"), 5}};
        return request;
    }

    const ModelCatalog m_catalog = ModelCatalog::builtIn();
    QTemporaryDir m_dir;
};

void TestRequestImport::refusesWhatIsNotARegularFile()
{
    // A pipe would block the reading thread until someone writes to it; it is not opened at all.
    const QString fifo = m_dir.filePath(QStringLiteral("pipe.png"));
    QCOMPARE(mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const RequestFile read = RequestImport::read(fifo);
    QVERIFY(!read.parameters && !read.sidecar);
    QCOMPARE(read.error, QStringLiteral("pipe.png is not a regular file, so it was not read."));
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("folder.json")));
    QVERIFY(RequestImport::read(m_dir.filePath(QStringLiteral("folder.json")))
                .error.contains(QStringLiteral("not a regular file")));
    QCOMPARE(RequestImport::read(m_dir.filePath(QStringLiteral("gone.png"))).error,
             QStringLiteral("gone.png does not exist."));
}

void TestRequestImport::refusesLargeFiles()
{
    const QString json =
        write(QStringLiteral("big.json"), QByteArray(RequestImport::kLargestSidecar + 1, ' '));
    QVERIFY(RequestImport::read(json).error.startsWith(QStringLiteral("big.json is ")));
    QVERIFY(RequestImport::read(json).error.contains(QStringLiteral("a sidecar larger than")));
    // Sparse: the size counts, not the bytes on disk.
    const QString png = write(QStringLiteral("big.png"), QByteArray("\x89PNG"));
    QVERIFY(QFile(png).resize(RequestImport::kLargestPng + 1));
    QVERIFY(RequestImport::read(png).error.contains(QStringLiteral("a PNG larger than")));
    QFile::remove(png);
    // Just within the limit, it is read (and found not to be a PNG).
    const QString small = write(QStringLiteral("small.png"), QByteArray(1000, '\0'));
    QCOMPARE(RequestImport::read(small).error, QStringLiteral("small.png is not a readable PNG."));
}

void TestRequestImport::aSidecarTakesNoFilePaths()
{
    GenerationSidecar sidecar;
    sidecar.generationId = 3;
    sidecar.request.prompt = QStringLiteral("a harbour");
    sidecar.request.model = QStringLiteral("gpt-image-1");
    sidecar.request.aspectRatio = QStringLiteral("16:9");
    sidecar.request.productImages = {QStringLiteral("/home/someone/.ssh/secret.png")};
    sidecar.request.modelImages = {QStringLiteral("/etc/passwd.png")};
    sidecar.request.parameters = {{QStringLiteral("mask"), QStringLiteral("/home/someone/private.png")},
                                  {QStringLiteral("seed"), 42},
                                  {QStringLiteral("moderation"), QStringLiteral("low")},
                                  {QStringLiteral("output_format"), QStringLiteral("gif")},
                                  {QStringLiteral("unknown"), 1}};
    const ImportedRequest imported = RequestImport::fromSidecar(sidecar, m_catalog, base());
    QVERIFY(imported.error.isEmpty());
    const GenerationRequest &request = imported.request;
    QCOMPARE(request.productImages, base().productImages);
    QVERIFY(request.modelImages.isEmpty());
    QVERIFY(!request.parameters.contains(QStringLiteral("mask")));
    QVERIFY(!request.parameters.contains(QStringLiteral("unknown")));
    QVERIFY(!request.parameters.contains(QStringLiteral("output_format")));
    QCOMPARE(request.parameters.value(QStringLiteral("seed")).toLongLong(), 42);
    QCOMPARE(request.parameters.value(QStringLiteral("moderation")).toString(), QStringLiteral("low"));
    QCOMPARE(request.aspectRatio, QStringLiteral("16:9"));
    QVERIFY2(imported.summary.contains(
                 QStringLiteral("Reference images and masks are not taken from a file; add them again.")),
             qPrintable(imported.summary));
    QVERIFY2(imported.summary.contains(QStringLiteral("Not used here: ")), qPrintable(imported.summary));
    QVERIFY(imported.summary.contains(QStringLiteral("output_format")));
    QVERIFY(imported.summary.contains(QStringLiteral("unknown")));
}

void TestRequestImport::aSidecarKeepsWhatItDoesNotSay()
{
    GenerationSidecar sidecar;
    sidecar.generationId = 4;
    sidecar.request.prompt = QStringLiteral("a quiet field");
    sidecar.request.model = QStringLiteral("not-a-model");
    sidecar.request.quality = QStringLiteral("ultra");
    sidecar.request.aspectRatio = QStringLiteral("7:5");
    sidecar.size = QStringLiteral("1536x1024");
    const ImportedRequest imported = RequestImport::fromSidecar(sidecar, m_catalog, base());
    QVERIFY(imported.error.isEmpty());
    const GenerationRequest &request = imported.request;
    QCOMPARE(request.prompt, QStringLiteral("a quiet field"));
    QCOMPARE(request.profileId, 7);
    QCOMPARE(request.model, QStringLiteral("gpt-image-1")); // unknown here: the form's stays
    QCOMPARE(request.quality, QStringLiteral("medium"));
    QCOMPARE(request.aspectRatio, QStringLiteral("3:2")); // from the size
    QCOMPARE(request.parameters.value(QStringLiteral("background")).toString(), QStringLiteral("opaque"));
    QVERIFY(!request.parameters.contains(QStringLiteral("seed"))); // the form's seed went with its prompt
    QVERIFY(imported.summary.contains(QStringLiteral("model not-a-model (not known here)")));
    QVERIFY(!imported.summary.contains(QStringLiteral("Reference images")));

    sidecar.request.prompt.clear();
    QCOMPARE(RequestImport::fromSidecar(sidecar, m_catalog, base()).error,
             QStringLiteral("The sidecar holds no prompt."));
}

void TestRequestImport::namesAWebUiPlainly()
{
    ParametersText text;
    text.prompt = QStringLiteral("a fox");
    text.fields = {{QStringLiteral("Steps"), QStringLiteral("20")},
                   {QStringLiteral("Seed"), QStringLiteral("9")},
                   {QStringLiteral("Size"), QStringLiteral("512x512")}};
    QVERIFY(
        RequestImport::fromParameters(text, m_catalog, base())
            .summary.startsWith(QStringLiteral("Filled from a PNG made with a Stable Diffusion web UI: ")));
    text.fields.append({QStringLiteral("Provider"), QStringLiteral("openai")});
    QVERIFY(RequestImport::fromParameters(text, m_catalog, base())
                .summary.startsWith(QStringLiteral("Filled from a PNG made with Atelier: ")));
}

QTEST_GUILESS_MAIN(TestRequestImport)
#include "tst_requestimport.moc"
