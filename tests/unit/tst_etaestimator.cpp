#include "engine/etaestimator.h"

#include <QTest>

namespace atelier {

namespace {

const QString Offline = QStringLiteral("offline");
const QString OpenAi = QStringLiteral("openai");
const QString Model = QStringLiteral("gpt-image-1");
const QString Square = QStringLiteral("1024x1024");
const QString Medium = QStringLiteral("medium");

DurationSample processing(const QString &provider, const QString &model, const QString &size,
                          const QString &quality, qint64 ms)
{
    return {provider, model, size, quality, ms, -1};
}

DurationSample wait(qint64 ms)
{
    return {Offline, QString(), QString(), QString(), -1, ms};
}

} // namespace

class EtaEstimatorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fallbacks();
    void median_data();
    void median();
    void windowEviction();
    void remainingMs_data();
    void remainingMs();
    void estimatedPercent_data();
    void estimatedPercent();
    void averageWaitMs();
    void overallMedianMs();
};

void EtaEstimatorTest::fallbacks()
{
    EtaEstimator eta;
    QCOMPARE(eta.expectedMs(OpenAi, Model, Square, Medium), 30'000);
    eta.setDefault(OpenAi, 45'000);
    QCOMPARE(eta.expectedMs(OpenAi, Model, Square, Medium), 45'000);

    // Another model of the provider: only the provider key matches.
    eta.record(processing(OpenAi, QStringLiteral("dall-e-3"), Square, Medium, 20'000));
    QCOMPARE(eta.expectedMs(OpenAi, Model, Square, Medium), 20'000);

    // The same model at another size: the model key matches.
    eta.record(processing(OpenAi, Model, QStringLiteral("1536x1024"), Medium, 60'000));
    QCOMPARE(eta.expectedMs(OpenAi, Model, Square, Medium), 60'000);

    // The exact match wins.
    eta.record(processing(OpenAi, Model, Square, Medium, 40'000));
    QCOMPARE(eta.expectedMs(OpenAi, Model, Square, Medium), 40'000);
    // The model key now holds both of its samples.
    QCOMPARE(eta.expectedMs(OpenAi, Model, QStringLiteral("1024x1536"), Medium), 50'000);

    // Other providers keep their own fallbacks.
    QCOMPARE(eta.expectedMs(Offline, Offline, Square, Medium), 30'000);
}

void EtaEstimatorTest::median_data()
{
    QTest::addColumn<QList<qint64>>("samples");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("one") << QList<qint64>{7} << qint64(7);
    QTest::newRow("odd") << QList<qint64>{500, 100, 300} << qint64(300);
    QTest::newRow("odd with an outlier") << QList<qint64>{1000, 1100, 900, 1200, 90'000} << qint64(1100);
    QTest::newRow("even") << QList<qint64>{40, 10, 30, 20} << qint64(25);
    QTest::newRow("even, two") << QList<qint64>{1000, 2001} << qint64(1500);
    QTest::newRow("equal") << QList<qint64>{5, 5, 5, 5} << qint64(5);
}

void EtaEstimatorTest::median()
{
    QFETCH(QList<qint64>, samples);
    QFETCH(qint64, expected);

    EtaEstimator eta;
    for (const qint64 ms : std::as_const(samples))
        eta.record(processing(Offline, Offline, Square, Medium, ms));
    QCOMPARE(eta.expectedMs(Offline, Offline, Square, Medium), expected);
    QCOMPARE(eta.overallMedianMs(), expected);
}

void EtaEstimatorTest::windowEviction()
{
    EtaEstimator eta(3);
    for (int i = 0; i < 3; ++i)
        eta.record(processing(Offline, Offline, Square, Medium, 100));
    eta.record(processing(Offline, Offline, Square, Medium, 1));
    QCOMPARE(eta.expectedMs(Offline, Offline, Square, Medium), 100);
    eta.record(processing(Offline, Offline, Square, Medium, 1));
    // The window holds 100, 1, 1.
    QCOMPARE(eta.expectedMs(Offline, Offline, Square, Medium), 1);

    // The overall median keeps four windows.
    EtaEstimator overall(2);
    for (int i = 0; i < 4; ++i)
        overall.record(processing(Offline, Offline, Square, Medium, 100));
    for (int i = 0; i < 5; ++i)
        overall.record(processing(OpenAi, Model, Square, Medium, 1));
    // The last eight: three of 100, five of 1.
    QCOMPARE(overall.overallMedianMs(), 1);
    QCOMPARE(overall.expectedMs(Offline, Offline, Square, Medium), 100);
}

void EtaEstimatorTest::remainingMs_data()
{
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<qint64>("elapsed");
    QTest::addColumn<qint64>("remaining");

    QTest::newRow("just started") << qint64(10'000) << qint64(0) << qint64(10'000);
    QTest::newRow("under way") << qint64(10'000) << qint64(4000) << qint64(6000);
    QTest::newRow("almost") << qint64(10'000) << qint64(9800) << qint64(200);
    QTest::newRow("on the estimate") << qint64(10'000) << qint64(10'000) << qint64(1000);
    QTest::newRow("late") << qint64(10'000) << qint64(25'000) << qint64(1000);
    QTest::newRow("no estimate") << qint64(0) << qint64(0) << qint64(1000);
}

void EtaEstimatorTest::remainingMs()
{
    QFETCH(qint64, expected);
    QFETCH(qint64, elapsed);
    QFETCH(qint64, remaining);
    QCOMPARE(EtaEstimator().remainingMs(expected, elapsed), remaining);
}

void EtaEstimatorTest::estimatedPercent_data()
{
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<qint64>("elapsed");
    QTest::addColumn<int>("percent");

    QTest::newRow("start") << qint64(1000) << qint64(0) << 0;
    QTest::newRow("half") << qint64(1000) << qint64(500) << 50;
    QTest::newRow("at the cap") << qint64(1000) << qint64(950) << 95;
    QTest::newRow("done by the estimate") << qint64(1000) << qint64(1000) << 95;
    QTest::newRow("late") << qint64(1000) << qint64(5000) << 95;
    QTest::newRow("clock went back") << qint64(1000) << qint64(-50) << 0;
    QTest::newRow("no estimate") << qint64(0) << qint64(10) << 0;
    QTest::newRow("negative estimate") << qint64(-5) << qint64(10) << 0;
}

void EtaEstimatorTest::estimatedPercent()
{
    QFETCH(qint64, expected);
    QFETCH(qint64, elapsed);
    QFETCH(int, percent);
    QCOMPARE(EtaEstimator().estimatedPercent(expected, elapsed), percent);
}

void EtaEstimatorTest::averageWaitMs()
{
    EtaEstimator eta(3);
    QCOMPARE(eta.averageWaitMs(), 0);
    eta.record(wait(100));
    eta.record(wait(200));
    QCOMPARE(eta.averageWaitMs(), 150);
    eta.record(wait(300));
    eta.record(wait(400));
    // The window holds 200, 300, 400.
    QCOMPARE(eta.averageWaitMs(), 300);

    // A wait-only sample teaches nothing about processing, and the reverse.
    QCOMPARE(eta.expectedMs(Offline, QString(), QString(), QString()), 30'000);
    QCOMPARE(eta.overallMedianMs(), 0);
    eta.record(processing(Offline, Offline, Square, Medium, 800));
    QCOMPARE(eta.averageWaitMs(), 300);
    QCOMPARE(eta.overallMedianMs(), 800);
}

void EtaEstimatorTest::overallMedianMs()
{
    EtaEstimator eta;
    QCOMPARE(eta.overallMedianMs(), 0);
    eta.record(processing(Offline, Offline, Square, Medium, 1000));
    eta.record(processing(OpenAi, Model, Square, Medium, 50'000));
    eta.record(processing(OpenAi, Model, Square, QStringLiteral("high"), 70'000));
    QCOMPARE(eta.overallMedianMs(), 50'000);
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::EtaEstimatorTest)
#include "tst_etaestimator.moc"
