#include "storage/freedesktopthumbnails.h"
#include "storage/imagelibrary.h"
#include "testpicture.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>
#include <QtEndian>

using namespace atelier;
using Size = FreedesktopThumbnails::Size;

namespace {

const QDateTime kMTime = QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC);
constexpr QFile::Permissions kGroupOrOther = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                             QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;

// Sets the modification time explicitly: two writes within one second would otherwise share it.
void setMTime(const QString &path, const QDateTime &time)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.setFileTime(time, QFileDevice::FileModificationTime));
}

void writeImage(const QString &path, QSize size, const QDateTime &mtime = kMTime)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QVERIFY(image.save(path, "png"));
    setMTime(path, mtime);
}

void writeBytes(const QString &path, const QByteArray &bytes, const QDateTime &mtime = kMTime)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();
    setMTime(path, mtime);
}

// The plain tEXt chunks ahead of the pixels: all that GIO's validity check reads.
QMap<QByteArray, QByteArray> textAheadOfPixels(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray png = file.readAll();
    QMap<QByteArray, QByteArray> text;
    for (qsizetype at = 8; at + 12 <= png.size();) {
        const quint32 length = qFromBigEndian<quint32>(png.constData() + at);
        const QByteArray type = png.mid(at + 4, 4);
        if (type == "IDAT")
            break;
        if (type == "tEXt") {
            const QByteArray data = png.mid(at + 8, length);
            const qsizetype separator = data.indexOf('\0');
            text.insert(data.left(separator), data.mid(separator + 1));
        }
        at += 12 + length;
    }
    return text;
}

bool isPrivate(const QString &path, QFile::Permissions owner)
{
    const QFile::Permissions permissions = QFileInfo(path).permissions();
    return (permissions & kGroupOrOther) == 0 && (permissions & owner) == owner;
}

} // namespace

class TestFreedesktopThumbnails : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void namesFollowTheMd5OfTheUri_data();
    void namesFollowTheMd5OfTheUri();
    void largeAndXLargeFitTheirBoxWithoutUpscaling();
    void thumbnailsCarryTheStandardsKeys();
    void aChangedSourceIsThumbnailedAgain();
    void aFailureIsRecordedUntilTheSourceDecodes();
    void anUnreadableSourceLeavesNoTrace();
    void removeForgetsEverySizeAndTheFailure();
    void foldersAndFilesArePrivate();
    void filesInTheCacheAreNotThumbnailed();
    void workerThreadsMayShareOneCache();
    void madeFromDecodedPixelsAsFromTheFile();
    void libraryMakesThemWhileSavingWhenAsked();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FreedesktopThumbnails> m_thumbs;
    QString source(const QString &name) const { return m_dir->filePath(name); }
};

void TestFreedesktopThumbnails::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // A root that does not exist yet, as on a fresh account.
    m_thumbs = std::make_unique<FreedesktopThumbnails>(m_dir->filePath(QStringLiteral("cache/thumbnails")));
}

void TestFreedesktopThumbnails::namesFollowTheMd5OfTheUri_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("uri");
    QTest::addColumn<QString>("md5");
    // Expected values by hand: printf %s '<uri>' | md5sum.
    QTest::newRow("the standard's example")
        << QStringLiteral("/home/jens/photos/me.png") << QByteArray("file:///home/jens/photos/me.png")
        << QStringLiteral("c6ee772d9e49320e97ec29a7eb5b1697");
    QTest::newRow("spaces and non-ASCII as UTF-8")
        << QStringLiteral("/home/jens/My Photos/Stra\u00dfe \u00fc.png")
        << QByteArray("file:///home/jens/My%20Photos/Stra%C3%9Fe%20%C3%BC.png")
        << QStringLiteral("6ae6dec01a673c938faa13cf65957c63");
    // RFC 2396 reserves ';' in a path and never allows '[', ']', '#', '?' or '%' bare (as GLib escapes them).
    QTest::newRow("reserved characters escaped")
        << QStringLiteral("/tmp/a;b[1]#2?%.png") << QByteArray("file:///tmp/a%3Bb%5B1%5D%232%3F%25.png")
        << QStringLiteral("0e8c4390f752edeaaa48d8f7e378c0b3");
    QTest::newRow("characters a path allows stay bare")
        << QStringLiteral("/tmp/it's (1)+$&=,@:~!*.png") << QByteArray("file:///tmp/it's%20(1)+$&=,@:~!*.png")
        << QStringLiteral("6a1f3680e80ca3e7d9fb3b1440d82bcf");
    QTest::newRow("canonical: no dot segments")
        << QStringLiteral("/tmp/x/./y/../c.png") << QByteArray("file:///tmp/x/c.png")
        << QStringLiteral("62fb9006ae15fd4c282dab029ebd8b60");
}

