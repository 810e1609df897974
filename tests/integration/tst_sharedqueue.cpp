#include "engine/leaseowner.h"
#include "enginefixture.h"
#include "secondprocess.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace atelier;
using namespace atelier::test;

namespace {

EngineSettings sharedSettings()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.limits = {3, 3, {}};
    return settings;
}

} // namespace

// Two engines over one database, as the window and atelier-cli share a data folder: each job runs in one of
// them once, the limits count the jobs of both, and a job whose process died or that another process
// cancelled is dealt with through its lease.
class TestSharedQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void eachJobRunsOnceWithinTheSharedLimits();
    void jobsOfADeadProcessRunAfterItsLeaseRunsOut();
    void jobsOfAStoppedProcessOfThisMachineRunAtOnce();
    void aCancelElsewhereStopsTheRequestWithinAHeartbeat();
    void picksUpJobsQueuedElsewhere();
    void aProviderFullElsewhereHoldsBackOnlyItsJobs();
    void aWallClockJumpTakesOverNothing();
    void aWatcherHearsOfEachChangeElsewhereOnce();
    void aWatcherBehindThePrunedFeedReadsTheQueueAgain();

private:
    int slotsHeld() const;
    // Processes that wait for a slot and run nothing: refused for the global limit.
    int idleWaiters() const;
    int eventCount(qint64 id, const QString &kind) const;

    QSqlDatabase m_probe; // the test's own look at the database
};

void TestSharedQueue::init()
{
    m_probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
}

void TestSharedQueue::cleanup()
{
    m_probe.close();
    m_probe = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
}

int TestSharedQueue::slotsHeld() const
{
    QSqlQuery query(m_probe);
    query.exec(
        QStringLiteral("SELECT COUNT(*) FROM generations WHERE status = 'processing' AND holds_slot = 1"));
    return query.next() ? query.value(0).toInt() : -1;
}

int TestSharedQueue::idleWaiters() const
{
    QSqlQuery query(m_probe);
    query.exec(QStringLiteral("SELECT COUNT(*) FROM queue_waiters WHERE owner NOT IN"
                              " (SELECT lease_owner FROM generations WHERE status = 'processing')"));
    return query.next() ? query.value(0).toInt() : -1;
}

int TestSharedQueue::eventCount(qint64 id, const QString &kind) const
{
    QSqlQuery query(m_probe);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM events WHERE generation_id = ? AND kind = ?"));
    query.addBindValue(id);
    query.addBindValue(kind);
    query.exec();
    return query.next() ? query.value(0).toInt() : -1;
}

