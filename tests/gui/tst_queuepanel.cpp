#include "queue/queuedelegate.h"
#include "queue/queuemodel.h"
#include "queue/queuepanel.h"
#include "studiofixture.h"

#include <QApplication>
#include <QBuffer>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace atelier;

class TestQueuePanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jobsMoveThroughTheQueue();
    void cancelAndRetryAreOneClick();
    void failureSaysWhatToDo();
    void aDeletedJobLeavesTheQueue();
    void followsTheCurrentProfile();
    void waitingJobsAreDraggedAndMoved();
    void pausingTheQueueAndCancellingAllWaiting();

private:
    static qint64 submit(test::StudioFixture &fixture, const QString &prompt)
    {
        const auto submission = fixture.service().generateImage(
            fixture.engine.request(fixture.profile.id(), prompt, QStringLiteral("gpt-image-1")));
        return submission.id;
    }
    // One job runs at a time, so that the others wait where the test can steer them.
    static void oneAtATime(test::StudioFixture &fixture)
    {
        QueueLimits limits = fixture.service().queueLimits();
        limits.global = 1;
        fixture.service().setQueueLimits(limits);
    }
    // The ids of the rows, top to bottom.
    static QList<qint64> rows(QueuePanel &panel)
    {
        QList<qint64> ids;
        for (int row = 0; row < panel.model()->rowCount(); ++row)
            ids.append(panel.model()->index(row).data(QueueModel::IdRole).toLongLong());
        return ids;
    }
    static QString detail(QueuePanel &panel, qint64 id)
    {
        QueueModel *model = panel.model();
        return model->index(model->rowOf(id)).data(QueueModel::DetailRole).toString();
    }
    static void click(QueuePanel &panel, qint64 id, QueueDelegate::Button button)
    {
        QListView *view = panel.view();
        const QModelIndex index = panel.model()->index(panel.model()->rowOf(id));
        const QRect rect = view->visualRect(index);
        auto *delegate = qobject_cast<QueueDelegate *>(view->itemDelegate());
        QStyleOptionViewItem option;
        option.initFrom(view);
        option.rect = rect;
        for (int y = rect.top(); y < rect.bottom(); y += 2) {
            for (int x = rect.right(); x > rect.left(); x -= 4) {
                if (delegate->buttonAt(option, index, QPoint(x, y)) == button) {
                    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(x, y));
                    return;
                }
            }
        }
        QFAIL("the row has no such button");
    }
};

void TestQueuePanel::jobsMoveThroughTheQueue()
{
    test::StudioFixture fixture;
    oneAtATime(fixture);
    fixture.engine.provider->script({test::ScriptedProvider::hang(), test::ScriptedProvider::hang()});
    QueuePanel panel(fixture.context);
    panel.resize(360, 500);
    panel.show();
    fixture.service().start();
    const qint64 first = submit(fixture, QStringLiteral("a lighthouse at dusk"));
    const qint64 second = submit(fixture, QStringLiteral("a harbour at dawn"));
    QCOMPARE(panel.model()->rowCount(), 2);
    QTRY_COMPARE(fixture.engine.provider->hanging().size(), 1);
    QTRY_VERIFY2(detail(panel, second).contains(QStringLiteral("position 1")),
                 qPrintable(detail(panel, second)));

    QImage partial(64, 48, QImage::Format_RGB32);
    partial.fill(Qt::darkMagenta);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    partial.save(&buffer, "PNG");
    fixture.engine.provider->reportStep(first, 2, 4, QStringLiteral("Receiving partial image 1 of 2"), png);
    const QModelIndex row = panel.model()->index(panel.model()->rowOf(first));
    QTRY_VERIFY(!row.data(QueueModel::PreviewRole).value<QImage>().isNull());
    QVERIFY2(detail(panel, first).contains(QStringLiteral("Receiving partial image 1 of 2")),
             qPrintable(detail(panel, first)));
    QCOMPARE(row.data(QueueModel::PercentRole).toInt() > 0, true);

    QSignalSpy finished(&fixture.service(), &ImageGenerationService::generationFinished);
    fixture.engine.provider->finishHanging(first);
    QVERIFY(finished.wait());
    QTRY_VERIFY(detail(panel, first).startsWith(QStringLiteral("Done")));
    QTRY_COMPARE(fixture.engine.provider->hanging().size(), 1);
    QTRY_VERIFY(!detail(panel, second).contains(QStringLiteral("position")));
    // A finished row leaves the queue by itself; the image is in the gallery.
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowOf(first), -1, 6000);
}

