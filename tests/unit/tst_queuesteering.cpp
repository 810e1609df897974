#include "storage/store.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace atelier;
using Place = QueueSteering::Place;

namespace {

const qint64 kT0 = QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();

} // namespace

// Steering the pending queue in the store: where a move puts a job, pausing one job or the whole queue, and
// that claims in any process honour both.
class TestQueueSteering : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void movesPlaceAJobAmongItsProfilesJobs();
    void aMoveTakesThePriorityOfItsPlace();
    void movesBetweenJobsQueuedInOneMillisecond();
    void refusesWhatIsNotAWaitingJobOfTheProfile();
    void aPausedJobIsNotClaimed();
    void aPausedQueueIsPausedForEveryProcess();

private:
    qint64 queue(qint64 profileId, qint64 atMs, Priority priority = Priority::Normal);
    // The profile's pending jobs in the order they start.
    QList<qint64> order(qint64 profileId) const;
    QString lastEvent(qint64 id) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_a;
    std::unique_ptr<Store> m_b;
    qint64 m_ada = 0;
    qint64 m_bo = 0;
};

void TestQueueSteering::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    const QString path = m_dir->filePath(QStringLiteral("atelier.sqlite"));
    m_a = std::make_unique<Store>();
    m_b = std::make_unique<Store>();
    QVERIFY(!m_a->open(path).isError());
    QVERIFY(!m_b->open(path).isError());
    GenerationError error;
    m_ada = m_a->createProfile(QStringLiteral("Ada"), 1000, kT0, &error)->id;
    m_bo = m_a->createProfile(QStringLiteral("Bo"), 1000, kT0, &error)->id;
}

void TestQueueSteering::cleanup()
{
    m_b.reset();
    m_a.reset();
    m_dir.reset();
}

qint64 TestQueueSteering::queue(qint64 profileId, qint64 atMs, Priority priority)
{
    Generation generation;
    generation.request.profileId = profileId;
    generation.request.prompt = QStringLiteral("a lighthouse");
    generation.request.model = QStringLiteral("offline");
    generation.provider = QStringLiteral("offline");
    generation.priority = priority;
    GenerationError error;
    const qint64 id = m_a->insertGeneration(generation, 1, atMs, &error);
    if (id == 0)
        qWarning() << error.message;
    return id;
}

QList<qint64> TestQueueSteering::order(qint64 profileId) const
{
    QList<qint64> ids;
    for (const Generation &generation : m_b->generationsWithStatus(GenerationStatus::Pending)) {
        if (generation.request.profileId == profileId)
            ids.append(generation.id);
    }
    return ids;
}

QString TestQueueSteering::lastEvent(qint64 id) const
{
    Store::Event last;
    for (const Store::Event &event : m_a->events(m_ada, 1000)) {
        if (event.generationId == id && event.id > last.id)
            last = event;
    }
    return last.kind;
}

void TestQueueSteering::movesPlaceAJobAmongItsProfilesJobs()
{
    const qint64 a = queue(m_ada, kT0 + 1);
    const qint64 b = queue(m_ada, kT0 + 2);
    const qint64 c = queue(m_ada, kT0 + 3);
    const qint64 other = queue(m_bo, kT0 + 4);
    QCOMPARE(order(m_ada), (QList<qint64>{a, b, c}));
    GenerationError error;
    QVERIFY(m_a->steering().move(c, Place::Top, 0, kT0, &error));
    QCOMPARE(order(m_ada), (QList<qint64>{c, a, b}));
    QCOMPARE(lastEvent(c), QStringLiteral("moved"));
    QVERIFY(m_a->steering().move(c, Place::Bottom, 0, kT0, &error));
    QCOMPARE(order(m_ada), (QList<qint64>{a, b, c}));
    QVERIFY(m_a->steering().move(c, Place::Before, b, kT0, &error));
    QCOMPARE(order(m_ada), (QList<qint64>{a, c, b}));
    QVERIFY(m_a->steering().move(b, Place::Before, a, kT0, &error));
    QCOMPARE(order(m_ada), (QList<qint64>{b, a, c}));
    // Another profile's queue is its own.
    QCOMPARE(order(m_bo), QList<qint64>{other});
    // A job queued afterwards still comes last.
    const qint64 d = queue(m_ada, kT0 + 5);
    QCOMPARE(order(m_ada), (QList<qint64>{b, a, c, d}));
}

