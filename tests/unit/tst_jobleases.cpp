#include "storage/store.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace atelier;
using Claim = JobLeases::Claim;

namespace {

const qint64 kT0 = QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 kLease = 30'000;
const QString kOwnerA = QStringLiteral("101-a");
const QString kOwnerB = QStringLiteral("202-b");

JobLease leaseOf(const QString &owner, qint64 nowMs)
{
    return {owner, nowMs + kLease};
}

// What a renewal still holds; -1 alone when it could not be written.
QList<qint64> held(Store &store, const QHash<qint64, int> &running, const JobLease &lease)
{
    return store.leases().renew(running, lease).value_or(QList<qint64>{-1});
}

} // namespace

// The store as two processes share it: two connections to one file, each claiming jobs with its own lease.
class TestJobLeases : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void claimIsACompareAndSet();
    void limitsHoldAcrossConnections();
    void savingGivesTheSlotBack();
    void aWaitingProcessGetsItsShare();
    void renewKeepsOnlyJobsStillHeld();
    void recoveryTakesOnlyExpiredLeases();
    void recoveryFailsAndRefundsWithoutAttemptsLeft();
    void recoveryLeavesTheCallersOwnJobs();
    void onlyTheOwnerEndsARunningJob();
    void aCancelNeedsNoLease();
    void dataVersionSeesOtherConnections();
    void theChangeFeedNamesWhatChanged();
    void waitingAgainWritesNothing();
    void nothingToDoTakesNoWriteLock();

private:
    qint64 queue(const QString &provider = QStringLiteral("openai"), qint64 reserve = 10);
    QList<Store::Event> eventsOf(qint64 id) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_a; // the window, say
    std::unique_ptr<Store> m_b; // an atelier-cli next to it
    qint64 m_profile = 0;
};

void TestJobLeases::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    const QString path = m_dir->filePath(QStringLiteral("atelier.sqlite"));
    m_a = std::make_unique<Store>();
    m_b = std::make_unique<Store>();
    QVERIFY(!m_a->open(path).isError());
    QVERIFY(!m_b->open(path).isError());
    GenerationError error;
    const std::optional<Profile> profile = m_a->createProfile(QStringLiteral("Ada"), 1000, kT0, &error);
    QVERIFY2(profile, qPrintable(error.message));
    m_profile = profile->id;
}

void TestJobLeases::cleanup()
{
    m_a.reset();
    m_b.reset();
    m_dir.reset();
}

qint64 TestJobLeases::queue(const QString &provider, qint64 reserve)
{
    Generation generation;
    generation.request.profileId = m_profile;
    generation.request.prompt = QStringLiteral("a lighthouse");
    generation.request.model =
        provider == QLatin1String("offline") ? provider : QStringLiteral("gpt-image-1");
    generation.provider = provider;
    GenerationError error;
    const qint64 id = m_a->insertGeneration(generation, reserve, kT0, &error);
    if (id == 0)
        qWarning() << error.message;
    return id;
}

QList<Store::Event> TestJobLeases::eventsOf(qint64 id) const
{
    QList<Store::Event> found;
    const QList<Store::Event> all = m_a->events(m_profile, 1000);
    for (auto it = all.crbegin(); it != all.crend(); ++it) {
        if (it->generationId == id)
            found.append(*it);
    }
    return found; // oldest first
}

void TestJobLeases::claimIsACompareAndSet()
{
    const qint64 id = queue();
    QCOMPARE(m_a->leases().claim(id, 1, 1, leaseOf(kOwnerA, kT0), {4, 2}, kT0), Claim::Claimed);
    QCOMPARE(m_b->leases().claim(id, 1, 1, leaseOf(kOwnerB, kT0), {4, 2}, kT0), Claim::Gone);
    QCOMPARE(m_a->leases().claim(id, 1, 1, leaseOf(kOwnerA, kT0), {4, 2}, kT0), Claim::Gone);
    const Generation started = *m_b->generation(id);
    QCOMPARE(started.status, GenerationStatus::Processing);
    QCOMPARE(started.attempts, 1);
    const QList<Store::Event> events = eventsOf(id);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.last().kind, QStringLiteral("started"));
    const QJsonObject details = QJsonDocument::fromJson(events.last().details.toUtf8()).object();
    QCOMPARE(details.value(QStringLiteral("leaseOwner")).toString(), kOwnerA);
    // A job of another run is not this claim's.
    const qint64 other = queue();
    QCOMPARE(m_b->leases().claim(other, 2, 1, leaseOf(kOwnerB, kT0), {}, kT0), Claim::Gone);
}

