#include "engine/historyexport.h"
#include "engine/imagegenerationservice.h"
#include "engine/thumbnailcache.h"
#include "gallery/detailspanel.h"
#include "gallery/exportdialog.h"
#include "gallery/gallerypanel.h"
#include "gallery/historymodel.h"
#include "gallery/imageview.h"
#include "gallery/tilegridview.h"
#include "settings/problemlabel.h"
#include "studiofixture.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <algorithm>
#include <memory>

using namespace atelier;

namespace {

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Chooses these generations in the grid, the last one current, as Ctrl-clicks would.
void choose(GalleryPanel &panel, const QList<qint64> &ids)
{
    QItemSelectionModel *selection = panel.grid()->selectionModel();
    for (const qint64 id : ids)
        selection->setCurrentIndex(panel.model()->index(panel.model()->rowOf(id)),
                                   QItemSelectionModel::Select);
}

ExportDialog *openFrom(GalleryPanel &panel, const char *action)
{
    panel.findChild<QAction *>(QString::fromLatin1(action))->trigger();
    return panel.findChild<ExportDialog *>();
}

template<typename T> T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

QString summaryOf(ExportDialog *dialog)
{
    auto *summary = child<QLabel>(dialog, "summaryLabel");
    return summary->isVisible() ? summary->text() : QString();
}

QString problemOf(ExportDialog *dialog)
{
    auto *problem = child<ProblemLabel>(dialog, "problemLabel");
    return problem->isVisible() ? problem->problem() : QString();
}

// With ATELIER_SCREENSHOTS naming a folder, the widget as painted, for a person to look at.
void shoot(QWidget *widget, const QString &name)
{
    const QString folder = qEnvironmentVariable("ATELIER_SCREENSHOTS");
    if (!folder.isEmpty() && QDir().mkpath(folder))
        QVERIFY(widget->grab().save(QDir(folder).filePath(name + QStringLiteral(".png"))));
}

} // namespace

class TestGalleryExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exportsTheChosenImagesIntoAFolder();
    void zipModeWritesOneArchive();
    void aTargetInTheLibraryIsRefusedInPlace();
    void saysSoWhenNothingChosenHasImages();
    void exportsTheFilteredHistoryAsCsv();
    void cancelStopsAndLeavesNothing();
};

