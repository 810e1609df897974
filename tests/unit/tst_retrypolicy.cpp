#include "engine/retrypolicy.h"

#include <QTest>

using namespace atelier;
using Category = GenerationError::Category;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delays_data();
    void delays();
    void jitterStaysWithinItsBounds();
};

void TestRetryPolicy::delays_data()
{
    QTest::addColumn<int>("category");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("retryAfterMs"); // -1: the server asked for none
    QTest::addColumn<qint64>("expected");     // -1: not retried
    QTest::newRow("server, first attempt") << int(Category::Server) << 1 << qint64(-1) << qint64(1000);
    QTest::newRow("network, second attempt doubles")
        << int(Category::Network) << 2 << qint64(-1) << qint64(2000);
    QTest::newRow("third attempt was the last") << int(Category::Timeout) << 3 << qint64(-1) << qint64(-1);
    QTest::newRow("rate limit honours Retry-After")
        << int(Category::RateLimit) << 1 << qint64(7500) << qint64(7500);
    QTest::newRow("Retry-After beyond ten minutes is capped")
        << int(Category::RateLimit) << 1 << qint64(3'600'000) << qint64(600'000);
    QTest::newRow("auth is never retried") << int(Category::Auth) << 1 << qint64(-1) << qint64(-1);
    QTest::newRow("quota is never retried") << int(Category::Quota) << 1 << qint64(5000) << qint64(-1);
    QTest::newRow("content policy is never retried")
        << int(Category::ContentPolicy) << 1 << qint64(-1) << qint64(-1);
    QTest::newRow("invalid request is never retried")
        << int(Category::InvalidRequest) << 1 << qint64(-1) << qint64(-1);
}

void TestRetryPolicy::delays()
{
    QFETCH(int, category);
    QFETCH(int, attempt);
    QFETCH(qint64, retryAfterMs);
    QFETCH(qint64, expected);
    RetryPolicy::Settings settings;
    settings.jitter = 0;
    const RetryPolicy policy(settings);
    GenerationError error = GenerationError::make(Category(category), QStringLiteral("It failed."));
    if (retryAfterMs >= 0)
        error.retryAfterMs = retryAfterMs;
    const std::optional<qint64> delay = policy.delayAfter(attempt, error);
    QCOMPARE(delay.value_or(-1), expected);
}

void TestRetryPolicy::jitterStaysWithinItsBounds()
{
    RetryPolicy::Settings settings;
    settings.maxAttempts = 20;
    for (const double random : {0.0, 0.5, 0.999}) {
        const RetryPolicy policy(settings, [random] { return random; });
        const GenerationError error = GenerationError::make(Category::Server, QStringLiteral("It failed."));
        // 1 s doubled per attempt, never past the 60 s cap, scaled into [50%, 100%] by the jitter.
        QCOMPARE(*policy.delayAfter(1, error), qint64(std::llround(1000 * (1 - 0.5 * random))));
        QCOMPARE(*policy.delayAfter(4, error), qint64(std::llround(8000 * (1 - 0.5 * random))));
        QCOMPARE(*policy.delayAfter(12, error), qint64(std::llround(60'000 * (1 - 0.5 * random))));
    }
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