void TestJobLeases::limitsHoldAcrossConnections()
{
    const qint64 openai1 = queue();
    const qint64 openai2 = queue();
    const qint64 offline1 = queue(QStringLiteral("offline"));
    const qint64 offline2 = queue(QStringLiteral("offline"));
    const JobLeases::Limits limits{2, 1}; // two in all, one of each provider
    QCOMPARE(m_a->leases().claim(openai1, 1, 1, leaseOf(kOwnerA, kT0), limits, kT0), Claim::Claimed);
    QCOMPARE(m_b->leases().claim(openai2, 1, 1, leaseOf(kOwnerB, kT0), limits, kT0), Claim::ProviderTaken);
    QCOMPARE(m_b->leases().claim(offline1, 1, 1, leaseOf(kOwnerB, kT0), limits, kT0), Claim::Claimed);
    QCOMPARE(m_a->leases().claim(offline2, 1, 1, leaseOf(kOwnerA, kT0), {3, 2}, kT0), Claim::Claimed);
    QCOMPARE(m_a->leases().claim(openai2, 1, 1, leaseOf(kOwnerA, kT0), {3, 2}, kT0), Claim::AllTaken);
    // A refused claim leaves the job as it was.
    QCOMPARE(m_a->generation(openai2)->status, GenerationStatus::Pending);
    QCOMPARE(eventsOf(openai2).size(), 1);
    // A lease that ran out holds no slot: its process is gone.
    const qint64 later = kT0 + kLease + 1;
    QCOMPARE(m_a->leases().claim(openai2, 1, 1, leaseOf(kOwnerA, later), {3, 2}, later), Claim::Claimed);
}

void TestJobLeases::savingGivesTheSlotBack()
{
    const qint64 first = queue();
    const qint64 second = queue();
    QCOMPARE(m_a->leases().claim(first, 1, 1, leaseOf(kOwnerA, kT0), {1, 1}, kT0), Claim::Claimed);
    QCOMPARE(m_b->leases().claim(second, 1, 1, leaseOf(kOwnerB, kT0), {1, 1}, kT0), Claim::AllTaken);
    GenerationError error;
    QVERIFY(!m_b->leases().releaseSlot(first, 1, leaseOf(kOwnerB, kT0), &error)); // not B's
    QVERIFY(!error.isError());
    QVERIFY(m_a->leases().releaseSlot(first, 1, leaseOf(kOwnerA, kT0 + 1000), &error));
    QCOMPARE(m_b->leases().claim(second, 1, 1, leaseOf(kOwnerB, kT0), {1, 1}, kT0), Claim::Claimed);
    // Still A's while it saves: renewed, and not recovered by anyone.
    QCOMPARE(m_b->recoverInterrupted(3, kT0 + kLease + 500).requeued, QList<qint64>{second});
    QCOMPARE(m_a->generation(first)->status, GenerationStatus::Processing);
}

