#include "engine/jobqueue.h"

#include <QRandomGenerator>
#include <QTest>

namespace atelier {

namespace {

const QString Offline = QStringLiteral("offline");
const QString Slow = QStringLiteral("slow");

QueueEntry job(qint64 id, qint64 profileId, qint64 queuedAtMs, const QString &provider = Offline,
               qint64 notBeforeMs = 0, Priority priority = Priority::Normal)
{
    return QueueEntry::queued(id, profileId, provider, priority, queuedAtMs, notBeforeMs);
}

// The pending jobs' positions, by id.
QList<int> positions(const JobQueue &queue, const QList<qint64> &ids)
{
    QList<int> result;
    for (const qint64 id : ids)
        result.append(queue.position(id));
    return result;
}

QueueLimits unlimited()
{
    return {1'000'000, 1'000'000, {}};
}

// Starts jobs until none may start at nowMs; returns their ids in start order.
QList<qint64> takeAll(JobQueue &queue, qint64 nowMs = 0)
{
    QList<qint64> ids;
    while (const std::optional<QueueEntry> next = queue.takeNext(nowMs))
        ids.append(next->id);
    return ids;
}

} // namespace

class JobQueueTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fifoWithinProfile_data();
    void fifoWithinProfile();
    void batchDoesNotHoldBackASingleJob();
    void profilesTakeTurns();
    void globalLimit();
    void providerLimit();
    void blockedProfileKeepsItsTurn();
    void backOff();
    void throttle();
    void removePending();
    void releaseFreesSlot();
    void positionMatchesStartOrder_data();
    void positionMatchesStartOrder();
    void queueTimeOut();
    void knownIdsAreIgnored();
    void priorityThenRankWithinAProfile();
    void prioritiesKeepProfilesTakingTurns();
    void reorderMovesOnlyAPendingJob();
    void restartWaitingDelaysTheTimeOut();
};

void JobQueueTest::fifoWithinProfile_data()
{
    QTest::addColumn<QList<QueueEntry>>("entries");
    QTest::addColumn<QList<qint64>>("expected");

    QTest::newRow("appended in order")
        << QList<QueueEntry>{job(1, 7, 10), job(2, 7, 20), job(3, 7, 30)} << QList<qint64>{1, 2, 3};
    QTest::newRow("inserted out of order")
        << QList<QueueEntry>{job(1, 7, 30), job(2, 7, 10), job(3, 7, 20)} << QList<qint64>{2, 3, 1};
    QTest::newRow("same time: lower id first")
        << QList<QueueEntry>{job(9, 7, 10), job(4, 7, 10), job(6, 7, 10)} << QList<qint64>{4, 6, 9};
    QTest::newRow("retry re-queued later")
        << QList<QueueEntry>{job(5, 7, 50), job(1, 7, 60), job(2, 7, 40)} << QList<qint64>{2, 5, 1};
}

void JobQueueTest::fifoWithinProfile()
{
    QFETCH(QList<QueueEntry>, entries);
    QFETCH(QList<qint64>, expected);

    JobQueue queue(unlimited());
    for (const QueueEntry &entry : std::as_const(entries))
        queue.enqueue(entry);
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(queue.position(expected.at(i)), i + 1);
    QCOMPARE(takeAll(queue), expected);
}

void JobQueueTest::batchDoesNotHoldBackASingleJob()
{
    JobQueue queue(unlimited());
    for (qint64 i = 1; i <= 100; ++i)
        queue.enqueue(job(i, 1, i));
    queue.enqueue(job(1000, 2, 101));

    QCOMPARE(queue.pendingCount(), 101);
    QCOMPARE(queue.position(1), 1);
    QCOMPARE(queue.position(1000), 2);
    QCOMPARE(queue.position(2), 3);
    QCOMPARE(queue.position(100), 101);

    QCOMPARE(queue.takeNext(0)->id, 1);
    QCOMPARE(queue.position(1000), 1);
    QCOMPARE(queue.takeNext(0)->id, 1000);
    QCOMPARE(queue.takeNext(0)->id, 2);
}