void TestQueuePanel::cancelAndRetryAreOneClick()
{
    test::StudioFixture fixture;
    fixture.engine.provider->script({test::ScriptedProvider::hang(), test::ScriptedProvider::hang()});
    QueuePanel panel(fixture.context);
    panel.resize(360, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    fixture.service().start();
    const qint64 id = submit(fixture, QStringLiteral("a kite over dunes"));
    QTRY_COMPARE(fixture.engine.provider->hanging().size(), 1);
    const qint64 balanceWhileRunning = fixture.engine.balance(fixture.profile.id());

    click(panel, id, QueueDelegate::Button::Cancel);
    QTRY_COMPARE(fixture.engine.generation(id).status, GenerationStatus::Cancelled);
    QVERIFY(fixture.engine.balance(fixture.profile.id()) > balanceWhileRunning);
    QTRY_VERIFY(panel.model()->index(panel.model()->rowOf(id)).data(QueueModel::CanRetryRole).toBool());

    click(panel, id, QueueDelegate::Button::Retry);
    QTRY_COMPARE(fixture.engine.generation(id).status, GenerationStatus::Processing);
    QCOMPARE(fixture.engine.generation(id).run, 2);
    QTRY_VERIFY(panel.model()->index(panel.model()->rowOf(id)).data(QueueModel::CanCancelRole).toBool());
}

void TestQueuePanel::failureSaysWhatToDo()
{
    test::StudioFixture fixture;
    fixture.engine.provider->script({test::ScriptedProvider::fail(GenerationError::make(
        GenerationError::Category::Auth, QStringLiteral("Incorrect API key provided."), 401))});
    QueuePanel panel(fixture.context);
    fixture.service().start();
    const qint64 id = submit(fixture, QStringLiteral("a glass of water"));
    QTRY_COMPARE(fixture.engine.generation(id).status, GenerationStatus::Failed);
    QTRY_VERIFY2(detail(panel, id).contains(QStringLiteral("Incorrect API key provided.")) &&
                     detail(panel, id).contains(QStringLiteral("Settings")),
                 qPrintable(detail(panel, id)));
    panel.model()->dismiss(id);
    QCOMPARE(panel.model()->rowOf(id), -1);
}

void TestQueuePanel::aDeletedJobLeavesTheQueue()
{
    test::StudioFixture fixture;
    fixture.engine.provider->script({test::ScriptedProvider::fail(GenerationError::make(
        GenerationError::Category::ContentPolicy, QStringLiteral("The prompt was refused."), 400))});
    QueuePanel panel(fixture.context);
    fixture.service().start();
    const qint64 id = submit(fixture, QStringLiteral("a storm over the sea"));
    QTRY_COMPARE(fixture.engine.generation(id).status, GenerationStatus::Failed);
    QVERIFY(panel.model()->rowOf(id) >= 0);
    QVERIFY(!fixture.service().deleteGeneration(id, fixture.profile.id()).isError());
    QCOMPARE(panel.model()->rowOf(id), -1);
}

void TestQueuePanel::followsTheCurrentProfile()
{
    test::StudioFixture fixture;
    fixture.engine.provider->script({test::ScriptedProvider::hang()});
    QueuePanel panel(fixture.context);
    submit(fixture, QStringLiteral("Ana's job"));
    QCOMPARE(panel.model()->rowCount(), 1);
    const qint64 other = fixture.engine.addProfile(QStringLiteral("Ben"));
    fixture.profile.setId(other);
    QCOMPARE(panel.model()->rowCount(), 0);
    submit(fixture, QStringLiteral("Ben's job"));
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.model()->index(0).data().toString(), QStringLiteral("Ben's job"));
}

