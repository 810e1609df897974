#include "cliprocess.h"
#include "gallery/gallerypanel.h"
#include "gallery/historymodel.h"
#include "mainwindow.h"
#include "prompt/promptpanel.h"
#include "queue/queuemodel.h"
#include "queue/queuepanel.h"
#include "studiofixture.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace atelier;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void remembersItsLayout();
    void aPromptBecomesAnImageInTheGallery();
    void aJobQueuedFromATerminalLandsInTheGallery();
    void listsItsShortcuts();
    void reuseFillsThePromptPanel();
};

void TestMainWindow::remembersItsLayout()
{
    test::StudioFixture fixture;
    QList<int> sizes;
    {
        MainWindow window(fixture.context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        QVERIFY(splitter);
        splitter->setSizes({300, 700, 400});
        sizes = splitter->sizes();
        window.close();
    }
    MainWindow again(fixture.context);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
}

void TestMainWindow::aPromptBecomesAnImageInTheGallery()
{
    // The offline preview, slowed down so that the queue can be watched.
    test::StudioFixture fixture(OfflineProvider::Options{40, true});
    MainWindow window(fixture.context);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    fixture.service().start();
    auto *gallery = window.galleryPanel()->findChild<QAbstractItemView *>(QStringLiteral("galleryGrid"));
    QVERIFY(gallery && gallery->model());
    QCOMPARE(gallery->model()->rowCount(), 0);

    auto *prompt = window.findChild<QPlainTextEdit *>(QStringLiteral("prompt"));
    QTest::keyClicks(prompt, QStringLiteral("a red fox in fresh snow"));
    QSignalSpy progress(&fixture.service(), &ImageGenerationService::progressChanged);
    QSignalSpy finished(&fixture.service(), &ImageGenerationService::generationFinished);
    QTRY_VERIFY(window.findChild<QWidget *>(QStringLiteral("generate"))->isEnabled());
    QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);

    QueueModel *queue = window.queuePanel()->model();
    QCOMPARE(queue->rowCount(), 1);
    QVERIFY(progress.wait());
    QTRY_VERIFY(queue->index(0).data(QueueModel::PercentRole).toInt() > 0);
    QTRY_VERIFY(queue->index(0).data(QueueModel::DetailRole).toString().contains(QLatin1Char('%')));
    QTRY_VERIFY(
        window.statusBar()->findChildren<QLabel *>().first()->text().contains(QStringLiteral("1 running")));
    QVERIFY(finished.wait(10'000));
    QTRY_COMPARE(gallery->model()->rowCount(), 1);
    QTRY_VERIFY(queue->index(0).data(QueueModel::DetailRole).toString().startsWith(QStringLiteral("Done")));
    QTRY_VERIFY(
        window.statusBar()->findChildren<QLabel *>().first()->text().contains(QStringLiteral("0 running")));
}

// atelier-cli on the window's data folder, as in a terminal next to it: what it queues shows in the open
// window's queue at once, is run by the window and lands in its gallery.
void TestMainWindow::aJobQueuedFromATerminalLandsInTheGallery()
{
    test::StudioFixture fixture(OfflineProvider::Options{40, true});
    MainWindow window(fixture.context);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    fixture.service().start();
    auto *gallery = window.galleryPanel()->findChild<QAbstractItemView *>(QStringLiteral("galleryGrid"));
    QVERIFY(gallery && gallery->model());
    QCOMPARE(gallery->model()->rowCount(), 0);

    QTemporaryDir home;
    QTemporaryDir runtime;
    QVERIFY(QFile::setPermissions(runtime.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    test::CliProcess cli(QStringLiteral(ATELIER_CLI_PATH), home.path(), runtime.path());
    cli.setVariable(QStringLiteral("ATELIER_DATA_DIR"), fixture.engine.dir.path());
    cli.setVariable(QStringLiteral("ATELIER_LIBRARY_DIR"), fixture.engine.library->root());
    const test::CliProcess::Result queued =
        cli.run({QStringLiteral("generate"), QStringLiteral("--json"), QStringLiteral("--model"),
                 QStringLiteral("offline"), QStringLiteral("--size"), QStringLiteral("64x64"),
                 QStringLiteral("a heron from the terminal")});
    QVERIFY2(queued.exitCode == 0, queued.err.constData());
    const qint64 id = queued.json().object().value(QStringLiteral("id")).toInteger();
    QVERIFY(id > 0);

    QueueModel *queue = window.queuePanel()->model();
    QTRY_VERIFY(queue->rowOf(id) >= 0);
    QTRY_COMPARE(gallery->model()->rowCount(), 1);
    QTRY_COMPARE(fixture.service().getGenerationStatus(id)->status, GenerationStatus::Completed);
    QTRY_VERIFY(queue->index(queue->rowOf(id))
                    .data(QueueModel::DetailRole)
                    .toString()
                    .startsWith(QStringLiteral("Done")));
    QCOMPARE(gallery->model()->index(0, 0).data(HistoryModel::IdRole).toLongLong(), id);
}

void TestMainWindow::listsItsShortcuts()
{
    test::StudioFixture fixture;
    MainWindow window(fixture.context);
    window.show();
    window.showShortcuts();
    QTreeWidget *list = nullptr;
    QTRY_VERIFY((list = window.findChild<QTreeWidget *>()));
    QStringList actions;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        actions << list->topLevelItem(i)->text(0);
    QVERIFY2(actions.contains(QStringLiteral("Generate")), qPrintable(actions.join(QLatin1Char(','))));
    QVERIFY(actions.contains(QStringLiteral("Settings")));
    QVERIFY(actions.contains(QStringLiteral("Cancel the selected job")));
}

void TestMainWindow::reuseFillsThePromptPanel()
{
    test::StudioFixture fixture;
    GenerationRequest request = fixture.engine.request(
        fixture.profile.id(), QStringLiteral("a quiet harbour"), QStringLiteral("gpt-image-1"));
    request.aspectRatio = QStringLiteral("2:3");
    request.quality = QStringLiteral("low");
    request.imageCount = 2;
    QSignalSpy finished(&fixture.service(), &ImageGenerationService::generationFinished);
    fixture.service().start();
    QVERIFY(!fixture.service().generateImage(request).error.isError());
    QVERIFY(finished.wait());

    MainWindow window(fixture.context);
    window.show();
    auto *gallery = window.galleryPanel()->findChild<QAbstractItemView *>(QStringLiteral("galleryGrid"));
    QTRY_COMPARE(gallery->model()->rowCount(), 1);
    gallery->setCurrentIndex(gallery->model()->index(0, 0));
    auto *reuse = window.galleryPanel()->findChild<QAbstractButton *>(QStringLiteral("reuseButton"));
    QTRY_VERIFY(reuse && reuse->isEnabled());
    reuse->click();
    QCOMPARE(window.findChild<QPlainTextEdit *>(QStringLiteral("prompt"))->toPlainText(),
             QStringLiteral("a quiet harbour"));
    const GenerationRequest filled = window.promptPanel()->request();
    QCOMPARE(filled.model, QStringLiteral("gpt-image-1"));
    QCOMPARE(filled.aspectRatio, QStringLiteral("2:3"));
    QCOMPARE(filled.quality, QStringLiteral("low"));
    QCOMPARE(filled.imageCount, 2);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
