#include "clidatafolder.h"
#include "soakcheck.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <optional>

using atelier::test::CliDataFolder;
using atelier::test::CliProcess;
using atelier::test::SoakCheck;

// Two `atelier-cli run` processes on one data folder, as two terminals (or the window and a terminal) would
// share it: every queued job runs exactly once and the ledger balances, also when one of them is killed
// with SIGKILL in the middle of its jobs.
class TestCliSharedQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void twoProcessesRunEachJobOnce();
    void jobsOfAKilledProcessFinishInTheOther();

private:
    // Sets the limits both processes read, and queues `count` offline jobs of distinct prompts.
    QStringList queue(int count, int concurrency);
    QList<QVariant> column(const QString &sql) { return m_folder->column(sql); }
    // What the crash soak checks: every job ended once, each prompt once, the ledger and the library.
    void checkInvariants(const QStringList &prompts);

    std::optional<CliDataFolder> m_folder;
};

void TestCliSharedQueue::init()
{
    m_folder.emplace(QStringLiteral(ATELIER_CLI_PATH));
    QVERIFY(m_folder->isValid());
}

void TestCliSharedQueue::cleanup()
{
    m_folder.reset();
}

QStringList TestCliSharedQueue::queue(int count, int concurrency)
{
    m_folder->setConcurrency(concurrency);
    QStringList prompts;
    for (int i = 1; i <= count; ++i)
        prompts.append(QStringLiteral("a lantern on a pier, number %1").arg(i));
    m_folder->queueBatch(prompts);
    return prompts;
}

void TestCliSharedQueue::checkInvariants(const QStringList &prompts)
{
    SoakCheck check(m_folder->databasePath(), m_folder->libraryPath(), prompts);
    QVERIFY(check.run());
    QVERIFY2(check.violations().isEmpty(), qPrintable(check.violations().join(QLatin1Char('\n'))));
    // Nothing was refunded: every job completed, and was charged once.
    QCOMPARE(column(QStringLiteral("SELECT COUNT(*) FROM generations WHERE status = 'completed'")).value(0),
             QVariant(qint64(prompts.size())));
    QCOMPARE(column(QStringLiteral("SELECT COUNT(*) FROM ledger WHERE kind = 'settle'")).value(0),
             QVariant(qint64(prompts.size())));
    QCOMPARE(column(QStringLiteral("SELECT COUNT(*) FROM events WHERE kind = 'completed'")).value(0),
             QVariant(qint64(prompts.size())));
}

void TestCliSharedQueue::twoProcessesRunEachJobOnce()
{
    // The default lease (30 s): a process slowed down (a loaded machine, a sanitizer) keeps its jobs, so any
    // second attempt here would be a double claim.
    constexpr int kJobs = 200;
    const QStringList prompts = queue(kJobs, 32);
    QCOMPARE(column(QStringLiteral("SELECT COUNT(*) FROM generations WHERE status = 'pending'")).value(0),
             QVariant(qint64(kJobs)));
    QProcess first;
    QProcess second;
    m_folder->cli().start(first, {QStringLiteral("run"), QStringLiteral("--json")});
    m_folder->cli().start(second, {QStringLiteral("run"), QStringLiteral("--json")});
    // Both together, within the test function's watchdog (300 s), also under a sanitizer on a loaded machine.
    const QDeadlineTimer deadline(180'000);
    QVERIFY(first.waitForFinished(int(deadline.remainingTime())));
    QVERIFY(second.waitForFinished(int(deadline.remainingTime())));
    QVERIFY2(first.exitCode() == 0, first.readAllStandardError().constData());
    QVERIFY2(second.exitCode() == 0, second.readAllStandardError().constData());

    checkInvariants(prompts);
    // Each job was claimed once (one attempt, one start), by one of the two.
    QCOMPARE(column(QStringLiteral("SELECT COUNT(*) FROM events WHERE kind = 'started'")).value(0),
             QVariant(qint64(kJobs)));
    QCOMPARE(column(QStringLiteral("SELECT MAX(attempts) FROM generations")).value(0), QVariant(qint64(1)));
    // Every start names its process. How the jobs split depends on which process starts first (the first
    // may finish them all before the second looks), so only that no third owner appears is asserted.
    const QList<QVariant> owners =
        column(QStringLiteral("SELECT DISTINCT json_extract(details, '$.leaseOwner') FROM events"
                              " WHERE kind = 'started'"));
    qInfo() << "jobs per process:"
            << column(QStringLiteral("SELECT COUNT(*) FROM events WHERE kind = 'started'"
                                     " GROUP BY json_extract(details, '$.leaseOwner')"));
    QVERIFY(!owners.isEmpty() && owners.size() <= 2);
    QVERIFY(!owners.contains(QVariant()));
}

void TestCliSharedQueue::jobsOfAKilledProcessFinishInTheOther()
{
    // The default 30 s lease: only seeing that the process stopped (on a heartbeat, every 10 s) can explain a
    // takeover before it runs out.
    const QStringList prompts = queue(16, 4);
    QProcess doomed;
    m_folder->cli().start(doomed, {QStringLiteral("run"), QStringLiteral("--json")});
    QVERIFY(doomed.waitForStarted());
    const QString owner = QString::number(doomed.processId()) + QLatin1Char('-');
    const QString running = QStringLiteral("SELECT id FROM generations WHERE status = 'processing'"
                                           " AND lease_owner LIKE '%1%'")
                                .arg(owner);
    QTRY_VERIFY_WITH_TIMEOUT(!column(running).isEmpty(), 20'000);
    QProcess survivor;
    m_folder->cli().start(survivor, {QStringLiteral("run"), QStringLiteral("--json")});
    QVERIFY(survivor.waitForStarted());
    doomed.kill(); // SIGKILL: no hand-back, no last write
    QVERIFY(doomed.waitForFinished());
    const QList<QVariant> orphans = column(running);
    QVERIFY(!orphans.isEmpty());

    QVERIFY(survivor.waitForFinished(120'000));
    QVERIFY2(survivor.exitCode() == 0, survivor.readAllStandardError().constData());
    checkInvariants(prompts);
    for (const QVariant &id : orphans) {
        // Run again by the survivor, which saw that the process on this machine had stopped without waiting
        // for the lease to run out: a second attempt, charged once.
        const QString of = QStringLiteral(" WHERE generation_id = %1").arg(id.toLongLong());
        QCOMPARE(
            column(QStringLiteral("SELECT attempts FROM generations WHERE id = %1").arg(id.toLongLong())),
            QList<QVariant>{qint64(2)});
        QCOMPARE(
            column(QStringLiteral("SELECT kind FROM events") + of + QStringLiteral(" ORDER BY id")),
            (QList<QVariant>{QStringLiteral("queued"), QStringLiteral("started"), QStringLiteral("requeued"),
                             QStringLiteral("started"), QStringLiteral("completed")}));
        QCOMPARE(column(QStringLiteral("SELECT json_extract(details, '$.ownerGone') FROM events") + of +
                        QStringLiteral(" AND kind = 'requeued'")),
                 QList<QVariant>{qint64(1)});
        const QList<QVariant> times =
            column(QStringLiteral("SELECT at FROM events") + of + QStringLiteral(" ORDER BY id"));
        QVERIFY2(times.value(2).toLongLong() - times.value(1).toLongLong() < 30'000,
                 "taken over only when the lease ran out");
    }
}

QTEST_GUILESS_MAIN(TestCliSharedQueue)
#include "tst_clisharedqueue.moc"
