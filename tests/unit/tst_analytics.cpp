#include "domain/analytics.h"
#include "storage/store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace atelier;
using Category = GenerationError::Category;

namespace {

qint64 at(int month, int day, int hour, int minute = 0, int second = 0)
{
    return QDateTime(QDate(2026, month, day), QTime(hour, minute, second), Qt::UTC).toMSecsSinceEpoch();
}

constexpr qint64 kSecond = 1000;

} // namespace

// The analytics against figures worked out by hand: a fixture of jobs that ended inside and outside a
// three-day period, across two models, with retries, failures of two kinds and a cancellation.
class TestAnalytics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void nearestRankPercentiles();
    void perModelFiguresMatchTheHandComputedOnes();
    void perDaySpendingListsEveryDayOfThePeriod();
    void anEmptyPeriodHasDaysButNoModels();
    void anotherProfilesJobsDoNotCount();

private:
    qint64 queue(const QString &model, qint64 nowMs);
    // Queued a second before `startMs` and started then for its `attempts`-th time (retries in between).
    qint64 startedJob(const QString &model, qint64 startMs, int attempts);
    // Started at `startMs` for `attempts` attempts (retries in between), then completed after `seconds`.
    qint64 completed(const QString &model, qint64 startMs, int seconds, qint64 charged, int attempts = 1);
    qint64 failed(const QString &model, qint64 startMs, Category category, int attempts = 1);

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    qint64 m_profile = 0;
};

