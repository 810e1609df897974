#include "storage/imagelibrary.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace atelier;

namespace {

constexpr int kRuns = 20;
constexpr int kTimeoutMs = 15000;

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// Kills a process in the middle of ImageLibrary::save and checks what a later reader of the library would
// find: under the final names only complete files, byte for byte, and never a sidecar without its image.
class TestAtomicWrite : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killedMidSave_data();
    void killedMidSave();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    QString m_imageRelative;
    QString m_sidecarRelative;
    QByteArray m_image;
    QByteArray m_sidecar;
    qint64 m_saveMs = 0;
    int m_withImage = 0;
    int m_withSidecar = 0;
    int m_withTemporaries = 0;
};

void TestAtomicWrite::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // One run left to finish tells the names and the bytes every killed run meant to write, and how long a
    // save takes, so that the kills can be spread over the whole of it.
    const QString root = m_dir.filePath(QStringLiteral("reference"));
    QProcess child;
    child.start(QStringLiteral(ATELIER_ATOMIC_WRITE_CHILD), {root});
    QVERIFY(child.waitForFinished(kTimeoutMs));
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QVERIFY2(child.exitCode() == 0, child.readAllStandardError().constData());
    const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
    QVERIFY(lines.size() >= 2);
    QCOMPARE(lines.at(0), QByteArray("ready"));
    const QList<QByteArray> saved = lines.at(1).split(' ');
    QCOMPARE(saved.size(), 3);
    m_saveMs = saved.at(1).toLongLong();
    const QString path = QString::fromLocal8Bit(saved.at(2));
    m_imageRelative = QDir(root).relativeFilePath(path);
    m_sidecarRelative = QDir(root).relativeFilePath(ImageLibrary::sidecarPath(path));
    m_image = readAll(path);
    m_sidecar = readAll(ImageLibrary::sidecarPath(path));
    QVERIFY2(m_image.size() > 20 * 1024 * 1024, QByteArray::number(m_image.size()).constData());
    QVERIFY(!m_sidecar.isEmpty());
    qInfo("A whole save of %lld bytes took %lld ms", qint64(m_image.size()), m_saveMs);
}

void TestAtomicWrite::killedMidSave_data()
{
    QTest::addColumn<int>("delayMs");
    // From "ready" (the save is about to start) to a little past the time a whole save took.
    const qint64 span = m_saveMs + m_saveMs / 4 + 2;
    for (int run = 0; run < kRuns; ++run) {
        const int delay = int(span * run / (kRuns - 1));
        QTest::addRow("run %d, kill after %d ms", run, delay) << delay;
    }
}

void TestAtomicWrite::killedMidSave()
{
    QFETCH(int, delayMs);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString root = dir.filePath(QStringLiteral("library"));
    QProcess child;
    QSignalSpy finished(&child, &QProcess::finished);
    connect(&child, &QProcess::readyReadStandardOutput, this, [&child, delayMs] {
        while (child.canReadLine()) {
            if (child.readLine().trimmed() != "ready")
                continue;
            if (delayMs == 0)
                child.kill();
            else
                QTimer::singleShot(delayMs, Qt::PreciseTimer, &child, [&child] { child.kill(); });
        }
    });
    child.start(QStringLiteral(ATELIER_ATOMIC_WRITE_CHILD), {root});
    QVERIFY(finished.wait(kTimeoutMs));
    // A kill that came too late finds the save done: that outcome must hold the same promises.
    if (child.exitStatus() == QProcess::NormalExit)
        QCOMPARE(child.exitCode(), 0);

    bool image = false;
    bool sidecar = false;
    QStringList temporaries;
    const QString folder = QFileInfo(QDir(root).filePath(m_imageRelative)).path();
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = QDir(root).relativeFilePath(path);
        if (relative == m_imageRelative) {
            image = true;
            // QCOMPARE would print 27 MB on failure.
            QVERIFY2(readAll(path) == m_image, "The image under its final name is not what was meant");
        } else if (relative == m_sidecarRelative) {
            sidecar = true;
            QCOMPARE(readAll(path), m_sidecar);
        } else {
            // A temporary: it must sit beside its final name, so that the rename cannot cross file systems.
            QCOMPARE(QFileInfo(path).path(), folder);
            temporaries.append(relative);
        }
    }
    QVERIFY2(!sidecar || image, "A sidecar names an image that is not there");
    m_withImage += image ? 1 : 0;
    m_withSidecar += sidecar ? 1 : 0;
    if (!temporaries.isEmpty()) {
        ++m_withTemporaries;
        qInfo("Left behind: %s", qPrintable(temporaries.join(QStringLiteral(", "))));
    }
}

void TestAtomicWrite::cleanupTestCase()
{
    qInfo("Of %d killed saves: %d left the image, %d its sidecar too, %d left temporaries", kRuns,
          m_withImage, m_withSidecar, m_withTemporaries);
}

QTEST_GUILESS_MAIN(TestAtomicWrite)
#include "tst_atomicwrite.moc"