void TestFreedesktopThumbnails::namesFollowTheMd5OfTheUri()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, uri);
    QFETCH(QString, md5);
    QCOMPARE(FreedesktopThumbnails::uriFor(file), uri);
    QCOMPARE(m_thumbs->pathFor(file, Size::Large),
             m_thumbs->root() + QStringLiteral("/large/") + md5 + QStringLiteral(".png"));
    QCOMPARE(m_thumbs->pathFor(file, Size::XLarge),
             m_thumbs->root() + QStringLiteral("/x-large/") + md5 + QStringLiteral(".png"));
    QCOMPARE(QFileInfo(m_thumbs->failurePathFor(file)).fileName(), md5 + QStringLiteral(".png"));
}

void TestFreedesktopThumbnails::largeAndXLargeFitTheirBoxWithoutUpscaling()
{
    const QString wide = source(QStringLiteral("wide.png"));
    writeImage(wide, QSize(1000, 500));
    QCOMPARE(m_thumbs->make(wide, Size::Large).size(), QSize(256, 128));
    QCOMPARE(m_thumbs->make(wide, Size::XLarge).size(), QSize(512, 256));
    QCOMPARE(QImage(m_thumbs->pathFor(wide, Size::Large)).size(), QSize(256, 128));
    QCOMPARE(QImage(m_thumbs->pathFor(wide, Size::XLarge)).size(), QSize(512, 256));

    const QString tall = source(QStringLiteral("tall.png"));
    writeImage(tall, QSize(300, 900));
    QCOMPARE(m_thumbs->make(tall, Size::Large).size(), QSize(85, 256));

    const QString small = source(QStringLiteral("small.png"));
    writeImage(small, QSize(100, 40));
    QCOMPARE(m_thumbs->make(small, Size::XLarge).size(), QSize(100, 40));
    QCOMPARE(m_thumbs->load(small, Size::XLarge).size(), QSize(100, 40));
}

void TestFreedesktopThumbnails::thumbnailsCarryTheStandardsKeys()
{
    const QString file = source(QStringLiteral("keys.png"));
    writeImage(file, QSize(640, 480));
    QVERIFY(m_thumbs->load(file, Size::Large).isNull());
    QVERIFY(!m_thumbs->make(file, Size::Large).isNull());

    const QString path = m_thumbs->pathFor(file, Size::Large);
    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage written = reader.read();
    QVERIFY(written.hasAlphaChannel()); // the standard: 8-bit RGBA
    QCOMPARE(written.text(QStringLiteral("Thumb::URI")),
             QString::fromLatin1(FreedesktopThumbnails::uriFor(file)));
    QCOMPARE(written.text(QStringLiteral("Thumb::MTime")), QString::number(kMTime.toSecsSinceEpoch()));
    QCOMPARE(written.text(QStringLiteral("Thumb::Size")), QString::number(QFileInfo(file).size()));
    QCOMPARE(written.text(QStringLiteral("Thumb::Image::Width")), QStringLiteral("640"));
    QCOMPARE(written.text(QStringLiteral("Thumb::Image::Height")), QStringLiteral("480"));
    QCOMPARE(written.text(QStringLiteral("Software")), QStringLiteral("Atelier"));
    // As plain tEXt, which GNOME's check reads (Qt alone would compress the long URI into zTXt).
    const QMap<QByteArray, QByteArray> text = textAheadOfPixels(path);
    QCOMPARE(text.value("Thumb::URI"), FreedesktopThumbnails::uriFor(file));
    QCOMPARE(text.value("Thumb::MTime"), QByteArray::number(kMTime.toSecsSinceEpoch()));
    QCOMPARE(m_thumbs->load(file, Size::Large).size(), QSize(256, 192));
    // Another size is another file.
    QVERIFY(m_thumbs->load(file, Size::XLarge).isNull());
}