void TestQueuePanel::waitingJobsAreDraggedAndMoved()
{
    test::StudioFixture fixture;
    oneAtATime(fixture);
    fixture.engine.provider->script({test::ScriptedProvider::hang()});
    QueuePanel panel(fixture.context);
    panel.resize(360, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    fixture.service().start();
    const qint64 a = submit(fixture, QStringLiteral("a"));
    QTRY_COMPARE(fixture.engine.provider->hanging().size(), 1);
    const qint64 b = submit(fixture, QStringLiteral("b"));
    const qint64 c = submit(fixture, QStringLiteral("c"));
    const qint64 d = submit(fixture, QStringLiteral("d"));
    QCOMPARE(rows(panel), (QList<qint64>{a, b, c, d}));
    QueueModel *model = panel.model();
    QVERIFY(!(model->flags(model->index(model->rowOf(a))) & Qt::ItemIsDragEnabled)); // running
    QVERIFY(model->flags(model->index(model->rowOf(d))) & Qt::ItemIsDragEnabled);

    // d dragged onto b: it goes just before b, and the rows and positions follow.
    std::unique_ptr<QMimeData> dragged(model->mimeData({model->index(model->rowOf(d))}));
    QVERIFY(model->canDropMimeData(dragged.get(), Qt::MoveAction, -1, 0, model->index(model->rowOf(b))));
    QVERIFY(model->dropMimeData(dragged.get(), Qt::MoveAction, -1, 0, model->index(model->rowOf(b))));
    QTRY_COMPARE(rows(panel), (QList<qint64>{a, d, b, c}));
    QTRY_VERIFY2(detail(panel, d).contains(QStringLiteral("position 1")), qPrintable(detail(panel, d)));
    QTRY_VERIFY2(detail(panel, c).contains(QStringLiteral("position 3")), qPrintable(detail(panel, c)));
    // Dropped below every row: last.
    dragged.reset(model->mimeData({model->index(model->rowOf(d))}));
    QVERIFY(model->dropMimeData(dragged.get(), Qt::MoveAction, model->rowCount(), 0, {}));
    QTRY_COMPARE(rows(panel), (QList<qint64>{a, b, c, d}));

    // The menu's moves, pause and priority.
    panel.move(c, QueuePlace::Top);
    QTRY_COMPARE(rows(panel), (QList<qint64>{a, c, b, d}));
    panel.setHeld(c, true);
    QTRY_VERIFY2(detail(panel, c).startsWith(QStringLiteral("Paused")), qPrintable(detail(panel, c)));
    QTRY_VERIFY2(detail(panel, b).contains(QStringLiteral("position 1")), qPrintable(detail(panel, b)));
    panel.setHeld(c, false);
    QVERIFY(!fixture.service().setGenerationPriority(d, fixture.profile.id(), Priority::High).isError());
    QTRY_COMPARE(rows(panel), (QList<qint64>{a, d, c, b}));
    QTRY_VERIFY2(detail(panel, d).contains(QStringLiteral("high priority")), qPrintable(detail(panel, d)));
    // A running job cannot be moved: the panel says why.
    panel.move(a, QueuePlace::Bottom);
    auto *message = panel.findChildren<QLabel *>().constLast();
    QTRY_VERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("processing")), qPrintable(message->text()));
}

void TestQueuePanel::pausingTheQueueAndCancellingAllWaiting()
{
    test::StudioFixture fixture;
    oneAtATime(fixture);
    fixture.engine.provider->script({test::ScriptedProvider::hang()});
    QueuePanel panel(fixture.context);
    panel.resize(360, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    fixture.service().start();
    const qint64 running = submit(fixture, QStringLiteral("a"));
    QTRY_COMPARE(fixture.engine.provider->hanging().size(), 1);
    const qint64 waiting = submit(fixture, QStringLiteral("b"));
    const qint64 other = submit(fixture, QStringLiteral("c"));

    auto *pause = panel.findChild<QToolButton *>(QStringLiteral("pauseQueue"));
    QVERIFY(pause);
    QCOMPARE(pause->text(), QStringLiteral("Pause queue"));
    pause->click();
    QVERIFY(fixture.service().isQueuePaused());
    QCOMPARE(pause->text(), QStringLiteral("Resume queue"));
    QTRY_VERIFY2(detail(panel, waiting).contains(QStringLiteral("queue paused")),
                 qPrintable(detail(panel, waiting)));
    fixture.engine.provider->finishHanging(running);
    QTRY_COMPARE(fixture.engine.generation(running).status, GenerationStatus::Completed);
    QCOMPARE(fixture.engine.generation(waiting).status, GenerationStatus::Pending);

    // Asked first: "Keep Them" changes nothing, confirming cancels every waiting job.
    const auto answer = [](const QString &button) {
        QTimer::singleShot(0, [button] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            for (QAbstractButton *choice : box->buttons()) {
                if (choice->text() == button)
                    choice->click();
            }
        });
    };
    answer(QStringLiteral("Keep Them"));
    panel.cancelAllPending();
    QCOMPARE(fixture.engine.generation(waiting).status, GenerationStatus::Pending);
    answer(QStringLiteral("Cancel All Waiting"));
    panel.cancelAllPending();
    QCOMPARE(fixture.engine.generation(waiting).status, GenerationStatus::Cancelled);
    QCOMPARE(fixture.engine.generation(other).status, GenerationStatus::Cancelled);
    pause->click();
    QVERIFY(!fixture.service().isQueuePaused());
}

QTEST_MAIN(TestQueuePanel)
#include "tst_queuepanel.moc"
