#include "stats/figurecard.h"
#include "stats/statsdashboard.h"
#include "studiofixture.h"

#include <QAbstractBarSeries>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

using namespace atelier;
using test::ScriptedProvider;
using test::StudioFixture;

class TestStatsDashboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void emptyProfileShowsFriendlyState();
    void showsFiguresOfEndedGenerations();
    void chartsShowModelsAndDays();
    void updatesLiveAsGenerationsFinish();
    void hiddenDashboardCatchesUpWhenShown();
    void switchingProfileChangesFigures();
    void floodOfSignalsReadsOnce();

private:
    static QString figure(const StatsDashboard &dashboard, const QString &name);
    static bool showsEmptyState(const StatsDashboard &dashboard);
    // Four offline pictures, and on the scripted OpenAI model one success, one failure and one cancel.
    static void makeHistory(StudioFixture &fixture);
    static qint64 submit(StudioFixture &fixture, const QString &model, qint64 profileId = 0);
};

void TestStatsDashboard::initTestCase()
{
    // Numbers compare as text: a fixed locale makes the grouping predictable.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

QString TestStatsDashboard::figure(const StatsDashboard &dashboard, const QString &name)
{
    const auto *card = dashboard.findChild<FigureCard *>(name);
    return card ? card->value() : QStringLiteral("<no card %1>").arg(name);
}

bool TestStatsDashboard::showsEmptyState(const StatsDashboard &dashboard)
{
    return dashboard.findChild<QWidget *>(QStringLiteral("emptyState"))->isVisible() &&
           !dashboard.findChild<QWidget *>(QStringLiteral("figures"))->isVisible();
}

qint64 TestStatsDashboard::submit(StudioFixture &fixture, const QString &model, qint64 profileId)
{
    const qint64 owner = profileId != 0 ? profileId : fixture.profile.id();
    const ImageGenerationService::Submission submission =
        fixture.service().generateImage(fixture.engine.request(owner, QStringLiteral("a red kite"), model));
    if (submission.error.isError())
        qWarning() << submission.error.message;
    return submission.id;
}

void TestStatsDashboard::makeHistory(StudioFixture &fixture)
{
    ImageGenerationService &service = fixture.service();
    QSignalSpy finished(&service, &ImageGenerationService::generationFinished);
    QSignalSpy failed(&service, &ImageGenerationService::generationFailed);
    QSignalSpy cancelled(&service, &ImageGenerationService::generationCancelled);
    for (int i = 0; i < 4; ++i)
        QVERIFY(submit(fixture, QStringLiteral("offline")) > 0);
    QTRY_COMPARE(finished.count(), 4);

    const QString openAiModel = QStringLiteral("gpt-image-1");
    fixture.engine.provider->script(
        {ScriptedProvider::succeed(),
         ScriptedProvider::fail(GenerationError::make(GenerationError::Category::ContentPolicy,
                                                      QStringLiteral("The prompt was refused."))),
         ScriptedProvider::hang()});
    QVERIFY(submit(fixture, openAiModel) > 0);
    QTRY_COMPARE(finished.count(), 5);
    QVERIFY(submit(fixture, openAiModel) > 0);
    QTRY_COMPARE(failed.count(), 1);
    const qint64 hanging = submit(fixture, openAiModel);
    QTRY_COMPARE(fixture.engine.provider->hanging(), QList<qint64>{hanging});
    QVERIFY(!service.cancelGeneration(hanging, fixture.profile.id()).isError());
    QTRY_COMPARE(cancelled.count(), 1);
}

void TestStatsDashboard::emptyProfileShowsFriendlyState()
{
    StudioFixture fixture;
    StatsDashboard dashboard(fixture.context);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    QVERIFY(showsEmptyState(dashboard));
    const auto *text = dashboard.findChild<QLabel *>(QStringLiteral("emptyText"));
    QVERIFY2(text->text().contains(QLatin1String("1,000 tokens")), qPrintable(text->text()));
    QCOMPARE(dashboard.findChild<QLabel *>(QStringLiteral("heading"))->text(),
             QStringLiteral("Statistics for Ana"));
    QCOMPARE(figure(dashboard, QStringLiteral("waiting")), QStringLiteral("0"));
    QCOMPARE(figure(dashboard, QStringLiteral("drain")), QStringLiteral("Nothing queued"));
}

void TestStatsDashboard::showsFiguresOfEndedGenerations()
{
    StudioFixture fixture;
    fixture.service().start();
    makeHistory(fixture);
    StatsDashboard dashboard(fixture.context);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));

    QVERIFY(!showsEmptyState(dashboard));
    QCOMPARE(figure(dashboard, QStringLiteral("total")), QStringLiteral("7"));
    QCOMPARE(figure(dashboard, QStringLiteral("completed")), QStringLiteral("5"));
    QCOMPARE(figure(dashboard, QStringLiteral("failed")), QStringLiteral("1"));
    QCOMPARE(figure(dashboard, QStringLiteral("cancelled")), QStringLiteral("1"));
    QCOMPARE(figure(dashboard, QStringLiteral("active")), QStringLiteral("0"));
    QCOMPARE(figure(dashboard, QStringLiteral("successRate")), QStringLiteral("71%")); // 5 of 7
    // The manual clock stands still, so every picture took no time at all.
    QCOMPARE(figure(dashboard, QStringLiteral("averageTime")), QStringLiteral("under a second"));

    const UserStats stats = fixture.service().getUserStats(fixture.profile.id());
    QVERIFY(stats.tokensUsed > 0);
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    QCOMPARE(figure(dashboard, QStringLiteral("tokensUsed")), english.toString(stats.tokensUsed));
    QCOMPARE(stats.balance, fixture.engine.balance(fixture.profile.id()));
    QCOMPARE(figure(dashboard, QStringLiteral("balance")), english.toString(stats.balance));
}

