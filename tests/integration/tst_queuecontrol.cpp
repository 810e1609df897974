#include "enginefixture.h"
#include "secondprocess.h"

#include <QSignalSpy>
#include <QTest>

using namespace atelier;
using namespace atelier::test;
using Place = QueuePlace;

namespace {

EngineSettings oneAtATime()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.limits = {1, 1, {}};
    return settings;
}

} // namespace

// A person steering the queue through the engine: pausing it, pausing one job, moving jobs and giving them a
// priority, with every place in the queue checked after each step, here and in another process.
class TestQueueControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void positionsFollowEveryStep();
    void aPausedQueueStartsNothingUntilResumed();
    void cancelAllPendingLeavesRunningJobs();
    void anotherProcessSeesEveryStep();
    void refusesOthersJobs();
    void aMoveThatSpreadsRanksKeepsTheOrderHere();
    void aBackOffSetElsewhereHoldsHere();

private:
    static QList<int> positions(const ImageGenerationService &service, const QList<qint64> &ids)
    {
        QList<int> result;
        for (const qint64 id : ids)
            result.append(service.queuePosition(id));
        return result;
    }
};

void TestQueueControl::positionsFollowEveryStep()
{
    EngineFixture f(oneAtATime());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script({ScriptedProvider::hang()});
    f.service->start();
    const qint64 running = f.service->generateImage(f.request(alice)).id;
    QTRY_COMPARE(f.provider->hanging().size(), 1);
    QList<qint64> ids;
    for (const QString &prompt : {QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")})
        ids.append(f.service->generateImage(f.request(alice, prompt)).id);
    const qint64 b = ids.at(0), c = ids.at(1), d = ids.at(2);
    QSignalSpy moved(f.service.get(), &ImageGenerationService::queuePositionsChanged);
    QSignalSpy steered(f.service.get(), &ImageGenerationService::generationSteered);
    QCOMPARE(positions(*f.service, {b, c, d}), (QList<int>{1, 2, 3}));

    QVERIFY(!f.service->moveGeneration(d, alice, Place::Top).isError());
    QCOMPARE(positions(*f.service, {d, b, c}), (QList<int>{1, 2, 3}));
    QCOMPARE(steered.size(), 1);
    QVERIFY(!moved.isEmpty());
    QVERIFY(!f.service->moveGeneration(b, alice, Place::Before, d).isError());
    QCOMPARE(positions(*f.service, {b, d, c}), (QList<int>{1, 2, 3}));
    QVERIFY(!f.service->setGenerationPriority(c, alice, Priority::High).isError());
    QCOMPARE(positions(*f.service, {c, b, d}), (QList<int>{1, 2, 3}));
    QCOMPARE(f.generation(c).priority, Priority::High);
    QVERIFY(!f.service->moveGeneration(c, alice, Place::Bottom).isError());
    QCOMPARE(positions(*f.service, {b, d, c}), (QList<int>{1, 2, 3}));
    // A paused job leaves the order and comes back to its place; the others move up meanwhile.
    QVERIFY(!f.service->setGenerationHeld(b, alice, true).isError());
    QCOMPARE(positions(*f.service, {b, d, c}), (QList<int>{0, 1, 2}));
    QVERIFY(f.generation(b).held);
    QCOMPARE(f.service->estimatedTimeRemainingMs(b), -1);
    QVERIFY(f.service->estimatedTimeRemainingMs(c) > f.service->estimatedTimeRemainingMs(d));
    QVERIFY(!f.service->setGenerationHeld(b, alice, false).isError());
    QCOMPARE(positions(*f.service, {b, d, c}), (QList<int>{1, 2, 3}));
    QCOMPARE(steered.size(), 6);

    // They start in that order.
    f.provider->script({ScriptedProvider::hang(), ScriptedProvider::hang(), ScriptedProvider::hang()});
    f.provider->finishHanging(running);
    QTRY_COMPARE(f.provider->hanging().size(), 1);
    QCOMPARE(f.provider->hanging().first(), b);
    f.provider->finishHanging(b);
    QTRY_COMPARE(f.provider->hanging().value(0), d);
    // The running job is out of reach; so is an ended one.
    QCOMPARE(f.service->moveGeneration(d, alice, Place::Bottom).category,
             GenerationError::Category::Validation);
    QCOMPARE(f.service->moveGeneration(b, alice, Place::Top).category, GenerationError::Category::Validation);
}

void TestQueueControl::aPausedQueueStartsNothingUntilResumed()
{
    EngineFixture f(oneAtATime());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script({ScriptedProvider::hang()});
    f.service->start();
    const qint64 first = f.service->generateImage(f.request(alice)).id;
    QTRY_COMPARE(f.provider->hanging().size(), 1);
    const qint64 second = f.service->generateImage(f.request(alice, QStringLiteral("second"))).id;
    QSignalSpy paused(f.service.get(), &ImageGenerationService::queuePausedChanged);
    QSignalSpy status(f.service.get(), &ImageGenerationService::queueStatusChanged);
    QVERIFY(!f.service->setQueuePaused(true).isError());
    QCOMPARE(paused.size(), 1);
    QVERIFY(f.service->isQueuePaused());
    QVERIFY(f.service->getQueueStatus().paused);
    QVERIFY(status.last().first().value<QueueStatus>().paused);
    QCOMPARE(f.service->estimatedTimeRemainingMs(second), -1);

    // The running job finishes; the next does not start, nor runs out of time while paused.
    f.provider->finishHanging(first);
    QTRY_COMPARE(f.generation(first).status, GenerationStatus::Completed);
    f.clock.advance(f.settings.queueTimeoutMs * 2);
    QCOMPARE(f.generation(second).status, GenerationStatus::Pending);
    QCOMPARE(f.provider->started().size(), 1);

    // Still paused after a restart.
    f.reopen();
    f.service->start();
    QVERIFY(f.service->isQueuePaused());
    QCOMPARE(f.service->queuePosition(second), 1);
    QCOMPARE(f.provider->started().size(), 0);
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    QVERIFY(!f.service->setQueuePaused(false).isError());
    QVERIFY(finished.wait(5000));
    QCOMPARE(f.generation(second).status, GenerationStatus::Completed);
}

void TestQueueControl::cancelAllPendingLeavesRunningJobs()
{
    EngineFixture f(oneAtATime());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 bob = f.addProfile(QStringLiteral("bob"));
    f.provider->script({ScriptedProvider::hang()});
    f.service->start();
    const qint64 running = f.service->generateImage(f.request(alice)).id;
    QTRY_COMPARE(f.provider->hanging().size(), 1);
    QList<qint64> pending;
    for (int i = 0; i < 3; ++i)
        pending.append(f.service->generateImage(f.request(alice, QStringLiteral("p%1").arg(i))).id);
    QVERIFY(!f.service->setGenerationHeld(pending.first(), alice, true).isError());
    const qint64 bobs = f.service->generateImage(f.request(bob)).id;

    QCOMPARE(f.service->cancelAllPending(alice), 3);
    for (const qint64 id : pending)
        QCOMPARE(f.generation(id).status, GenerationStatus::Cancelled);
    QCOMPARE(f.generation(running).status, GenerationStatus::Processing);
    QCOMPARE(f.generation(bobs).status, GenerationStatus::Pending);
    QCOMPARE(f.service->queuePosition(bobs), 1);
    // Only the running job's reservation is still held.
    QCOMPARE(f.balance(alice), 1000 - f.generation(running).tokensReserved);
    QCOMPARE(f.service->cancelAllPending(alice), 0);
}

void TestQueueControl::anotherProcessSeesEveryStep()
{
    EngineFixture f(oneAtATime());
    SecondProcess other(f);
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.service->loadQueue();
    QList<qint64> ids;
    for (const QString &prompt : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        ids.append(f.service->generateImage(f.request(alice, prompt)).id);
    const qint64 a = ids.at(0), b = ids.at(1), c = ids.at(2);
    other.service->watch();
    QSignalSpy steered(other.service.get(), &ImageGenerationService::generationSteered);
    QSignalSpy paused(other.service.get(), &ImageGenerationService::queuePausedChanged);
    QCOMPARE(positions(*other.service, {a, b, c}), (QList<int>{1, 2, 3}));

    QVERIFY(!f.service->moveGeneration(c, alice, Place::Top).isError());
    QTRY_COMPARE(positions(*other.service, {c, a, b}), (QList<int>{1, 2, 3}));
    QVERIFY(!f.service->setGenerationHeld(a, alice, true).isError());
    QTRY_COMPARE(positions(*other.service, {c, a, b}), (QList<int>{1, 0, 2}));
    QVERIFY(!f.service->setGenerationPriority(b, alice, Priority::High).isError());
    QTRY_COMPARE(positions(*other.service, {b, c}), (QList<int>{1, 2}));
    QVERIFY(!f.service->setGenerationHeld(a, alice, false).isError());
    QTRY_COMPARE(positions(*other.service, {b, c, a}), (QList<int>{1, 2, 3}));
    QCOMPARE(steered.size(), 4);
    QVERIFY(!f.service->setQueuePaused(true).isError());
    QTRY_COMPARE(paused.size(), 1);
    QVERIFY(other.service->isQueuePaused());
}

void TestQueueControl::refusesOthersJobs()
{
    EngineFixture f(oneAtATime());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 bob = f.addProfile(QStringLiteral("bob"));
    f.service->loadQueue();
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    QCOMPARE(f.service->moveGeneration(id, bob, Place::Top).category, GenerationError::Category::Permission);
    QCOMPARE(f.service->setGenerationHeld(id, bob, true).category, GenerationError::Category::Permission);
    QCOMPARE(f.service->setGenerationPriority(id, bob, Priority::Low).category,
             GenerationError::Category::Permission);
    QCOMPARE(f.generation(id).priority, Priority::Normal);
    QVERIFY(!f.generation(id).held);
}

// Jobs queued in one millisecond share a rank: moving one between two of them spreads the ranks in the store,
// and this process's queue follows all of them, not only the one moved.
void TestQueueControl::aMoveThatSpreadsRanksKeepsTheOrderHere()
{
    EngineFixture f(oneAtATime());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.service->loadQueue();
    QList<qint64> ids;
    for (const QString &prompt : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        ids.append(f.service->generateImage(f.request(alice, prompt)).id); // the clock stands still
    const qint64 a = ids.at(0), b = ids.at(1), c = ids.at(2);
    QSignalSpy steered(f.service.get(), &ImageGenerationService::generationSteered);
    QVERIFY(!f.service->moveGeneration(c, alice, Place::Before, b).isError());
    QCOMPARE(positions(*f.service, {a, c, b}), (QList<int>{1, 2, 3}));
    QVERIFY(f.generation(a).queueRank < f.generation(c).queueRank);
    QVERIFY(f.generation(c).queueRank < f.generation(b).queueRank);
    QVERIFY(steered.size() >= 2); // the neighbours moved too, and the panel hears of them
}

// A retry another process scheduled with a back-off reaches this process's queue with it.
void TestQueueControl::aBackOffSetElsewhereHoldsHere()
{
    JobQueue queue({4, 4, {}});
    Generation generation;
    generation.id = 7;
    generation.request.profileId = 1;
    generation.provider = QStringLiteral("openai");
    generation.queuedAt = QDateTime::fromMSecsSinceEpoch(1000, Qt::UTC);
    generation.queueRank = 1000;
    QVERIFY(QueueControl::follow(queue, generation, 1000));
    generation.notBefore = QDateTime::fromMSecsSinceEpoch(31'000, Qt::UTC);
    QVERIFY(QueueControl::follow(queue, generation, 2000));
    QVERIFY(!queue.takeNext(30'999));
    QCOMPARE(queue.takeNext(31'000)->id, 7);
}

QTEST_GUILESS_MAIN(TestQueueControl)
#include "tst_queuecontrol.moc"