void JobQueueTest::profilesTakeTurns()
{
    JobQueue queue(unlimited());
    // Each profile submits its batch at once: A, then B, then C.
    qint64 id = 0;
    for (const qint64 profile : {1, 2, 3}) {
        for (int k = 0; k < 3; ++k) {
            ++id;
            queue.enqueue(job(id, profile, id));
        }
    }
    QCOMPARE(takeAll(queue), (QList<qint64>{1, 4, 7, 2, 5, 8, 3, 6, 9}));
    QCOMPARE(queue.pendingCount(), 0);
    QCOMPARE(queue.runningCount(), 9);
}

void JobQueueTest::globalLimit()
{
    JobQueue queue({2, 10, {}});
    for (qint64 id = 1; id <= 4; ++id)
        queue.enqueue(job(id, id, id));
    QCOMPARE(takeAll(queue), (QList<qint64>{1, 2}));
    QCOMPARE(queue.runningCount(), 2);
    QCOMPARE(queue.pendingCount(), 2);

    queue.release(1);
    QCOMPARE(takeAll(queue), QList<qint64>{3});
    queue.setLimits({3, 10, {}});
    QCOMPARE(takeAll(queue), QList<qint64>{4});
}

void JobQueueTest::providerLimit()
{
    JobQueue queue({10, 5, {{Slow, 1}}});
    queue.enqueue(job(1, 1, 1, Slow));
    queue.enqueue(job(2, 1, 2, Slow));
    queue.enqueue(job(3, 1, 3, Offline));

    // The second slow job waits for the provider; the offline one behind it may go.
    QCOMPARE(takeAll(queue), (QList<qint64>{1, 3}));
    QCOMPARE(queue.runningCount(Slow), 1);
    QCOMPARE(queue.runningCount(Offline), 1);

    queue.release(1);
    QCOMPARE(queue.runningCount(Slow), 0);
    QCOMPARE(takeAll(queue), QList<qint64>{2});

    // The default limit applies to providers not named.
    JobQueue other({10, 2, {}});
    for (qint64 id = 1; id <= 3; ++id)
        other.enqueue(job(id, id, id));
    QCOMPARE(takeAll(other), (QList<qint64>{1, 2}));
}

void JobQueueTest::blockedProfileKeepsItsTurn()
{
    JobQueue queue({10, 5, {{Slow, 1}}});
    queue.enqueue(job(1, 1, 1, Slow)); // profile 1 only uses the slow provider
    queue.enqueue(job(2, 1, 2, Slow));
    queue.enqueue(job(3, 2, 3, Offline));
    queue.enqueue(job(4, 2, 4, Offline));
    queue.enqueue(job(5, 2, 5, Offline));

    QCOMPARE(queue.takeNext(0)->id, 1);
    // Profile 2 is served while profile 1 waits for its provider, and profile 1 stays first in line.
    QCOMPARE(queue.takeNext(0)->id, 3);
    QCOMPARE(queue.takeNext(0)->id, 4);
    queue.release(1);
    QCOMPARE(queue.takeNext(0)->id, 2);
    QCOMPARE(queue.takeNext(0)->id, 5);
}

void JobQueueTest::backOff()
{
    const qint64 now = 1'000'000;
    JobQueue queue(unlimited());
    queue.enqueue(job(1, 1, 10, Offline, now + 500));

    QVERIFY(!queue.takeNext(now));
    QCOMPARE(queue.nextWakeUp(now, 0), now + 500);
    QCOMPARE(queue.position(1), 1);

    // A job in back-off does not block the ones behind it.
    queue.enqueue(job(2, 1, 20));
    QCOMPARE(queue.takeNext(now)->id, 2);
    QVERIFY(!queue.takeNext(now + 499));
    QCOMPARE(queue.takeNext(now + 500)->id, 1);
    QCOMPARE(queue.nextWakeUp(now + 500, 0), std::nullopt);
}

void JobQueueTest::throttle()
{
    const qint64 now = 1'000'000;
    JobQueue queue(unlimited());
    queue.enqueue(job(1, 1, 10));
    queue.enqueue(job(2, 2, 20, Slow));
    queue.throttle(Offline, now + 1000);
    // A shorter delay reported later does not lift the longer one.
    queue.throttle(Offline, now + 200);

    QCOMPARE(queue.takeNext(now)->id, 2);
    QVERIFY(!queue.takeNext(now + 999));
    QCOMPARE(queue.nextWakeUp(now, 0), now + 1000);
    QCOMPARE(queue.takeNext(now + 1000)->id, 1);
}

