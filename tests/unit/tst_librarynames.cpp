#include "storage/imagelibrary.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QImage>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace atelier;

namespace {

constexpr qint64 kProfile = 7;
const QDateTime kCreated = QDateTime(QDate(2024, 3, 1), QTime(23, 30), Qt::UTC);

QByteArray pngBytes(QRgb colour)
{
    QImage image(4, 3, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "png");
    return bytes;
}

GenerationSidecar sidecarFor(qint64 id, int run, const QString &prompt)
{
    GenerationSidecar sidecar;
    sidecar.generationId = id;
    sidecar.run = run;
    sidecar.request.profileId = kProfile;
    sidecar.request.prompt = prompt;
    sidecar.createdAt = kCreated;
    sidecar.finishedAt = kCreated.addSecs(5);
    return sidecar;
}

QString repeated(const QString &piece, int totalLength)
{
    QString result;
    while (result.size() < totalLength)
        result += piece;
    result.truncate(totalLength);
    return result;
}

} // namespace

class TestLibraryNames : public QObject
{
    Q_OBJECT

private slots:
    void hostilePrompts_data();
    void hostilePrompts();
    void slugKeepsPlainWords();
    void eachAttemptHasItsOwnNames();
};

void TestLibraryNames::hostilePrompts_data()
{
    QTest::addColumn<QString>("prompt");

    QString controls;
    for (char16_t u = 0x01; u <= 0x1f; ++u)
        controls += QChar(u);
    controls += QChar(0x7f);

    QTest::newRow("parent traversal") << QStringLiteral("../../etc/passwd");
    QTest::newRow("root") << QStringLiteral("/");
    QTest::newRow("unc share") << QStringLiteral("\\\\server\\share");
    QTest::newRow("mixed separators") << QStringLiteral("a/b\\c");
    QTest::newRow("dot dot") << QStringLiteral("..");
    QTest::newRow("dot") << QStringLiteral(".");
    QTest::newRow("empty") << QString();
    QTest::newRow("blanks") << QStringLiteral("   ");
    QTest::newRow("control characters") << controls;
    QTest::newRow("control around words") << QStringLiteral("cat\nin\ta\rhat\x1b[31m");
    QTest::newRow("nul inside") << (QStringLiteral("a") + QChar(0) + QStringLiteral("/../b") + QChar(0));
    QTest::newRow("only nul") << QString(QChar(0));
    QTest::newRow("rtl override") << QStringLiteral(u"photo\u202Egnp.exe");
    QTest::newRow("bidi isolates") << QStringLiteral(u"\u2066a\u2067b\u2068c\u2069/..");
    QTest::newRow("arabic") << QStringLiteral(u"قطة على سطح");
    QTest::newRow("hebrew") << QStringLiteral(u"חתול על גג");
    QTest::newRow("emoji") << QStringLiteral(u"🐱🎩 cat 👨‍👩‍👧");
    QTest::newRow("combining marks") << QStringLiteral(u"e\u0301\u0302\u0303/\u0338..");
    QTest::newRow("lone surrogates") << (QString(QChar(0xd800)) + QStringLiteral("x") + QChar(0xdc00));
    QTest::newRow("fullwidth and look-alikes") << QStringLiteral(u"ＡＢＣ\u2215\u2044\uFF0F\u0130\u212A");
    QTest::newRow("10000 letters") << repeated(QStringLiteral("a"), 10000);
    QTest::newRow("10000 words") << repeated(QStringLiteral("ab "), 10000);
    QTest::newRow("10000 separators") << repeated(QStringLiteral("../"), 10000);
    QTest::newRow("10000 emoji") << repeated(QStringLiteral(u"🐱"), 10000);
    QTest::newRow("reserved CON") << QStringLiteral("CON");
    QTest::newRow("reserved nul.txt") << QStringLiteral("nul.txt");
    QTest::newRow("reserved com1 colon") << QStringLiteral("COM1:");
    QTest::newRow("leading dashes") << QStringLiteral("--rm -rf /");
    QTest::newRow("single dash") << QStringLiteral("-");
    QTest::newRow("leading dots") << QStringLiteral("...hidden");
    QTest::newRow("trailing dots and blanks") << QStringLiteral("name. . .");
    QTest::newRow("glob and quotes") << QStringLiteral("*?<>|\"'`$(rm)~");
    QTest::newRow("39 letters then a word") << (repeated(QStringLiteral("a"), 39) + QStringLiteral(" bc"));
    QTest::newRow("38 letters then a word") << (repeated(QStringLiteral("a"), 38) + QStringLiteral(" bc"));
}