void TestStatsDashboard::chartsShowModelsAndDays()
{
    StudioFixture fixture;
    fixture.service().start();
    makeHistory(fixture);
    StatsDashboard dashboard(fixture.context);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));

    const QList<QChartView *> views = dashboard.findChildren<QChartView *>();
    QCOMPARE(views.size(), 2);
    const QChartView *models = dashboard.findChild<QChartView *>(QStringLiteral("popularModelsChart"));
    QVERIFY(models);
    const auto *bars = qobject_cast<QAbstractBarSeries *>(models->chart()->series().value(0));
    QVERIFY(bars);
    QCOMPARE(bars->barSets().size(), 1);
    const QBarSet *uses = bars->barSets().constFirst();
    // The favourite is drawn on top, which for Qt is the last category.
    QCOMPARE(uses->count(), 2);
    QCOMPARE(uses->at(0), 3.0);
    QCOMPARE(uses->at(1), 4.0);
    auto *names = qobject_cast<QBarCategoryAxis *>(models->chart()->axes(Qt::Vertical).value(0));
    QVERIFY(names);
    QCOMPARE(names->categories(),
             (QStringList{QStringLiteral("GPT Image 1"), QStringLiteral("Offline preview (no AI)")}));

    const QChartView *days = dashboard.findChild<QChartView *>(QStringLiteral("dailyChart"));
    QVERIFY(days);
    const auto *area = qobject_cast<QAreaSeries *>(days->chart()->series().value(0));
    QVERIFY(area);
    const QList<QPointF> points = area->upperSeries()->points();
    QCOMPARE(points.size(), 30);
    QCOMPARE(points.constLast().y(), 7.0); // everything happened "today" on the manual clock
    double total = 0;
    for (const QPointF &point : points)
        total += point.y();
    QCOMPARE(total, 7.0);
    QVERIFY(points.constFirst().x() < points.constLast().x());
}