void TestFreedesktopThumbnails::aChangedSourceIsThumbnailedAgain()
{
    const QString file = source(QStringLiteral("changing.png"));
    writeImage(file, QSize(400, 400));
    QVERIFY(!m_thumbs->make(file, Size::Large).isNull());
    QVERIFY(!m_thumbs->load(file, Size::Large).isNull());

    // Touched: the same pixels, a new mtime.
    setMTime(file, kMTime.addSecs(60));
    QVERIFY(m_thumbs->load(file, Size::Large).isNull());
    QVERIFY(!m_thumbs->make(file, Size::Large).isNull());
    QCOMPARE(m_thumbs->load(file, Size::Large).text(QStringLiteral("Thumb::MTime")),
             QString::number(kMTime.addSecs(60).toSecsSinceEpoch()));

    // Older than before (another file moved over it) counts as changed too.
    writeImage(file, QSize(400, 200), kMTime);
    QVERIFY(m_thumbs->load(file, Size::Large).isNull());
    QCOMPARE(m_thumbs->make(file, Size::Large).size(), QSize(256, 128));
    QCOMPARE(m_thumbs->load(file, Size::Large).size(), QSize(256, 128));

    // A thumbnail of another file under this one's name (a copy, an MD5 clash) is not used.
    const QString other = source(QStringLiteral("other.png"));
    writeImage(other, QSize(50, 50));
    QVERIFY(!m_thumbs->make(other, Size::Large).isNull());
    QVERIFY(QFile::remove(m_thumbs->pathFor(file, Size::Large)));
    QVERIFY(QFile::copy(m_thumbs->pathFor(other, Size::Large), m_thumbs->pathFor(file, Size::Large)));
    QVERIFY(m_thumbs->load(file, Size::Large).isNull());
}

void TestFreedesktopThumbnails::aFailureIsRecordedUntilTheSourceDecodes()
{
    const QString file = source(QStringLiteral("broken.png"));
    writeBytes(file, "not an image at all");
    QVERIFY(!m_thumbs->hasFailed(file));
    QVERIFY(m_thumbs->make(file, Size::Large).isNull());
    QVERIFY(m_thumbs->hasFailed(file));
    QVERIFY(!QFile::exists(m_thumbs->pathFor(file, Size::Large)));

    const QString failure = m_thumbs->failurePathFor(file);
    QVERIFY(failure.startsWith(m_thumbs->root() + QStringLiteral("/fail/atelier-")));
    const QImage record(failure, "png");
    QVERIFY(!record.isNull());
    QCOMPARE(record.text(QStringLiteral("Thumb::URI")),
             QString::fromLatin1(FreedesktopThumbnails::uriFor(file)));
    QCOMPARE(record.text(QStringLiteral("Thumb::MTime")), QString::number(kMTime.toSecsSinceEpoch()));

    // Fixed: the record no longer matches, and the next thumbnail clears it.
    writeImage(file, QSize(300, 300), kMTime.addSecs(5));
    QVERIFY(!m_thumbs->hasFailed(file));
    QCOMPARE(m_thumbs->make(file, Size::Large).size(), QSize(256, 256));
    QVERIFY(!QFile::exists(failure));
    QVERIFY(!m_thumbs->hasFailed(file));
}

void TestFreedesktopThumbnails::anUnreadableSourceLeavesNoTrace()
{
    // The standard: nothing is cached for what cannot be read, not even a failure.
    const QString missing = source(QStringLiteral("missing.png"));
    QVERIFY(m_thumbs->make(missing, Size::Large).isNull());
    QVERIFY(m_thumbs->load(missing, Size::Large).isNull());
    QVERIFY(!m_thumbs->hasFailed(missing));
    QVERIFY(!QFile::exists(m_thumbs->failurePathFor(missing)));
    QVERIFY(!QFileInfo::exists(m_thumbs->root()));
}