void TestAnalytics::init()
{
    m_store = std::make_unique<Store>();
    QVERIFY(!m_store
                 ->open(m_dir.filePath(
                     QStringLiteral("analytics-%1.sqlite").arg(QDateTime::currentMSecsSinceEpoch())))
                 .isError());
    GenerationError error;
    m_profile =
        m_store->createProfile(QStringLiteral("ada"), 10'000, at(2, 1, 9), &error).value_or(Profile{}).id;
    QVERIFY(m_profile > 0);
}

qint64 TestAnalytics::queue(const QString &model, qint64 nowMs)
{
    Generation generation;
    generation.request.profileId = m_profile;
    generation.request.prompt = QStringLiteral("a study of light");
    generation.request.model = model;
    generation.provider = QStringLiteral("openai");
    generation.size = QStringLiteral("1024x1024");
    GenerationError error;
    return m_store->insertGeneration(generation, 100, nowMs, &error);
}

qint64 TestAnalytics::startedJob(const QString &model, qint64 startMs, int attempts)
{
    const qint64 id = queue(model, startMs - kSecond);
    const GenerationError busy = GenerationError::make(Category::Server, QStringLiteral("busy"), 503);
    for (int attempt = 1; attempt < attempts; ++attempt) {
        m_store->markStarted(id, 1, attempt, startMs);
        m_store->scheduleRetry(id, 1, busy, startMs, startMs);
    }
    m_store->markStarted(id, 1, attempts, startMs);
    return id;
}

qint64 TestAnalytics::completed(const QString &model, qint64 startMs, int seconds, qint64 charged,
                                int attempts)
{
    const qint64 id = startedJob(model, startMs, attempts);
    const bool done = m_store->markCompleted(id, 1, {}, charged, startMs + seconds * kSecond);
    return done ? id : 0;
}

qint64 TestAnalytics::failed(const QString &model, qint64 startMs, Category category, int attempts)
{
    const qint64 id = startedJob(model, startMs, attempts);
    const bool done = m_store->markFailed(id, 1, GenerationError::make(category, QStringLiteral("no")),
                                          startMs + 5 * kSecond);
    return done ? id : 0;
}

void TestAnalytics::nearestRankPercentiles()
{
    QCOMPARE(nearestRankPercentile({}, 50), 0);
    QCOMPARE(nearestRankPercentile({7}, 50), 7);
    QCOMPARE(nearestRankPercentile({7}, 95), 7);
    QCOMPARE(nearestRankPercentile({1, 2, 3}, 50), 2);    // rank ceil(1.5) = 2
    QCOMPARE(nearestRankPercentile({1, 2, 3, 4}, 50), 2); // rank 2: a value, never an average
    QList<qint64> twenty;
    for (int i = 1; i <= 20; ++i)
        twenty.append(i);
    QCOMPARE(nearestRankPercentile(twenty, 95), 19); // rank 19
    QCOMPARE(nearestRankPercentile(twenty, 100), 20);
    QCOMPARE(nearestRankPercentile(twenty, 0), 1);
}

void TestAnalytics::perModelFiguresMatchTheHandComputedOnes()
{
    const QString image = QStringLiteral("gpt-image-1");
    const QString dalle = QStringLiteral("dall-e-3");
    // In the period, March 1 to 3.
    QVERIFY(completed(image, at(3, 1, 10), 10, 40));
    QVERIFY(completed(image, at(3, 1, 11), 20, 50, 2)); // one retry
    QVERIFY(completed(image, at(3, 2, 10), 30, 60));
    QVERIFY(completed(image, at(3, 3, 10), 40, 70));
    QVERIFY(failed(image, at(3, 2, 12), Category::Server, 3)); // two retries
    QVERIFY(failed(image, at(3, 3, 12), Category::ContentPolicy));
    const qint64 cancelled = queue(image, at(3, 2, 13));
    QVERIFY(m_store->markCancelled(cancelled, 1, at(3, 2, 14)));
    QVERIFY(completed(dalle, at(3, 2, 15), 100, 80));
    // Outside it: the day before and the day after.
    QVERIFY(completed(dalle, at(2, 28, 23), 100, 80));
    QVERIFY(completed(image, at(3, 4, 0), 10, 40));

    const Analytics analytics = m_store->analytics(m_profile, QDate(2026, 3, 1), QDate(2026, 3, 3));
    QCOMPARE(analytics.models.size(), 2);
    const ModelAnalytics &a = analytics.models.at(0); // most jobs first
    QCOMPARE(a.model, image);
    QCOMPARE(a.completed, 4);
    QCOMPARE(a.failed, 2);
    QCOMPARE(a.cancelled, 1);
    QCOMPARE(a.ended(), 7);
    QCOMPARE(a.successRate(), 4.0 / 7);
    QCOMPARE(a.medianMs, 20 * kSecond); // of 10, 20, 30, 40 s: rank 2
    QCOMPARE(a.p95Ms, 40 * kSecond);    // rank ceil(3.8) = 4
    QCOMPARE(a.retries, 3);
    QCOMPARE(a.retriesPerJob(), 3.0 / 7);
    QCOMPARE(a.failuresByCategory,
             (QMap<QString, int>{{QStringLiteral("server"), 1}, {QStringLiteral("content_policy"), 1}}));
    QCOMPARE(a.tokens, 220);
    QCOMPARE(a.averageCost(), 55.0);

    const ModelAnalytics &b = analytics.models.at(1);
    QCOMPARE(b.model, dalle);
    QCOMPARE(b.completed, 1);
    QCOMPARE(b.ended(), 1);
    QCOMPARE(b.successRate(), 1.0);
    QCOMPARE(b.medianMs, 100 * kSecond);
    QCOMPARE(b.p95Ms, 100 * kSecond);
    QCOMPARE(b.retries, 0);
    QVERIFY(b.failuresByCategory.isEmpty());
    QCOMPARE(b.averageCost(), 80.0);

    // Every reservation came back or was settled: the balance read against the spending.
    QCOMPARE(analytics.balance, 10'000 - 40 - 50 - 60 - 70 - 80 - 80 - 40);
}

void TestAnalytics::perDaySpendingListsEveryDayOfThePeriod()
{
    const QString image = QStringLiteral("gpt-image-1");
    QVERIFY(completed(image, at(3, 1, 10), 10, 40));
    QVERIFY(completed(image, at(3, 1, 11), 20, 50));
    QVERIFY(completed(QStringLiteral("dall-e-3"), at(3, 3, 23), 30, 80));
    QVERIFY(failed(image, at(3, 2, 12), Category::Server));
    // Finished just after midnight: counts for the day it finished.
    QVERIFY(completed(image, at(3, 3, 23, 59, 50), 20, 70));

    const Analytics analytics = m_store->analytics(m_profile, QDate(2026, 3, 1), QDate(2026, 3, 4));
    QCOMPARE(analytics.days.size(), 4);
    QCOMPARE(analytics.days.at(0).day, QDate(2026, 3, 1));
    QCOMPARE(analytics.days.at(0).tokens, 90);
    QCOMPARE(analytics.days.at(0).completed, 2);
    QCOMPARE(analytics.days.at(1).tokens, 0); // only a failure: nothing spent
    QCOMPARE(analytics.days.at(1).completed, 0);
    QCOMPARE(analytics.days.at(2).tokens, 80);
    QCOMPARE(analytics.days.at(3).day, QDate(2026, 3, 4));
    QCOMPARE(analytics.days.at(3).tokens, 70);
    QCOMPARE(analytics.tokensSpent(), 240);
}

void TestAnalytics::anEmptyPeriodHasDaysButNoModels()
{
    QVERIFY(completed(QStringLiteral("gpt-image-1"), at(3, 1, 10), 10, 40));
    const Analytics analytics = m_store->analytics(m_profile, QDate(2026, 4, 1), QDate(2026, 4, 2));
    QVERIFY(analytics.models.isEmpty());
    QCOMPARE(analytics.days.size(), 2);
    QCOMPARE(analytics.days.at(1).day, QDate(2026, 4, 2));
    QCOMPARE(analytics.tokensSpent(), 0);
    // A period that ends before it starts is empty too, without days.
    const Analytics backwards = m_store->analytics(m_profile, QDate(2026, 4, 2), QDate(2026, 4, 1));
    QVERIFY(backwards.models.isEmpty());
    QVERIFY(backwards.days.isEmpty());
}

void TestAnalytics::anotherProfilesJobsDoNotCount()
{
    QVERIFY(completed(QStringLiteral("gpt-image-1"), at(3, 1, 10), 10, 40));
    GenerationError error;
    const std::optional<Profile> other =
        m_store->createProfile(QStringLiteral("bo"), 100, at(2, 1, 9), &error);
    QVERIFY(other);
    const Analytics analytics = m_store->analytics(other->id, QDate(2026, 3, 1), QDate(2026, 3, 3));
    QVERIFY(analytics.models.isEmpty());
    QCOMPARE(analytics.tokensSpent(), 0);
    QCOMPARE(analytics.balance, 100);
}

QTEST_GUILESS_MAIN(TestAnalytics)
#include "tst_analytics.moc"