void TestStatsDashboard::updatesLiveAsGenerationsFinish()
{
    StudioFixture fixture;
    fixture.service().start();
    StatsDashboard dashboard(fixture.context);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    QVERIFY(showsEmptyState(dashboard));

    fixture.engine.provider->script({ScriptedProvider::hang()});
    const qint64 id = submit(fixture, QStringLiteral("gpt-image-1"));
    QTRY_VERIFY(!showsEmptyState(dashboard));
    QTRY_COMPARE(figure(dashboard, QStringLiteral("active")), QStringLiteral("1"));
    QTRY_COMPARE(figure(dashboard, QStringLiteral("running")), QStringLiteral("1"));
    QCOMPARE(figure(dashboard, QStringLiteral("successRate")), QStringLiteral("Not yet"));

    fixture.engine.provider->finishHanging(id);
    QTRY_COMPARE(figure(dashboard, QStringLiteral("completed")), QStringLiteral("1"));
    QTRY_COMPARE(figure(dashboard, QStringLiteral("active")), QStringLiteral("0"));
    QCOMPARE(figure(dashboard, QStringLiteral("successRate")), QStringLiteral("100%"));
    QTRY_COMPARE(figure(dashboard, QStringLiteral("running")), QStringLiteral("0"));
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    QTRY_COMPARE(figure(dashboard, QStringLiteral("balance")),
                 english.toString(fixture.engine.balance(fixture.profile.id())));
    QVERIFY(fixture.engine.balance(fixture.profile.id()) < 1000);
}

void TestStatsDashboard::hiddenDashboardCatchesUpWhenShown()
{
    StudioFixture fixture;
    fixture.service().start();
    StatsDashboard dashboard(fixture.context);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    dashboard.hide();

    QSignalSpy finished(&fixture.service(), &ImageGenerationService::generationFinished);
    submit(fixture, QStringLiteral("offline"));
    QVERIFY(finished.wait());
    dashboard.show();
    QCOMPARE(figure(dashboard, QStringLiteral("total")), QStringLiteral("1"));
}

void TestStatsDashboard::switchingProfileChangesFigures()
{
    StudioFixture fixture;
    fixture.service().start();
    makeHistory(fixture);
    const qint64 ana = fixture.profile.id();
    StatsDashboard dashboard(fixture.context);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    QCOMPARE(figure(dashboard, QStringLiteral("total")), QStringLiteral("7"));

    GenerationError error;
    const std::optional<Profile> bruno = fixture.service().createProfile(QStringLiteral("Bruno"), &error);
    QVERIFY2(bruno, qPrintable(error.message));
    QVERIFY(!fixture.service().topUp(bruno->id, 10, QString()).isError());
    fixture.profile.setId(bruno->id);
    QTRY_VERIFY(showsEmptyState(dashboard));
    QCOMPARE(dashboard.findChild<QLabel *>(QStringLiteral("heading"))->text(),
             QStringLiteral("Statistics for Bruno"));

    QSignalSpy finished(&fixture.service(), &ImageGenerationService::generationFinished);
    submit(fixture, QStringLiteral("offline"), bruno->id);
    QVERIFY(finished.wait());
    QTRY_COMPARE(figure(dashboard, QStringLiteral("total")), QStringLiteral("1"));

    fixture.profile.setId(ana);
    QTRY_COMPARE(figure(dashboard, QStringLiteral("total")), QStringLiteral("7"));
    QCOMPARE(dashboard.findChild<QLabel *>(QStringLiteral("heading"))->text(),
             QStringLiteral("Statistics for Ana"));
}

void TestStatsDashboard::floodOfSignalsReadsOnce()
{
    StudioFixture fixture;
    StatsDashboard dashboard(fixture.context);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));

    QSignalSpy refreshed(&dashboard, &StatsDashboard::refreshed);
    const qint64 ana = fixture.profile.id();
    for (int i = 0; i < 100; ++i) {
        Q_EMIT fixture.service().statsChanged(ana);
        Q_EMIT fixture.service().balanceChanged(ana, 1000);
        Q_EMIT fixture.service().queueStatusChanged(QueueStatus{});
    }
    QVERIFY(refreshed.wait());
    QCOMPARE(refreshed.count(), 1);
}

QTEST_MAIN(TestStatsDashboard)
#include "tst_statsdashboard.moc"