void TestSharedQueue::eachJobRunsOnceWithinTheSharedLimits()
{
    EngineFixture f(sharedSettings());
    SecondProcess other(f);
    m_probe.setDatabaseName(f.store->path());
    QVERIFY(m_probe.open());
    const qint64 alice = f.addProfile(QStringLiteral("alice"), 10'000);
    QList<qint64> ids;
    for (int i = 0; i < 12; ++i)
        ids.append(f.service->generateImage(f.request(alice, QStringLiteral("a lighthouse %1").arg(i))).id);

    // The other process takes every slot, and this one then starts nothing.
    other.provider.script({ScriptedProvider::hang(), ScriptedProvider::hang(), ScriptedProvider::hang()});
    other.service->start();
    QTRY_COMPARE(other.provider.hanging().size(), 3);
    int most = 0;
    for (ImageGenerationService *service : {f.service.get(), other.service.get()})
        connect(service, &ImageGenerationService::generationStarted, this,
                [&most, this] { most = std::max(most, slotsHeld()); });
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    QSignalSpy finishedElsewhere(other.service.get(), &ImageGenerationService::generationFinished);
    QCOMPARE(idleWaiters(), 0);
    f.service->start();
    // This process asked for a slot, was refused, and said it waits.
    QTRY_COMPARE(idleWaiters(), 1);
    QCOMPARE(f.provider->started().size(), 0);
    QCOMPARE(slotsHeld(), 3);

    // As slots free, both take jobs until the queue is done.
    const QList<qint64> hanging = other.provider.hanging();
    for (const qint64 id : hanging)
        other.provider.finishHanging(id);
    // Each process also hears of the other's ends: a job counts once, whoever announced it.
    const auto ended = [&] {
        QSet<qint64> done;
        for (const QSignalSpy *spy : {&finished, &finishedElsewhere}) {
            for (const QList<QVariant> &arguments : *spy)
                done.insert(arguments.first().value<Generation>().id);
        }
        return done.size();
    };
    QTRY_COMPARE_WITH_TIMEOUT(ended(), ids.size(), 10'000);
    QVERIFY(most <= 3);
    QCOMPARE(f.provider->started().size() + other.provider.started().size(), ids.size());
    for (const qint64 id : std::as_const(ids)) {
        const Generation done = f.generation(id);
        QCOMPARE(done.status, GenerationStatus::Completed);
        QCOMPARE(done.attempts, 1);
        QCOMPARE(eventCount(id, QStringLiteral("started")), 1);
        QCOMPARE(eventCount(id, QStringLiteral("completed")), 1);
    }
    qint64 charged = 0;
    for (const qint64 id : std::as_const(ids))
        charged += f.generation(id).tokensCharged;
    QCOMPARE(f.balance(alice), 10'000 - charged);
}

void TestSharedQueue::jobsOfADeadProcessRunAfterItsLeaseRunsOut()
{
    EngineFixture f(sharedSettings());
    m_probe.setDatabaseName(f.store->path());
    QVERIFY(m_probe.open());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 orphan = f.service->generateImage(f.request(alice)).id;
    const qint64 other = f.service->generateImage(f.request(alice)).id;
    // A process claimed it and died (SIGKILL): its lease runs for another 10 s.
    Store dead;
    QVERIFY(!dead.open(f.store->path()).isError());
    const qint64 claimedAt = f.clock.nowMs();
    QCOMPARE(dead.leases().claim(orphan, 1, 1, {QStringLiteral("dead"), claimedAt + 10'000}, {}, claimedAt),
             JobLeases::Claim::Claimed);

    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    f.service->start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().value<Generation>().id, other);
    // Still the dead process's while its lease lasts.
    f.clock.advance(9000);
    QCoreApplication::processEvents();
    QCOMPARE(f.generation(orphan).status, GenerationStatus::Processing);
    f.clock.advance(1000);
    QTRY_COMPARE(finished.size(), 2);
    const Generation done = f.generation(orphan);
    QCOMPARE(done.status, GenerationStatus::Completed);
    QCOMPARE(done.attempts, 2);
    QCOMPARE(eventCount(orphan, QStringLiteral("requeued")), 1);
    QCOMPARE(eventCount(orphan, QStringLiteral("started")), 2);
    QCOMPARE(f.balance(alice), 1000 - done.tokensCharged - f.generation(other).tokensCharged);
}

void TestSharedQueue::jobsOfAStoppedProcessOfThisMachineRunAtOnce()
{
    EngineFixture f(sharedSettings());
    m_probe.setDatabaseName(f.store->path());
    QVERIFY(m_probe.open());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 orphan = f.service->generateImage(f.request(alice)).id;
    // The window that claimed it was closed or killed a moment ago: its lease runs for another 30 s, but
    // its process id is free on this machine.
    QProcess window;
    window.start(QStringLiteral("true"), {});
    QVERIFY(window.waitForStarted());
    const QString owner =
        QStringLiteral("%1-%2@%3")
            .arg(window.processId())
            .arg(QUuid::createUuid().toString(QUuid::WithoutBraces), LeaseOwner::placeHere());
    QVERIFY(window.waitForFinished());
    Store stopped;
    QVERIFY(!stopped.open(f.store->path()).isError());
    const qint64 claimedAt = f.clock.nowMs();
    QCOMPARE(stopped.leases().claim(orphan, 1, 1, {owner, claimedAt + 30'000}, {}, claimedAt),
             JobLeases::Claim::Claimed);

    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    f.service->start(); // no clock moves: the lease never runs out here
    QVERIFY(finished.wait(5000));
    const Generation done = f.generation(orphan);
    QCOMPARE(done.status, GenerationStatus::Completed);
    QCOMPARE(done.attempts, 2);
    QCOMPARE(eventCount(orphan, QStringLiteral("requeued")), 1);
    QCOMPARE(f.balance(alice), 1000 - done.tokensCharged);
}

void TestSharedQueue::aCancelElsewhereStopsTheRequestWithinAHeartbeat()
{
    EngineSettings settings = sharedSettings();
    settings.leaseMs = 300; // a heartbeat every 100 ms of real time
    EngineFixture f(settings);
    m_probe.setDatabaseName(f.store->path());
    QVERIFY(m_probe.open());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script({ScriptedProvider::hang()});
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    QSignalSpy cancelled(f.service.get(), &ImageGenerationService::generationCancelled);
    f.service->start();
    QTRY_COMPARE(f.provider->hanging().size(), 1);

    Store window;
    QVERIFY(!window.open(f.store->path()).isError());
    QVERIFY(window.markCancelled(id, 1, f.clock.nowMs()));
    QTRY_COMPARE_WITH_TIMEOUT(f.provider->cancelled(), QList<qint64>{id}, 2000);
    QTRY_COMPARE(cancelled.size(), 1);
    // The provider's answer, if it still came, is not this process's to write.
    f.provider->finishHanging(id);
    QCoreApplication::processEvents();
    QCOMPARE(f.generation(id).status, GenerationStatus::Cancelled);
    QCOMPARE(eventCount(id, QStringLiteral("completed")), 0);
    QCOMPARE(f.balance(alice), 1000);
}

void TestSharedQueue::picksUpJobsQueuedElsewhere()
{
    EngineFixture f(sharedSettings());
    SecondProcess other(f);
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    f.service->start();
    // Queued by a process that only submits (atelier-cli generate without --wait).
    other.service->loadQueue();
    const qint64 id = other.service->generateImage(f.request(alice)).id;
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().value<Generation>().id, id);
    QCOMPARE(f.provider->started().size(), 1);
}

void TestSharedQueue::aProviderFullElsewhereHoldsBackOnlyItsJobs()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.limits = {4, 2, {}}; // four in all, two of each provider
    EngineFixture f(settings);
    ScriptedProvider offline(QStringLiteral("offline"));
    f.service->addProvider(&offline);
    const qint64 alice = f.addProfile(QStringLiteral("alice"), 10'000);
    const auto submit = [&](const QString &model) {
        return f.service->generateImage(f.request(alice, QStringLiteral("a lighthouse"), model)).id;
    };
    // Another process runs two offline jobs: the offline limit is reached, the global one is not.
    Store elsewhere;
    QVERIFY(!elsewhere.open(f.store->path()).isError());
    const JobLease theirs{QStringLiteral("elsewhere"), f.clock.nowMs() + 3600'000};
    for (int i = 0; i < 2; ++i)
        QCOMPARE(elsewhere.leases().claim(submit(QStringLiteral("offline")), 1, 1, theirs, {4, 2},
                                          f.clock.nowMs()),
                 JobLeases::Claim::Claimed);
    const qint64 offlineHead = submit(QStringLiteral("offline"));
    const qint64 behind = submit(QStringLiteral("gpt-image-1"));

    QSignalSpy started(f.service.get(), &ImageGenerationService::generationStarted);
    f.service->start();
    QVERIFY(started.wait(5000));
    QCOMPARE(started.first().first().toLongLong(), behind);
    QCOMPARE(f.provider->started().size(), 1);
    QVERIFY(offline.started().isEmpty());
    QCOMPARE(f.generation(offlineHead).status, GenerationStatus::Pending);
}

void TestSharedQueue::aWallClockJumpTakesOverNothing()
{
    EngineFixture f(sharedSettings());
    SecondProcess other(f); // runs the job; f, built first, is the first to beat when the clock jumps
    m_probe.setDatabaseName(f.store->path());
    QVERIFY(m_probe.open());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    other.provider.script({ScriptedProvider::hang()});
    other.service->start();
    const qint64 id = other.service->generateImage(f.request(alice)).id;
    QTRY_COMPARE(other.provider.hanging().size(), 1);
    QSignalSpy finished(other.service.get(), &ImageGenerationService::generationFinished);
    f.service->start();

    // The machine wakes from an hour's sleep: by the wall clock every lease ran out long ago.
    f.clock.stepWallClock(3600'000);
    QCoreApplication::processEvents();
    QCOMPARE(eventCount(id, QStringLiteral("requeued")), 0);
    // Heartbeats go on in both, and the job stays with the process that runs it.
    const qint64 beat = f.settings.leaseMs / 3;
    for (int i = 0; i < 4; ++i)
        f.clock.advance(beat);
    QCOMPARE(eventCount(id, QStringLiteral("requeued")), 0);
    QCOMPARE(f.generation(id).status, GenerationStatus::Processing);
    other.provider.finishHanging(id);
    QVERIFY(finished.wait(5000));
    QCOMPARE(f.generation(id).attempts, 1);
    QVERIFY(f.provider->started().isEmpty());
}

// A process that slept past what the change feed keeps is told to read everything again, and its queue is
// read again meanwhile.
void TestSharedQueue::aWatcherBehindThePrunedFeedReadsTheQueueAgain()
{
    EngineFixture f(sharedSettings());
    SecondProcess other(f);
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    QSignalSpy changed(f.service.get(), &ImageGenerationService::changedElsewhere);
    QSignalSpy queued(f.service.get(), &ImageGenerationService::generationQueued);
    f.service->watch();
    other.service->loadQueue();
    const qint64 first = other.service->generateImage(f.request(alice, QStringLiteral("a kite"))).id;
    const qint64 second = other.service->generateImage(f.request(alice, QStringLiteral("a boat"))).id;
    other.store.changes().prune(0); // before the watcher had a look: it cannot be told job by job
    QTRY_VERIFY(!changed.isEmpty());
    QCOMPARE(changed.first().first().toBool(), true);
    QVERIFY(queued.isEmpty());
    QCOMPARE(f.service->queuePosition(first), 1);
    QCOMPARE(f.service->queuePosition(second), 2);
}

QTEST_MAIN(TestSharedQueue)
#include "tst_sharedqueue.moc"

// The window follows what atelier-cli does on the same folder: each job another process queues, starts,
// advances, ends or deletes is announced through the same signals as its own, once, with its place in the
// queue kept right.
void TestSharedQueue::aWatcherHearsOfEachChangeElsewhereOnce()
{
    EngineFixture f(sharedSettings());
    SecondProcess other(f);
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    QSignalSpy queued(f.service.get(), &ImageGenerationService::generationQueued);
    QSignalSpy started(f.service.get(), &ImageGenerationService::generationStarted);
    QSignalSpy progress(f.service.get(), &ImageGenerationService::progressChanged);
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    QSignalSpy cancelled(f.service.get(), &ImageGenerationService::generationCancelled);
    QSignalSpy deleted(f.service.get(), &ImageGenerationService::generationDeleted);
    QSignalSpy balance(f.service.get(), &ImageGenerationService::balanceChanged);
    f.service->watch(); // follows, runs nothing

    other.service->loadQueue();
    const qint64 first = other.service->generateImage(f.request(alice, QStringLiteral("a kite"))).id;
    const qint64 second = other.service->generateImage(f.request(alice, QStringLiteral("a boat"))).id;
    QTRY_COMPARE(queued.size(), 2);
    QCOMPARE(queued.at(0).at(0).value<Generation>().id, first);
    QCOMPARE(queued.at(1).at(1).toInt(), 2);
    QCOMPARE(f.service->queuePosition(second), 2);
    QVERIFY(!balance.isEmpty());

    // The other process runs the first; the limit of one leaves the second waiting.
    other.service->setQueueLimits({1, 1, {}});
    other.provider.script({ScriptedProvider::hang(), ScriptedProvider::hang()});
    other.service->start();
    QTRY_COMPARE(started.size(), 1);
    QCOMPARE(started.first().at(0).toLongLong(), first);
    QCOMPARE(started.first().at(1).toInt(), 1);
    QCOMPARE(f.service->queuePosition(first), 0);
    QCOMPARE(f.service->queuePosition(second), 1);

    f.clock.advance(2000); // steps are written at most once a second
    other.provider.reportStep(first, 1, 2, QStringLiteral("Drawing"));
    QTRY_VERIFY(std::any_of(progress.cbegin(), progress.cend(), [&](const QList<QVariant> &arguments) {
        const auto report = arguments.first().value<Progress>();
        return report.generationId == first && report.step == QStringLiteral("Drawing");
    }));

    other.provider.finishHanging(first);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<Generation>().status, GenerationStatus::Completed);
    QTRY_COMPARE(started.size(), 2); // the slot went to the second
    QCOMPARE(started.last().at(0).toLongLong(), second);
    QCOMPARE(other.service->cancelGeneration(second, alice).category, GenerationError::Category::None);
    QTRY_COMPARE(cancelled.size(), 1);
    QCOMPARE(f.service->queuePosition(second), 0);
    QCOMPARE(other.service->deleteGeneration(first, alice).category, GenerationError::Category::None);
    QTRY_COMPARE(deleted.size(), 1);
    QCOMPARE(deleted.first().at(0).toLongLong(), first);

    // One more change elsewhere, so that every earlier one has surely been read again: nothing twice.
    other.service->shutdown();
    other.service->generateImage(f.request(alice, QStringLiteral("a third")));
    QTRY_COMPARE(queued.size(), 3);
    QCOMPARE(started.size(), 2);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(deleted.size(), 1);
    QCOMPARE(f.provider->started().size(), 0);

    // The other process reads its own ends back once this one writes: they are not news there either.
    QSignalSpy otherQueued(other.service.get(), &ImageGenerationService::generationQueued);
    QSignalSpy otherCloud(other.service.get(), &ImageGenerationService::cloudCopyChanged);
    QSignalSpy otherEnded(other.service.get(), &ImageGenerationService::generationCancelled);
    other.service->watch();
    f.service->generateImage(f.request(alice, QStringLiteral("a fourth")));
    QTRY_COMPARE(otherQueued.size(), 1);
    QVERIFY(otherCloud.isEmpty());
    QVERIFY(otherEnded.isEmpty());
}
