#include "queue/queuedelegate.h"
#include "queue/queuemodel.h"
#include "queue/queuepanel.h"
#include "studiofixture.h"

#include <QBuffer>
#include <QListView>
#include <QSignalSpy>
#include <QTest>

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

private:
    static qint64 submit(test::StudioFixture &fixture, const QString &prompt)
    {
        const auto submission = fixture.service().generateImage(
            fixture.engine.request(fixture.profile.id(), prompt, QStringLiteral("gpt-image-1")));
        return submission.id;
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
    QueueLimits limits = fixture.service().queueLimits();
    limits.global = 1;
    fixture.service().setQueueLimits(limits);
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

QTEST_MAIN(TestQueuePanel)
#include "tst_queuepanel.moc"