void TestLibraryNames::hostilePrompts()
{
    QFETCH(QString, prompt);

    const QString slug = ImageLibrary::slug(prompt);
    static const QRegularExpression safe(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    QVERIFY2(safe.match(slug).hasMatch(), qPrintable(slug));
    QVERIFY2(slug.size() <= 40, qPrintable(slug));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(QStringLiteral("library"));
    const ImageLibrary library(root);

    // Two generations with the same prompt, a retry of the first, and one with two images.
    struct Save
    {
        qint64 id;
        int run;
        int images;
    };
    const QList<Save> saves = {{41, 1, 1}, {42, 1, 1}, {41, 2, 1}, {43, 1, 2}};
    QSet<QString> written;
    for (const Save &save : saves) {
        QList<ProviderImage> images;
        for (int i = 0; i < save.images; ++i)
            images.append({pngBytes(qRgb(int(save.id), save.run, i)), QStringLiteral("png")});
        const SavedImages saved = library.save(sidecarFor(save.id, save.run, prompt), images);
        QVERIFY2(saved.error.message.isEmpty(), qPrintable(saved.error.message));
        QCOMPARE(saved.paths.size(), save.images);
        for (int i = 0; i < saved.paths.size(); ++i) {
            const QString &path = saved.paths.at(i);
            QVERIFY2(!written.contains(path), qPrintable(path));
            written.insert(path);
            const QString name = QFileInfo(path).fileName();
            const QString prefix = save.run > 1 ? QStringLiteral("%1-r%2-").arg(save.id).arg(save.run)
                                                : QStringLiteral("%1-").arg(save.id);
            QVERIFY2(name.startsWith(prefix), qPrintable(name));
            QVERIFY2(name.contains(slug), qPrintable(name));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(), images.at(i).bytes);
            QVERIFY(QFileInfo::exists(ImageLibrary::sidecarPath(path)));
        }
    }

    // Every file the saves made, found by walking the disk rather than trusting the returned paths, sits
    // directly in the one dated folder once symbolic links and dots are resolved.
    const QString folder =
        QDir(QDir(root).filePath(QStringLiteral("profile-%1/2024-03-01").arg(kProfile))).canonicalPath();
    QVERIFY(!folder.isEmpty());
    QStringList found;
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        QCOMPARE(info.canonicalPath(), folder);
        found.append(info.canonicalFilePath());
    }
    QStringList expected;
    for (const QString &path : std::as_const(written)) {
        expected << QFileInfo(path).canonicalFilePath()
                 << QFileInfo(ImageLibrary::sidecarPath(path)).canonicalFilePath();
    }
    found.sort();
    expected.sort();
    QCOMPARE(found, expected);
}

void TestLibraryNames::slugKeepsPlainWords()
{
    QCOMPARE(ImageLibrary::slug(QStringLiteral("A Cat, in a HAT!")), QStringLiteral("a-cat-in-a-hat"));
    QCOMPARE(ImageLibrary::slug(QStringLiteral("../../etc/passwd")), QStringLiteral("etc-passwd"));
    QCOMPARE(ImageLibrary::slug(QString()), QStringLiteral("image"));
    QCOMPARE(ImageLibrary::slug(QStringLiteral("CON")), QStringLiteral("con"));
}

void TestLibraryNames::eachAttemptHasItsOwnNames()
{
    // Attempt 1's process lost its lease while saving and attempt 2 runs elsewhere: neither may overwrite
    // or remove the other's files, nor those of a version that named files without the attempt.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ImageLibrary library(dir.filePath(QStringLiteral("library")));
    const GenerationSidecar sidecar = sidecarFor(42, 1, QStringLiteral("a lighthouse"));
    const QList<ProviderImage> two{{pngBytes(qRgb(1, 0, 0)), QStringLiteral("png")},
                                   {pngBytes(qRgb(2, 0, 0)), QStringLiteral("png")}};
    const SavedImages first = library.save(sidecar, two, 1);
    const SavedImages second = library.save(sidecar, {{pngBytes(qRgb(3, 0, 0)), QStringLiteral("png")}}, 2);
    const SavedImages legacy = library.save(sidecar, {{pngBytes(qRgb(4, 0, 0)), QStringLiteral("png")}});
    QCOMPARE(QFileInfo(first.paths.value(0)).fileName(), QStringLiteral("42-a1-a-lighthouse-1.png"));
    QCOMPARE(QFileInfo(second.paths.value(0)).fileName(), QStringLiteral("42-a2-a-lighthouse.png"));
    QCOMPARE(QFileInfo(legacy.paths.value(0)).fileName(), QStringLiteral("42-a-lighthouse.png"));

    Generation generation;
    generation.id = 42;
    generation.request = sidecar.request;
    generation.createdAt = kCreated;
    library.discardUnrecorded(generation, 1, 1);
    for (const QString &path : first.paths) {
        QVERIFY2(!QFileInfo::exists(path), qPrintable(path));
        QVERIFY(!QFileInfo::exists(ImageLibrary::sidecarPath(path)));
    }
    QVERIFY(QFileInfo::exists(second.paths.value(0)));
    QVERIFY(QFileInfo::exists(legacy.paths.value(0)));
    library.discardUnrecorded(generation, 1, 0);
    QVERIFY(!QFileInfo::exists(legacy.paths.value(0)));
    QVERIFY(QFileInfo::exists(second.paths.value(0)));
}

QTEST_GUILESS_MAIN(TestLibraryNames)
#include "tst_librarynames.moc"