void TestJobLeases::aWaitingProcessGetsItsShare()
{
    QList<qint64> ids;
    for (int i = 0; i < 6; ++i)
        ids.append(queue());
    const JobLeases::Limits limits{4, 4};
    for (int i = 0; i < 4; ++i)
        QCOMPARE(m_a->leases().claim(ids[i], 1, 1, leaseOf(kOwnerA, kT0), limits, kT0), Claim::Claimed);
    // B is refused and says that it waits; A, which frees slots, then takes back no more than half.
    QCOMPARE(m_b->leases().claim(ids[4], 1, 1, leaseOf(kOwnerB, kT0), limits, kT0), Claim::AllTaken);
    for (const qint64 id : {ids[0], ids[1], ids[2]})
        QVERIFY(m_a->markCompleted(id, 1, {}, 5, kT0 + 100, false, kOwnerA));
    QCOMPARE(m_a->leases().claim(ids[5], 1, 1, leaseOf(kOwnerA, kT0), limits, kT0 + 100), Claim::Claimed);
    QCOMPARE(m_a->leases().claim(ids[4], 1, 1, leaseOf(kOwnerA, kT0), limits, kT0 + 100), Claim::Shared);
    QCOMPARE(m_b->leases().claim(ids[4], 1, 1, leaseOf(kOwnerB, kT0), limits, kT0 + 100), Claim::Claimed);
    // Not waiting any more: nothing holds A back.
    const qint64 more = queue();
    QVERIFY(m_a->markCompleted(ids[3], 1, {}, 5, kT0 + 200, false, kOwnerA));
    QCOMPARE(m_a->leases().claim(more, 1, 1, leaseOf(kOwnerA, kT0), limits, kT0 + 200), Claim::Claimed);
    // A waiter that stopped asking is forgotten after a heartbeat and a second.
    const qint64 last = queue();
    QCOMPARE(m_b->leases().claim(last, 1, 1, leaseOf(kOwnerB, kT0), {3, 3}, kT0 + 300), Claim::AllTaken);
    QVERIFY(m_b->markCompleted(ids[4], 1, {}, 5, kT0 + 300, false, kOwnerB));
    QCOMPARE(m_a->leases().claim(last, 1, 1, leaseOf(kOwnerA, kT0), {3, 3}, kT0 + 400), Claim::Shared);
    const qint64 forgotten = kT0 + 300 + kLease / 3 + 1001;
    QCOMPARE(m_a->leases().claim(last, 1, 1, leaseOf(kOwnerA, forgotten), {3, 3}, forgotten), Claim::Claimed);
    // A process that leaves says so at once.
    const qint64 after = queue();
    QCOMPARE(m_b->leases().claim(after, 1, 1, leaseOf(kOwnerB, forgotten), {3, 3}, forgotten),
             Claim::AllTaken);
    QVERIFY(m_a->markCompleted(more, 1, {}, 5, forgotten, false, kOwnerA));
    QCOMPARE(m_a->leases().claim(after, 1, 1, leaseOf(kOwnerA, forgotten), {3, 3}, forgotten), Claim::Shared);
    m_b->leases().stopWaiting(kOwnerB);
    QCOMPARE(m_a->leases().claim(after, 1, 1, leaseOf(kOwnerA, forgotten), {3, 3}, forgotten),
             Claim::Claimed);
}

void TestJobLeases::renewKeepsOnlyJobsStillHeld()
{
    const qint64 kept = queue();
    const qint64 cancelled = queue();
    const qint64 takenOver = queue();
    for (const qint64 id : {kept, cancelled, takenOver})
        QCOMPARE(m_a->leases().claim(id, 1, 1, leaseOf(kOwnerA, kT0), {}, kT0), Claim::Claimed);
    QVERIFY(m_b->markCancelled(cancelled, 1, kT0 + 1000));
    // A stalled past its lease: B put the job back and claimed it again.
    const qint64 late = kT0 + kLease + 1;
    QCOMPARE(held(*m_b, {{kept, 1}}, leaseOf(kOwnerB, late)), QList<qint64>{});
    QCOMPARE(held(*m_a, {{kept, 1}}, leaseOf(kOwnerA, kT0 + 2000)), QList<qint64>{kept});
    QCOMPARE(m_b->recoverInterrupted(3, late).requeued, QList<qint64>{takenOver});
    QCOMPARE(m_b->leases().claim(takenOver, 1, 2, leaseOf(kOwnerB, late), {}, late), Claim::Claimed);

    QCOMPARE(held(*m_a, {{kept, 1}, {cancelled, 1}, {takenOver, 1}}, leaseOf(kOwnerA, late)),
             QList<qint64>{kept});
    // The renewal moved the expiry: nobody recovers the job before the new lease runs out.
    QVERIFY(m_b->recoverInterrupted(3, late + kLease - 1).requeued.isEmpty());
    QCOMPARE(m_b->recoverInterrupted(3, late + kLease + 1).requeued, (QList<qint64>{kept, takenOver}));
}