void TestFreedesktopThumbnails::removeForgetsEverySizeAndTheFailure()
{
    const QString file = source(QStringLiteral("doomed.png"));
    writeImage(file, QSize(600, 600));
    QVERIFY(!m_thumbs->make(file, Size::Large).isNull());
    QVERIFY(!m_thumbs->make(file, Size::XLarge).isNull());
    // The file manager's own sizes, and a failure an earlier version of the file left.
    const QString large = m_thumbs->pathFor(file, Size::Large);
    const QString normal = QString(large).replace(QStringLiteral("/large/"), QStringLiteral("/normal/"));
    const QString xxLarge = QString(large).replace(QStringLiteral("/large/"), QStringLiteral("/xx-large/"));
    for (const QString &copy : {normal, xxLarge, m_thumbs->failurePathFor(file)}) {
        QVERIFY(QDir().mkpath(QFileInfo(copy).path()));
        QVERIFY(QFile::copy(large, copy));
    }

    m_thumbs->remove(file);
    for (const QString &path :
         {large, m_thumbs->pathFor(file, Size::XLarge), normal, xxLarge, m_thumbs->failurePathFor(file)})
        QVERIFY2(!QFile::exists(path), qPrintable(path));
    QVERIFY(QFile::exists(file));
    QVERIFY(m_thumbs->load(file, Size::Large).isNull());
}

void TestFreedesktopThumbnails::foldersAndFilesArePrivate()
{
    const QString good = source(QStringLiteral("good.png"));
    writeImage(good, QSize(300, 200));
    const QString bad = source(QStringLiteral("bad.png"));
    writeBytes(bad, "garbage");
    QVERIFY(!m_thumbs->make(good, Size::Large).isNull());
    QVERIFY(!m_thumbs->make(good, Size::XLarge).isNull());
    QVERIFY(m_thumbs->make(bad, Size::Large).isNull());

    const QString failures = QFileInfo(m_thumbs->failurePathFor(bad)).path();
    const QFile::Permissions folder = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
    for (const QString &path : {m_thumbs->root(), m_thumbs->root() + QStringLiteral("/large"),
                                m_thumbs->root() + QStringLiteral("/x-large"),
                                m_thumbs->root() + QStringLiteral("/fail"), failures})
        QVERIFY2(QFileInfo(path).isDir() && isPrivate(path, folder), qPrintable(path));
    for (const QString &path : {m_thumbs->pathFor(good, Size::Large), m_thumbs->pathFor(good, Size::XLarge),
                                m_thumbs->failurePathFor(bad)}) {
        QVERIFY2(isPrivate(path, QFile::ReadOwner | QFile::WriteOwner), qPrintable(path));
        QVERIFY(!QFileInfo(path).permissions().testFlag(QFile::ExeOwner));
    }
    // Rewritten over an existing thumbnail, the file stays private.
    setMTime(good, kMTime.addSecs(1));
    QVERIFY(!m_thumbs->make(good, Size::Large).isNull());
    QVERIFY(isPrivate(m_thumbs->pathFor(good, Size::Large), QFile::ReadOwner | QFile::WriteOwner));
    // Only the thumbnails are left: no temporary files beside them.
    QCOMPARE(QDir(m_thumbs->root() + QStringLiteral("/large")).entryList(QDir::Files).size(), 1);
}

void TestFreedesktopThumbnails::filesInTheCacheAreNotThumbnailed()
{
    const QString file = source(QStringLiteral("picture.png"));
    writeImage(file, QSize(300, 300));
    QVERIFY(!m_thumbs->make(file, Size::Large).isNull());
    const QString thumbnail = m_thumbs->pathFor(file, Size::Large);
    // Shown as it is, but no thumbnail of a thumbnail is written.
    QCOMPARE(m_thumbs->make(thumbnail, Size::Large).size(), QSize(256, 256));
    QVERIFY(!QFile::exists(m_thumbs->pathFor(thumbnail, Size::Large)));
    QCOMPARE(QDir(m_thumbs->root() + QStringLiteral("/large")).entryList(QDir::Files).size(), 1);
}

