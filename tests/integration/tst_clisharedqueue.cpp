#include "cliprocess.h"
#include "soakcheck.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

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
    // Rows of the database, read by the test itself: one value a row.
    QList<QVariant> column(const QString &sql) const;
    // What the crash soak checks: every job ended once, each prompt once, the ledger and the library.
    void checkInvariants(const QStringList &prompts) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QTemporaryDir m_runtimeDir;
    std::optional<CliProcess> m_cli;
    QSqlDatabase m_probe;
};

void TestCliSharedQueue::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(
        QFile::setPermissions(m_runtimeDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    m_cli.emplace(QStringLiteral(ATELIER_CLI_PATH), m_dir->path(), m_runtimeDir.path());
    m_probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
    m_probe.setDatabaseName(m_dir->filePath(QStringLiteral("data/atelier.sqlite")));
}

void TestCliSharedQueue::cleanup()
{
    m_probe.close();
    m_probe = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    m_cli.reset();
    m_dir.reset();
}

QStringList TestCliSharedQueue::queue(int count, int concurrency)
{
    for (const QString &name :
         {QStringLiteral("queue.concurrency"), QStringLiteral("queue.concurrency.offline")}) {
        const CliProcess::Result set =
            m_cli->run({QStringLiteral("config"), QStringLiteral("set"), name, QString::number(concurrency)});
        if (set.exitCode != 0)
            qWarning() << set.err;
    }
    QStringList prompts;
    for (int i = 1; i <= count; ++i)
        prompts.append(QStringLiteral("a lantern on a pier, number %1").arg(i));
    // Small pictures: the test is about the queue, not about painting.
    const CliProcess::Result queued = m_cli->run(
        {QStringLiteral("batch"), QStringLiteral("-"), QStringLiteral("--size"), QStringLiteral("64x64")},
        prompts.join(QLatin1Char('\n')).toUtf8());
    if (queued.exitCode != 0)
        qWarning() << queued.err;
    if (!m_probe.isOpen())
        m_probe.open();
    return prompts;
}

QList<QVariant> TestCliSharedQueue::column(const QString &sql) const
{
    QList<QVariant> values;
    QSqlQuery query(m_probe);
    if (!query.exec(sql))
        return values;
    while (query.next())
        values.append(query.value(0));
    return values;
}

void TestCliSharedQueue::checkInvariants(const QStringList &prompts) const
{
    SoakCheck check(m_dir->filePath(QStringLiteral("data/atelier.sqlite")),
                    m_dir->filePath(QStringLiteral("library")), prompts);
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
    m_cli->start(first, {QStringLiteral("run"), QStringLiteral("--json")});
    m_cli->start(second, {QStringLiteral("run"), QStringLiteral("--json")});
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
    // The survivor looks for stopped processes on each heartbeat, a third of the lease.
    m_cli->setVariable(QStringLiteral("ATELIER_LEASE_SECONDS"), QStringLiteral("2"));
    const QStringList prompts = queue(16, 4);
    QProcess doomed;
    m_cli->start(doomed, {QStringLiteral("run"), QStringLiteral("--json")});
    QVERIFY(doomed.waitForStarted());
    const QString owner = QString::number(doomed.processId()) + QLatin1Char('-');
    const QString running = QStringLiteral("SELECT id FROM generations WHERE status = 'processing'"
                                           " AND lease_owner LIKE '%1%'")
                                .arg(owner);
    QTRY_VERIFY_WITH_TIMEOUT(!column(running).isEmpty(), 20'000);
    QProcess survivor;
    m_cli->start(survivor, {QStringLiteral("run"), QStringLiteral("--json")});
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
    }
}

QTEST_GUILESS_MAIN(TestCliSharedQueue)
#include "tst_clisharedqueue.moc"