void TestJobLeases::recoveryTakesOnlyExpiredLeases()
{
    const qint64 live = queue();
    const qint64 dead = queue();
    const qint64 unleased = queue();
    QCOMPARE(m_a->leases().claim(live, 1, 1, {kOwnerA, kT0 + 10'000}, {}, kT0), Claim::Claimed);
    QCOMPARE(m_b->leases().claim(dead, 1, 1, {kOwnerB, kT0 + 1000}, {}, kT0), Claim::Claimed);
    QVERIFY(m_b->markStarted(unleased, 1, 1, kT0)); // as a version before leases left it

    const RecoveryReport first = m_a->recoverInterrupted(3, kT0 + 5000);
    QCOMPARE(first.requeued, (QList<qint64>{dead, unleased}));
    // The attempt whose files recovery removes: none for a job left before leases (its names have none).
    QCOMPARE(first.stopped.value(dead).attempt, 1);
    QCOMPARE(first.stopped.value(unleased).attempt, 0);
    QVERIFY(first.failed.isEmpty());
    QCOMPARE(m_a->generation(live)->status, GenerationStatus::Processing);
    QCOMPARE(m_a->generation(dead)->status, GenerationStatus::Pending);
    QCOMPARE(m_a->generation(dead)->attempts, 1); // counted: the next claim makes it 2
    const Store::Event requeued = eventsOf(dead).last();
    QCOMPARE(requeued.kind, QStringLiteral("requeued"));
    QVERIFY(requeued.details.contains(kOwnerB));
    // Exactly once: a second look finds nothing, and a second process neither.
    QVERIFY(m_b->recoverInterrupted(3, kT0 + 5000).requeued.isEmpty());
    QCOMPARE(m_b->recoverInterrupted(3, kT0 + 10'000).requeued, QList<qint64>{live});
}

void TestJobLeases::recoveryFailsAndRefundsWithoutAttemptsLeft()
{
    const qint64 id = queue(QStringLiteral("openai"), 25);
    QCOMPARE(m_a->ledger().balance(m_profile), 975);
    QCOMPARE(m_a->leases().claim(id, 1, 3, leaseOf(kOwnerA, kT0), {}, kT0), Claim::Claimed);
    const RecoveryReport report = m_b->recoverInterrupted(3, kT0 + kLease);
    QCOMPARE(report.failed, QList<qint64>{id});
    const Generation failed = *m_a->generation(id);
    QCOMPARE(failed.status, GenerationStatus::Failed);
    QCOMPARE(failed.error.category, GenerationError::Category::Internal);
    QCOMPARE(m_a->ledger().balance(m_profile), 1000);
    // The owner wakes up: its result no longer counts, and nothing is charged.
    QVERIFY(!m_a->markCompleted(id, 1, {}, 25, kT0 + kLease + 1, false, kOwnerA));
    QCOMPARE(m_a->ledger().balance(m_profile), 1000);
}

void TestJobLeases::recoveryLeavesTheCallersOwnJobs()
{
    // A's renewals failed for a while (the database was locked): its lease looks expired, but A still runs
    // (or saves) the job and must not put it back in its own queue.
    const qint64 own = queue();
    const qint64 other = queue();
    QCOMPARE(m_a->leases().claim(own, 1, 1, leaseOf(kOwnerA, kT0), {}, kT0), Claim::Claimed);
    QCOMPARE(m_b->leases().claim(other, 1, 1, leaseOf(kOwnerB, kT0), {}, kT0), Claim::Claimed);
    const qint64 late = kT0 + kLease + 1;
    QCOMPARE(m_a->recoverInterrupted(3, late, {own}).requeued, QList<qint64>{other});
    QCOMPARE(m_a->generation(own)->status, GenerationStatus::Processing);
    // Another process may still take it over: A then finds it lost on its next renewal.
    QCOMPARE(m_b->recoverInterrupted(3, late).requeued, QList<qint64>{own});
}

void TestJobLeases::onlyTheOwnerEndsARunningJob()
{
    const qint64 id = queue(QStringLiteral("openai"), 30);
    QCOMPARE(m_a->leases().claim(id, 1, 1, leaseOf(kOwnerA, kT0), {}, kT0), Claim::Claimed);
    const GenerationError error =
        GenerationError::make(GenerationError::Category::Server, QStringLiteral("500"));
    const qint64 at = kT0 + 1000;
    QVERIFY(!m_b->markCompleted(id, 1, {QStringLiteral("/b.png")}, 20, at, false, kOwnerB));
    QVERIFY(!m_b->markFailed(id, 1, error, at, kOwnerB));
    QVERIFY(!m_b->scheduleRetry(id, 1, error, at + 1000, at, kOwnerB));
    QVERIFY(!m_b->handBack(id, 1, at, kOwnerB));
    QCOMPARE(m_a->generation(id)->status, GenerationStatus::Processing);
    QCOMPARE(eventsOf(id).size(), 2);

    // Taken over after the lease ran out: now only the new owner may end it, and it settles once.
    const qint64 late = kT0 + kLease + 1;
    QCOMPARE(m_b->recoverInterrupted(3, late).requeued, QList<qint64>{id});
    // Back in the queue, it is no longer the old owner's either: it stays pending for whoever claims it.
    QVERIFY(!m_a->markFailed(id, 1, error, late, kOwnerA));
    QVERIFY(!m_a->scheduleRetry(id, 1, error, late + 1000, late, kOwnerA));
    QVERIFY(!m_a->handBack(id, 1, late, kOwnerA));
    QCOMPARE(m_a->generation(id)->status, GenerationStatus::Pending);
    QCOMPARE(m_b->leases().claim(id, 1, 2, leaseOf(kOwnerB, late), {}, late), Claim::Claimed);
    QVERIFY(!m_a->markCompleted(id, 1, {QStringLiteral("/a.png")}, 20, late + 1, false, kOwnerA));
    QVERIFY(!m_a->markFailed(id, 1, error, late + 1, kOwnerA));
    QVERIFY(m_b->markCompleted(id, 1, {QStringLiteral("/b.png")}, 20, late + 2, false, kOwnerB));
    QVERIFY(!m_b->markCompleted(id, 1, {QStringLiteral("/b.png")}, 20, late + 3, false, kOwnerB));
    const Generation done = *m_a->generation(id);
    QCOMPARE(done.resultPaths, QStringList{QStringLiteral("/b.png")});
    QCOMPARE(done.attempts, 2);
    QCOMPARE(m_a->ledger().balance(m_profile), 980);
    int settled = 0;
    for (const LedgerEntry &entry : m_a->ledger().entries(m_profile))
        settled += entry.generationId == id && entry.kind == LedgerEntry::Kind::Settle ? 1 : 0;
    QCOMPARE(settled, 1);
}

void TestJobLeases::aCancelNeedsNoLease()
{
    const qint64 id = queue(QStringLiteral("openai"), 30);
    QCOMPARE(m_a->leases().claim(id, 1, 1, leaseOf(kOwnerA, kT0), {}, kT0), Claim::Claimed);
    QVERIFY(m_b->markCancelled(id, 1, kT0 + 1000));
    QCOMPARE(m_a->ledger().balance(m_profile), 1000);
    QVERIFY(!m_a->markCompleted(id, 1, {}, 30, kT0 + 2000, false, kOwnerA));
    QCOMPARE(held(*m_a, {{id, 1}}, leaseOf(kOwnerA, kT0 + 2000)), QList<qint64>{});
    QCOMPARE(m_a->ledger().balance(m_profile), 1000);
}

void TestJobLeases::dataVersionSeesOtherConnections()
{
    const qint64 before = m_b->dataVersion();
    queue(); // written through A
    const qint64 after = m_b->dataVersion();
    QVERIFY(after != before);
    const qint64 own = m_a->dataVersion();
    queue();
    QCOMPARE(m_a->dataVersion(), own); // its own writes do not count
    QCOMPARE(m_b->pendingIds().size(), 2);
}

// What another process reads after data_version moved: the generations that changed, not whole tables.
void TestJobLeases::theChangeFeedNamesWhatChanged()
{
    const qint64 start = m_b->changes().last();
    const qint64 first = queue();
    const qint64 second = queue();
    std::optional<ChangeFeed::Changes> changes = m_b->changes().since(start);
    QVERIFY(changes && changes->complete);
    QCOMPARE(changes->changed.size(), 2);
    QCOMPARE(changes->changed.at(0).id, first);
    QCOMPARE(changes->changed.at(1).status, GenerationStatus::Pending);

    // A claim is seen; renewing the lease (every few seconds in every process) is not.
    qint64 point = changes->last;
    QCOMPARE(m_a->leases().claim(first, 1, 1, leaseOf(kOwnerA, kT0), {}, kT0), Claim::Claimed);
    changes = m_b->changes().since(point);
    QCOMPARE(changes->changed.size(), 1);
    QCOMPARE(changes->changed.first().status, GenerationStatus::Processing);
    point = changes->last;
    QCOMPARE(held(*m_a, {{first, 1}}, leaseOf(kOwnerA, kT0 + 1000)), QList<qint64>{first});
    changes = m_b->changes().since(point);
    QVERIFY(changes->changed.isEmpty());
    QCOMPARE(changes->last, point);

    // A deletion names the profile, for whoever shows the generation.
    QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("feedprobe"));
    probe.setDatabaseName(m_dir->filePath(QStringLiteral("atelier.sqlite")));
    QVERIFY(probe.open());
    QSqlQuery(probe).exec(QStringLiteral("UPDATE generations SET deleted_at = 1 WHERE id = %1").arg(second));
    changes = m_b->changes().since(point);
    QVERIFY(changes->changed.isEmpty());
    QCOMPARE(changes->gone.value(second), m_profile);

    // A reader further behind than the feed keeps is told to read everything again.
    m_a->changes().prune(1);
    changes = m_b->changes().since(start);
    QVERIFY(changes && !changes->complete);
    QCOMPARE(changes->last, m_a->changes().last());
    probe.close();
    probe = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("feedprobe"));
}

void TestJobLeases::waitingAgainWritesNothing()
{
    const qint64 running = queue();
    const qint64 waiting = queue();
    QCOMPARE(m_a->leases().claim(running, 1, 1, leaseOf(kOwnerA, kT0), {1, 1}, kT0), Claim::Claimed);
    QCOMPARE(m_b->leases().claim(waiting, 1, 1, leaseOf(kOwnerB, kT0), {1, 1}, kT0), Claim::AllTaken);
    // B asks again and again while it waits: A, which watches data_version, is not woken by that.
    const qint64 seen = m_a->dataVersion();
    for (qint64 at = kT0 + 250; at < kT0 + 2000; at += 250)
        QCOMPARE(m_b->leases().claim(waiting, 1, 1, leaseOf(kOwnerB, at), {1, 1}, at), Claim::AllTaken);
    QCOMPARE(m_a->dataVersion(), seen);
    // Near the end of its row's time, B's next ask renews it.
    const qint64 late = kT0 + kLease / 3;
    QCOMPARE(m_b->leases().claim(waiting, 1, 1, leaseOf(kOwnerB, late), {1, 1}, late), Claim::AllTaken);
    QVERIFY(m_a->dataVersion() != seen);
}

void TestJobLeases::nothingToDoTakesNoWriteLock()
{
    const qint64 live = queue();
    const qint64 cancelled = queue();
    QCOMPARE(m_a->leases().claim(live, 1, 1, leaseOf(kOwnerA, kT0), {}, kT0), Claim::Claimed);
    QVERIFY(m_a->markCancelled(cancelled, 1, kT0));
    // A third process is in the middle of a write.
    {
        QSqlDatabase writer = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("writer"));
        writer.setDatabaseName(m_dir->filePath(QStringLiteral("atelier.sqlite")));
        QVERIFY(writer.open());
        QSqlQuery lock(writer);
        QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
        // Neither a stale queue entry nor a heartbeat with nothing expired waits for its lock (5 s).
        QElapsedTimer elapsed;
        elapsed.start();
        QCOMPARE(m_b->leases().claim(cancelled, 1, 1, leaseOf(kOwnerB, kT0), {}, kT0), Claim::Gone);
        const RecoveryReport none = m_b->recoverInterrupted(3, kT0 + 1000);
        QVERIFY(none.requeued.isEmpty() && none.failed.isEmpty());
        QVERIFY2(elapsed.elapsed() < 4000, qPrintable(QString::number(elapsed.elapsed())));
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        writer.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("writer"));
}

QTEST_GUILESS_MAIN(TestJobLeases)
#include "tst_jobleases.moc"