void TestFreedesktopThumbnails::workerThreadsMayShareOneCache()
{
    QStringList files;
    for (int i = 0; i < 4; ++i) {
        files.append(source(QStringLiteral("shared %1.png").arg(i)));
        writeImage(files.last(), QSize(700, 350));
    }
    // Every file asked for several times at once, as a grid and a file manager might.
    QStringList requests;
    for (int round = 0; round < 4; ++round)
        requests += files;
    const FreedesktopThumbnails &thumbs = *m_thumbs;
    const QList<QSize> sizes = QtConcurrent::blockingMapped(
        requests, [&thumbs](const QString &file) { return thumbs.make(file, Size::Large).size(); });
    for (const QSize &size : sizes)
        QCOMPARE(size, QSize(256, 128));
    for (const QString &file : std::as_const(files))
        QCOMPARE(m_thumbs->load(file, Size::Large).size(), QSize(256, 128));
    QCOMPARE(QDir(m_thumbs->root() + QStringLiteral("/large")).entryList(QDir::Files).size(), files.size());
}

void TestFreedesktopThumbnails::madeFromDecodedPixelsAsFromTheFile()
{
    const QString file = source(QStringLiteral("decoded.png"));
    writeImage(file, QSize(640, 480));
    const QImage made = m_thumbs->makeFrom(file, QImage(file), Size::Large);
    QCOMPARE(made.size(), QSize(256, 192));
    const QImage loaded = m_thumbs->load(file, Size::Large);
    QCOMPARE(loaded.size(), QSize(256, 192));
    QCOMPARE(loaded.text(QStringLiteral("Thumb::Image::Width")), QStringLiteral("640"));
    QCOMPARE(loaded.text(QStringLiteral("Thumb::MTime")), QString::number(kMTime.toSecsSinceEpoch()));
    QVERIFY(m_thumbs->makeFrom(file, QImage(), Size::Large).isNull());
    QVERIFY(m_thumbs->makeFrom(source(QStringLiteral("gone.png")), QImage(file), Size::Large).isNull());
}

void TestFreedesktopThumbnails::libraryMakesThemWhileSavingWhenAsked()
{
    // The library uses the person's cache: here one of the test's own.
    const QByteArray oldCache = qgetenv("XDG_CACHE_HOME");
    qputenv("XDG_CACHE_HOME", m_dir->filePath(QStringLiteral("xdg-cache")).toLocal8Bit());
    const auto restore = qScopeGuard([&oldCache] { qputenv("XDG_CACHE_HOME", oldCache); });
    const QByteArray png = test::TestPicture::encoded(QSize(800, 600), "png");
    GenerationSidecar sidecar;
    sidecar.generationId = 7;
    sidecar.createdAt = kMTime;
    sidecar.request.profileId = 1;
    sidecar.request.prompt = QStringLiteral("a lantern");

    const FreedesktopThumbnails cache;
    const ImageLibrary onDemand(m_dir->filePath(QStringLiteral("on-demand")));
    const SavedImages later = onDemand.save(sidecar, {ProviderImage{png, QStringLiteral("png")}});
    QCOMPARE(later.paths.size(), 1);
    QVERIFY(cache.load(later.paths.first(), Size::Large).isNull());

    const ImageLibrary onSave(m_dir->filePath(QStringLiteral("on-save")), ImageLibrary::Thumbnails::OnSave);
    const SavedImages now = onSave.save(sidecar, {ProviderImage{png, QStringLiteral("png")}});
    QCOMPARE(now.paths.size(), 1);
    QCOMPARE(cache.load(now.paths.first(), Size::Large).size(), QSize(256, 192));
    // Deleting the result takes its thumbnail along.
    ImageLibrary::discard(now.paths);
    QVERIFY(!QFile::exists(cache.pathFor(now.paths.first(), Size::Large)));
}

QTEST_GUILESS_MAIN(TestFreedesktopThumbnails)
#include "tst_freedesktopthumbnails.moc"