void TestGalleryExport::exportsTheChosenImagesIntoAFolder()
{
    test::StudioFixture f;
    f.service().start();
    const Generation fox = f.makeOffline(QStringLiteral("a red fox"));
    const Generation pair = f.makeOffline(QStringLiteral("two lemons"), 2);
    const Generation left = f.makeOffline(QStringLiteral("not chosen"));
    QVERIFY(fox.id && pair.id && left.id);
    GalleryPanel panel(f.context);
    QTRY_VERIFY(!panel.model()->isLoading());
    panel.resize(1100, 720);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *selected = child<QLabel>(&panel, "selectionLabel");
    QVERIFY(!child<QAction>(&panel, "exportSelectedAction")->isEnabled());
    choose(panel, {fox.id});
    QVERIFY(!selected->isVisible());
    choose(panel, {pair.id});
    QVERIFY(selected->isVisible());
    QCOMPARE(selected->text(), QStringLiteral("2 selected"));
    // The details follow the current one.
    QCOMPARE(panel.details()->generation()->id, pair.id);
    // The window's list of shortcuts finds the menu's key on the panel.
    QCOMPARE(child<QAction>(&panel, "exportAction")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    QVERIFY(panel.actions().contains(child<QAction>(&panel, "exportAction")));
    // The key opens the menu under the button.
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    QTest::keyClick(&panel, Qt::Key_E, Qt::ControlModifier);
    auto *menu = panel.findChild<QMenu *>();
    QTRY_VERIFY(menu->isVisible());
    QVERIFY(menu->actions().contains(child<QAction>(&panel, "exportSelectedAction")));
    menu->hide();

    for (const Generation &generation : {fox, pair, left})
        QTRY_VERIFY(!panel.thumbnails()->thumbnail(generation.resultPaths.value(0)).isNull());
    QTRY_VERIFY(!panel.details()->imageView()->image().isNull());
    shoot(&panel, QStringLiteral("gallery-selection"));

    ExportDialog *dialog = openFrom(panel, "exportSelectedAction");
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(child<QLabel>(dialog, "introLabel")->text(),
             QStringLiteral("Export 3 images from 2 generations."));
    shoot(dialog, QStringLiteral("exportdialog"));
    QTemporaryDir out;
    const QString target = out.filePath(QStringLiteral("chosen"));
    child<QLineEdit>(dialog, "pathField")->setText(target);
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QTRY_COMPARE(summaryOf(dialog), QStringLiteral("Exported 3 images to %1.").arg(target));
    QVERIFY(child<QPushButton>(dialog, "showInFolderButton")->isVisible());
    shoot(dialog, QStringLiteral("exportdialog-done"));

    QStringList expected;
    for (const QString &source : fox.resultPaths + pair.resultPaths) {
        const QString name = QFileInfo(source).fileName();
        const QString copy = QDir(target).filePath(name);
        QCOMPARE(bytesOf(copy), bytesOf(source));
        QCOMPARE(bytesOf(copy + QStringLiteral(".json")), bytesOf(ImageLibrary::sidecarPath(source)));
        QVERIFY(!bytesOf(copy).isEmpty());
        expected << name << name + QStringLiteral(".json");
    }
    expected.sort();
    QCOMPARE(QDir(target).entryList(QDir::Files, QDir::Name), expected);
    QCOMPARE(f.settings.exportFolder(), out.path());

    // Closed when it is done, and gone with its watcher.
    QTest::mouseClick(child<QPushButton>(dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY(!panel.findChild<ExportDialog *>());
}

void TestGalleryExport::zipModeWritesOneArchive()
{
    test::StudioFixture f;
    f.service().start();
    const Generation fox = f.makeOffline(QStringLiteral("a red fox"));
    const Generation owl = f.makeOffline(QStringLiteral("an owl"));
    GalleryPanel panel(f.context);
    QTRY_VERIFY(!panel.model()->isLoading());
    choose(panel, {fox.id, owl.id});
    ExportDialog *dialog = openFrom(panel, "exportSelectedAction");
    QTemporaryDir out;
    auto *path = child<QLineEdit>(dialog, "pathField");
    path->setText(out.filePath(QStringLiteral("animals")));
    // The place and the name stay; the archive only adds its extension.
    child<QRadioButton>(dialog, "zipButton")->click();
    const QString archive = out.filePath(QStringLiteral("animals.zip"));
    QCOMPARE(path->text(), QDir::toNativeSeparators(archive));
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QTRY_COMPARE(summaryOf(dialog), QStringLiteral("Exported 2 images to %1.").arg(archive));
    QCOMPARE(bytesOf(archive).left(4), QByteArray("PK\x03\x04"));
    QCOMPARE(QDir(out.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("animals.zip")});

    // A second export to the same archive asks first, and replaces it only when asked again.
    const QDateTime written = QFileInfo(archive).lastModified();
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QVERIFY(problemOf(dialog).contains(QStringLiteral("Replace it?")));
    shoot(dialog, QStringLiteral("exportdialog-replace"));
    QCOMPARE(child<QPushButton>(dialog, "exportButton")->text(), QStringLiteral("Replace"));
    QCOMPARE(QFileInfo(archive).lastModified(), written);
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QTRY_COMPARE(summaryOf(dialog), QStringLiteral("Exported 2 images to %1.").arg(archive));
    QVERIFY(problemOf(dialog).isEmpty());
}

void TestGalleryExport::aTargetInTheLibraryIsRefusedInPlace()
{
    test::StudioFixture f;
    f.service().start();
    const Generation fox = f.makeOffline(QStringLiteral("a red fox"));
    GalleryPanel panel(f.context);
    QTRY_VERIFY(!panel.model()->isLoading());
    choose(panel, {fox.id});
    ExportDialog *dialog = openFrom(panel, "exportSelectedAction");
    const QString inside = QDir(f.engine.library->root()).filePath(QStringLiteral("copies"));
    child<QLineEdit>(dialog, "pathField")->setText(inside);
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QTRY_VERIFY(problemOf(dialog).contains(QStringLiteral("inside the image library")));
    shoot(dialog, QStringLiteral("exportdialog-refused"));
    QVERIFY(dialog->isVisible());
    QVERIFY(summaryOf(dialog).isEmpty());
    QVERIFY(!QFileInfo::exists(inside));
    QCOMPARE(f.filesHolding(bytesOf(fox.resultPaths.value(0))), QStringList{fox.resultPaths.value(0)});
    QVERIFY(f.settings.exportFolder().isEmpty());
    // Fixing the path takes the problem away.
    child<QLineEdit>(dialog, "pathField")->setText(f.engine.dir.filePath(QStringLiteral("outside")));
    QVERIFY(problemOf(dialog).isEmpty());
}

void TestGalleryExport::saysSoWhenNothingChosenHasImages()
{
    test::StudioFixture f;
    Generation waiting;
    waiting.request =
        f.engine.request(f.profile.id(), QStringLiteral("cancelled"), QStringLiteral("offline"));
    waiting.provider = QStringLiteral("offline");
    GenerationError error;
    const qint64 id = f.engine.store->insertGeneration(waiting, 0, f.engine.clock.nowMs(), &error);
    QVERIFY(f.engine.store->markCancelled(id, 1, f.engine.clock.nowMs()));
    GalleryPanel panel(f.context);
    QTRY_VERIFY(!panel.model()->isLoading());
    choose(panel, {id});
    ExportDialog *dialog = openFrom(panel, "exportSelectedAction");
    QCOMPARE(child<QLabel>(dialog, "introLabel")->text(),
             QStringLiteral("The chosen generation has no image to export: only finished ones have."));
    QVERIFY(!child<QPushButton>(dialog, "exportButton")->isVisible());
    QVERIFY(!child<QLineEdit>(dialog, "pathField")->isVisible());
    shoot(dialog, QStringLiteral("exportdialog-nothing"));
}

void TestGalleryExport::exportsTheFilteredHistoryAsCsv()
{
    test::StudioFixture f;
    f.service().start();
    for (const char *prompt : {"a red fox", "an owl", "a lighthouse"})
        QVERIFY(f.makeOffline(QString::fromLatin1(prompt)).id);
    GalleryPanel panel(f.context);
    QTRY_VERIFY(!panel.model()->isLoading());
    HistoryQuery owls;
    owls.text = QStringLiteral("owl");
    panel.model()->setQuery(owls);
    QTRY_VERIFY(!panel.model()->isLoading());
    QCOMPARE(panel.model()->totalCount(), 1);
    panel.model()->setQuery({});
    QTRY_VERIFY(!panel.model()->isLoading());
    ExportDialog *dialog = openFrom(panel, "exportCsvAction");
    QVERIFY(dialog);
    QCOMPARE(child<QLabel>(dialog, "introLabel")->text(),
             QStringLiteral("The 3 generations that the gallery's search and filters show, one per row, as a "
                            "CSV file for a spreadsheet."));
    QVERIFY(!child<QRadioButton>(dialog, "zipButton")->isVisible());
    shoot(dialog, QStringLiteral("exportdialog-history"));
    QTemporaryDir out;
    const QString file = out.filePath(QStringLiteral("history.csv"));
    child<QLineEdit>(dialog, "pathField")->setText(file);
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QTRY_COMPARE(summaryOf(dialog), QStringLiteral("Exported 3 generations to %1.").arg(file));
    const QList<QByteArray> lines = bytesOf(file).trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.first().trimmed(), HistoryExport::columns().join(QLatin1Char(',')).toUtf8());

    // The gallery's filters decide which rows go.
    panel.model()->setQuery(owls);
    QTRY_VERIFY(!panel.model()->isLoading());
    dialog = nullptr;
    panel.findChild<ExportDialog *>()->close();
    QTRY_VERIFY(!panel.findChild<ExportDialog *>());
    dialog = openFrom(panel, "exportCsvAction");
    const QString only = out.filePath(QStringLiteral("owls.csv"));
    child<QLineEdit>(dialog, "pathField")->setText(only);
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QTRY_COMPARE(summaryOf(dialog), QStringLiteral("Exported 1 generation to %1.").arg(only));
    QCOMPARE(bytesOf(only).trimmed().split('\n').size(), 2);
}

void TestGalleryExport::cancelStopsAndLeavesNothing()
{
    test::StudioFixture f;
    f.service().start();
    const Generation pair = f.makeOffline(QStringLiteral("two lemons"), 2);
    GalleryPanel panel(f.context);
    QTRY_VERIFY(!panel.model()->isLoading());
    choose(panel, {pair.id});
    ExportDialog *dialog = openFrom(panel, "exportSelectedAction");
    QTemporaryDir out;
    const QString target = out.filePath(QStringLiteral("stopped"));
    child<QLineEdit>(dialog, "pathField")->setText(target);
    // The pool is held, so the export is still waiting when Cancel is pressed. Nothing may paint while
    // it is held: the raster engine draws on the same pool.
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    const auto gate = std::make_shared<QSemaphore>();
    const auto reopen = qScopeGuard([&] {
        gate->release();
        pool->setMaxThreadCount(threads);
    });
    pool->setMaxThreadCount(1);
    pool->start([gate] { gate->acquire(); });
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    auto *cancel = child<QPushButton>(dialog, "cancelButton");
    QVERIFY(cancel->isVisible());
    QVERIFY(!child<QLineEdit>(dialog, "pathField")->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(!cancel->isEnabled());
    // A thread for painting; the cancelled export may take it too, its end is not seen before the loop runs.
    pool->setMaxThreadCount(std::max(threads, 2));
    shoot(dialog, QStringLiteral("exportdialog-stopping"));
    gate->release();
    QTRY_COMPARE(summaryOf(dialog), QStringLiteral("Stopped. Nothing was written."));
    QVERIFY(!cancel->isVisible());
    QVERIFY(child<QLineEdit>(dialog, "pathField")->isEnabled());
    QVERIFY(dialog->isVisible());
    QVERIFY(!QFileInfo::exists(target));
}

QTEST_MAIN(TestGalleryExport)
#include "tst_galleryexport.moc"