void TestQueueSteering::aMoveTakesThePriorityOfItsPlace()
{
    const qint64 high = queue(m_ada, kT0 + 1, Priority::High);
    const qint64 normal = queue(m_ada, kT0 + 2);
    const qint64 low = queue(m_ada, kT0 + 3, Priority::Low);
    QCOMPARE(order(m_ada), (QList<qint64>{high, normal, low}));
    GenerationError error;
    // To the top over a high one: it becomes high, so that the order shown is the order they start in.
    QVERIFY(m_a->steering().move(low, Place::Top, 0, kT0, &error));
    QCOMPARE(m_b->generation(low)->priority, Priority::High);
    QCOMPARE(order(m_ada), (QList<qint64>{low, high, normal}));
    QVERIFY(m_a->steering().move(high, Place::Bottom, 0, kT0, &error));
    QCOMPARE(m_b->generation(high)->priority, Priority::Normal);
    QCOMPARE(order(m_ada), (QList<qint64>{low, normal, high}));
    // Given a priority, a job keeps its time and finds its place among that priority's jobs.
    QVERIFY(m_a->steering().setPriority(normal, Priority::Low, kT0, &error));
    QCOMPARE(order(m_ada), (QList<qint64>{low, high, normal}));
    QCOMPARE(lastEvent(normal), QStringLiteral("priority_changed"));
}

void TestQueueSteering::movesBetweenJobsQueuedInOneMillisecond()
{
    // A batch queues many jobs in one millisecond: equal ranks leave no room between them until spread.
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i)
        ids.append(queue(m_ada, kT0));
    GenerationError error;
    for (int round = 0; round < 60; ++round) {
        // Again and again into the same gap, which halves each time.
        QVERIFY2(m_a->steering().move(ids.last(), Place::Before, ids.at(2), kT0, &error),
                 qPrintable(error.message));
        ids.insert(2, ids.takeLast());
        QCOMPARE(order(m_ada), ids);
    }
}

void TestQueueSteering::refusesWhatIsNotAWaitingJobOfTheProfile()
{
    const qint64 a = queue(m_ada, kT0 + 1);
    const qint64 b = queue(m_ada, kT0 + 2);
    const qint64 theirs = queue(m_bo, kT0 + 3);
    GenerationError error;
    QVERIFY(!m_a->steering().move(a, Place::Before, a, kT0, &error));
    QVERIFY2(error.message.contains(QStringLiteral("itself")), qPrintable(error.message));
    QVERIFY(!m_a->steering().move(a, Place::Before, theirs, kT0, &error));
    QVERIFY2(error.message.contains(QStringLiteral("same profile")), qPrintable(error.message));
    QVERIFY(!m_a->steering().move(999, Place::Top, 0, kT0, &error));
    QVERIFY2(error.message.contains(QStringLiteral("no generation")), qPrintable(error.message));
    QVERIFY(m_a->markCancelled(b, 1, kT0));
    for (const bool done :
         {m_a->steering().move(b, Place::Top, 0, kT0, &error), m_a->steering().setHeld(b, true, kT0, &error),
          m_a->steering().setPriority(b, Priority::High, kT0, &error)}) {
        QVERIFY(!done);
        QCOMPARE(error.category, GenerationError::Category::Validation);
        QVERIFY2(error.message.contains(QStringLiteral("cancelled")), qPrintable(error.message));
    }
    QCOMPARE(order(m_ada), QList<qint64>{a});
}

void TestQueueSteering::aPausedJobIsNotClaimed()
{
    const qint64 a = queue(m_ada, kT0 + 1);
    GenerationError error;
    QVERIFY(m_a->steering().setHeld(a, true, kT0, &error));
    QVERIFY(m_b->generation(a)->held);
    QCOMPARE(lastEvent(a), QStringLiteral("job_paused"));
    const JobLease lease{QStringLiteral("202-b"), kT0 + 30'000};
    QCOMPARE(m_b->leases().claim(a, 1, 1, lease, {}, kT0), JobLeases::Claim::Gone);
    QVERIFY(m_a->steering().setHeld(a, false, kT0, &error));
    QCOMPARE(m_b->leases().claim(a, 1, 1, lease, {}, kT0), JobLeases::Claim::Claimed);
}

void TestQueueSteering::aPausedQueueIsPausedForEveryProcess()
{
    const qint64 a = queue(m_ada, kT0 + 1);
    QVERIFY(!m_b->steering().isPaused());
    GenerationError error;
    QVERIFY(m_a->steering().setPaused(true, kT0, &error));
    QVERIFY(m_b->steering().isPaused());
    const JobLease lease{QStringLiteral("202-b"), kT0 + 30'000};
    QCOMPARE(m_b->leases().claim(a, 1, 1, lease, {}, kT0), JobLeases::Claim::Paused);
    // It lasts: a store opened afterwards (the next start) finds it paused.
    Store later;
    QVERIFY(!later.open(m_dir->filePath(QStringLiteral("atelier.sqlite"))).isError());
    QVERIFY(later.steering().isPaused());
    QVERIFY(m_a->steering().setPaused(false, kT0, &error));
    QCOMPARE(m_b->leases().claim(a, 1, 1, lease, {}, kT0), JobLeases::Claim::Claimed);
}

QTEST_GUILESS_MAIN(TestQueueSteering)
#include "tst_queuesteering.moc"