void JobQueueTest::removePending()
{
    JobQueue queue(unlimited());
    queue.enqueue(job(1, 1, 1));
    queue.enqueue(job(2, 1, 2));
    queue.enqueue(job(3, 2, 3));
    queue.enqueue(job(4, 1, 4));

    QVERIFY(queue.remove(2));
    QVERIFY(!queue.isPending(2));
    QVERIFY(!queue.remove(2));
    QCOMPARE(queue.pendingCount(), 3);
    QCOMPARE(queue.position(4), 3);

    // The last job of a profile leaves the turn order with it.
    QVERIFY(queue.remove(3));
    QCOMPARE(queue.position(1), 1);
    QCOMPARE(queue.position(4), 2);

    QCOMPARE(queue.takeNext(0)->id, 1);
    QVERIFY(!queue.remove(1)); // running, not pending
    QVERIFY(queue.isRunning(1));

    queue.enqueue(job(3, 2, 5));
    QCOMPARE(takeAll(queue), (QList<qint64>{4, 3}));
}

void JobQueueTest::releaseFreesSlot()
{
    JobQueue queue({1, 1, {}});
    queue.enqueue(job(1, 1, 1));
    queue.enqueue(job(2, 1, 2));

    QCOMPARE(queue.takeNext(0)->id, 1);
    QVERIFY(!queue.takeNext(0));
    queue.release(42); // unknown: nothing changes
    QVERIFY(!queue.takeNext(0));
    queue.release(1);
    QVERIFY(!queue.isRunning(1));
    QCOMPARE(queue.runningCount(), 0);
    QCOMPARE(queue.takeNext(0)->id, 2);
}

void JobQueueTest::positionMatchesStartOrder_data()
{
    QTest::addColumn<int>("jobs");
    QTest::addColumn<int>("profiles");
    QTest::addColumn<quint32>("seed");

    QTest::newRow("small") << 12 << 3 << 1U;
    QTest::newRow("uneven") << 60 << 7 << 2U;
    QTest::newRow("one profile") << 30 << 1 << 3U;
    QTest::newRow("10,000 jobs") << 10'000 << 40 << 4U;
}

void JobQueueTest::positionMatchesStartOrder()
{
    QFETCH(int, jobs);
    QFETCH(int, profiles);
    QFETCH(quint32, seed);

    // A mixed queue: profiles of different lengths, submission times with ties and out of order, some jobs
    // started and some removed before the positions are asked.
    QRandomGenerator random(seed);
    JobQueue queue(unlimited());
    QList<qint64> ids;
    for (qint64 id = 1; id <= jobs; ++id) {
        const qint64 profile =
            1 + random.bounded(profiles) * random.bounded(profiles) / std::max(1, profiles - 1);
        queue.enqueue(job(id, profile, random.bounded(jobs / 2 + 1)));
        ids.append(id);
        if (random.bounded(10) == 0)
            queue.takeNext(0);
        if (random.bounded(10) == 0)
            queue.remove(ids.at(random.bounded(int(ids.size()))));
    }

    QHash<qint64, int> positions;
    for (const qint64 id : std::as_const(ids)) {
        if (queue.isPending(id))
            positions.insert(id, queue.position(id));
        else
            QCOMPARE(queue.position(id), 0);
    }
    QCOMPARE(positions.size(), queue.pendingCount());

    const QList<qint64> started = takeAll(queue);
    QCOMPARE(started.size(), positions.size());
    for (int i = 0; i < started.size(); ++i)
        QCOMPARE(positions.value(started.at(i)), i + 1);
}

void JobQueueTest::queueTimeOut()
{
    const qint64 timeout = 1000;
    JobQueue queue(unlimited());
    queue.enqueue(job(1, 1, 0));
    queue.enqueue(job(2, 1, 100));
    queue.enqueue(job(3, 2, 50));

    QCOMPARE(queue.expired(999, timeout), QList<qint64>{});
    QCOMPARE(queue.nextWakeUp(0, timeout), 1000);
    QCOMPARE(queue.expired(1000, timeout), QList<qint64>{1});
    // Once the first is due, the next moment is the front of the other profile.
    QCOMPARE(queue.nextWakeUp(1000, timeout), 1050);
    QCOMPARE(queue.expired(1100, timeout), (QList<qint64>{1, 3, 2}));

    QVERIFY(queue.remove(1));
    QCOMPARE(queue.nextWakeUp(1000, timeout), 1050);
    QVERIFY(queue.remove(3));
    QCOMPARE(queue.nextWakeUp(1000, timeout), 1100);
    QCOMPARE(queue.nextWakeUp(1100, timeout), std::nullopt);

    // No time-out configured: nothing expires, nothing to wake up for.
    QCOMPARE(queue.expired(1'000'000, 0), QList<qint64>{});
    QCOMPARE(queue.nextWakeUp(0, 0), std::nullopt);
}

void JobQueueTest::knownIdsAreIgnored()
{
    JobQueue queue(unlimited());
    queue.enqueue(job(1, 1, 10));
    queue.enqueue(job(1, 2, 5)); // already pending
    QCOMPARE(queue.pendingCount(), 1);
    QCOMPARE(queue.position(1), 1);

    QCOMPARE(queue.takeNext(0)->profileId, 1);
    queue.enqueue(job(1, 1, 20)); // running
    QVERIFY(!queue.isPending(1));
    QCOMPARE(queue.pendingCount(), 0);

    // Back in the queue once handed back.
    queue.release(1);
    queue.enqueue(job(1, 1, 20));
    QVERIFY(queue.isPending(1));
}

void JobQueueTest::priorityThenRankWithinAProfile()
{
    JobQueue queue(unlimited());
    queue.enqueue(job(1, 7, 10));
    queue.enqueue(job(2, 7, 20, Offline, 0, Priority::Low));
    queue.enqueue(job(3, 7, 30));
    queue.enqueue(job(4, 7, 40, Offline, 0, Priority::High));
    QCOMPARE(positions(queue, {1, 2, 3, 4}), (QList<int>{2, 4, 3, 1}));
    QCOMPARE(takeAll(queue), (QList<qint64>{4, 1, 3, 2}));
}

void JobQueueTest::prioritiesKeepProfilesTakingTurns()
{
    // Profile 7 marks everything high: profile 8's normal jobs still get every other turn.
    JobQueue queue(unlimited());
    for (qint64 id = 1; id <= 3; ++id)
        queue.enqueue(job(id, 7, id, Offline, 0, Priority::High));
    for (qint64 id = 11; id <= 13; ++id)
        queue.enqueue(job(id, 8, id));
    QCOMPARE(positions(queue, {1, 11, 2, 12}), (QList<int>{1, 2, 3, 4}));
    QCOMPARE(takeAll(queue), (QList<qint64>{1, 11, 2, 12, 3, 13}));
}

void JobQueueTest::reorderMovesOnlyAPendingJob()
{
    JobQueue queue(unlimited());
    for (qint64 id = 1; id <= 4; ++id)
        queue.enqueue(job(id, 7, id * 10));
    QVERIFY(queue.reorder(4, Priority::Normal, 5)); // to the top
    QCOMPARE(positions(queue, {4, 1, 2, 3}), (QList<int>{1, 2, 3, 4}));
    QVERIFY(queue.reorder(1, Priority::Normal, 25)); // between 2 and 3
    QCOMPARE(positions(queue, {4, 2, 1, 3}), (QList<int>{1, 2, 3, 4}));
    QVERIFY(queue.reorder(3, Priority::High, 30)); // a priority outranks any place
    QCOMPARE(positions(queue, {3, 4, 2, 1}), (QList<int>{1, 2, 3, 4}));
    QVERIFY(!queue.reorder(3, Priority::High, 30)); // already there
    QVERIFY(!queue.reorder(99, Priority::High, 1)); // not queued
    QCOMPARE(queue.takeNext(0)->id, 3);
    QVERIFY(!queue.reorder(3, Priority::Low, 1)); // running: out of the queue's hands
    QCOMPARE(takeAll(queue), (QList<qint64>{4, 2, 1}));
}

void JobQueueTest::restartWaitingDelaysTheTimeOut()
{
    JobQueue queue(unlimited());
    queue.enqueue(job(1, 7, 0));
    QCOMPARE(queue.expired(1000, 1000), QList<qint64>{1});
    // Paused from 0 to 5000: the time-out counts from the resume.
    queue.restartWaiting(5000);
    QVERIFY(queue.expired(5999, 1000).isEmpty());
    QCOMPARE(queue.expired(6000, 1000), QList<qint64>{1});
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::JobQueueTest)
#include "tst_jobqueue.moc"
