#include "clidatafolder.h"
#include "soakcheck.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <csignal>
#include <memory>
#include <optional>

using atelier::test::CliDataFolder;
using atelier::test::CliProcess;
using atelier::test::SoakCheck;

// atelier-cli as a headless runner: `run` stopped by SIGTERM or SIGINT hands its running jobs back to the
// queue uncharged, `run --follow` works as a worker on jobs other processes queue until it is stopped, and
// `generate` without --wait only queues.
class TestCliRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void runStopsOnASignalWithNothingLost_data();
    void runStopsOnASignalWithNothingLost();
    void followRunsWhatOthersQueueUntilStopped();
    void followWithJsonPrintsAnObjectALine();
    void generateWithoutWaitOnlyQueues();
    void queueAndStatusFollowWhatAnotherProcessDoes();
    void steersTheQueue();
    void refusesBadSteering_data();
    void refusesBadSteering();
    void refusesBadInput_data();
    void refusesBadInput();

private:
    // Sets the limits every process on the data folder reads.
    void setConcurrency(int jobs);
    // Queues `count` small offline jobs of distinct prompts, with one batch.
    QStringList queue(int count);
    // Queues one job with `generate` (no --wait) and gives its id.
    qint64 generate(const QString &prompt);
    QList<QVariant> column(const QString &sql) { return m_folder->column(sql); }
    qint64 number(const QString &sql) { return column(sql).value(0).toLongLong(); }
    // Every job completed once, was charged once, and the ledger and library add up (see SoakCheck).
    void checkAllCompleted(const QStringList &prompts);
    // The process leaves within a few seconds with the exit code of an interrupt, and leaves nothing running.
    // `handedBack`: jobs were running when it was stopped, and it says they went back to the queue.
    void checkStopped(QProcess &process, bool handedBack);

    std::optional<CliDataFolder> m_folder;
};

namespace {

constexpr int kInterrupted = 130;

} // namespace

void TestCliRunner::init()
{
    m_folder.emplace(QStringLiteral(ATELIER_CLI_PATH));
    QVERIFY(m_folder->isValid());
}

void TestCliRunner::cleanup()
{
    m_folder.reset();
}

void TestCliRunner::setConcurrency(int jobs)
{
    QVERIFY(m_folder->setConcurrency(jobs));
}

QStringList TestCliRunner::queue(int count)
{
    QStringList prompts;
    for (int i = 1; i <= count; ++i)
        prompts.append(QStringLiteral("a kite over dunes, number %1").arg(i));
    m_folder->queueBatch(prompts);
    return prompts;
}

qint64 TestCliRunner::generate(const QString &prompt)
{
    const CliProcess::Result queued =
        m_folder->cli().run({QStringLiteral("generate"), QStringLiteral("--json"), QStringLiteral("--size"),
                             QStringLiteral("64x64"), prompt});
    if (queued.exitCode != 0)
        qWarning() << queued.err;
    return queued.json()[QStringLiteral("id")].toInteger();
}

void TestCliRunner::checkAllCompleted(const QStringList &prompts)
{
    SoakCheck check(m_folder->databasePath(), m_folder->libraryPath(), prompts);
    QVERIFY(check.run());
    QVERIFY2(check.violations().isEmpty(), qPrintable(check.violations().join(QLatin1Char('\n'))));
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM generations WHERE status = 'completed'")),
             prompts.size());
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM ledger WHERE kind = 'settle'")), prompts.size());
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM ledger WHERE kind = 'refund'")), 0);
}

void TestCliRunner::checkStopped(QProcess &process, bool handedBack)
{
    QVERIFY(process.waitForFinished(5'000));
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == kInterrupted, err.constData());
    QVERIFY2(err.contains("Interrupted") == handedBack, err.constData());
    QVERIFY2(!err.contains("Sanitizer: "), err.constData());
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM generations WHERE status = 'processing'")), 0);
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM generations WHERE status = 'pending'"
                                   " AND lease_owner IS NOT NULL")),
             0);
}

void TestCliRunner::runStopsOnASignalWithNothingLost_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGINT") << SIGINT;
}

void TestCliRunner::runStopsOnASignalWithNothingLost()
{
    QFETCH(int, signalNumber);
    constexpr int kJobs = 6; // about 0.6 s each, two at a time
    setConcurrency(2);
    const QStringList prompts = queue(kJobs);
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM generations WHERE status = 'pending'")), kJobs);

    QProcess runner;
    m_folder->cli().start(runner, {QStringLiteral("run")});
    QVERIFY(runner.waitForStarted());
    // A job that started a moment ago: it is still running when the signal arrives.
    const QString fresh = QStringLiteral("SELECT COUNT(*) FROM generations WHERE status = 'processing'"
                                         " AND started_at > %1");
    QTRY_VERIFY_WITH_TIMEOUT(number(fresh.arg(QDateTime::currentMSecsSinceEpoch() - 250)) > 0, 20'000);
    QCOMPARE(::kill(pid_t(runner.processId()), signalNumber), 0);
    checkStopped(runner, true);

    // Every job is pending or done; the ones cut short are pending again, their attempt not counted and
    // their reservation held: neither charged nor refunded.
    const QList<QVariant> handedBack =
        column(QStringLiteral("SELECT DISTINCT generation_id FROM events WHERE kind = 'handed_back'"));
    QVERIFY(!handedBack.isEmpty());
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM generations WHERE status NOT IN ('pending',"
                                   " 'completed')")),
             0);
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM generations WHERE status = 'pending'"
                                   " AND (attempts != 0 OR tokens_charged != 0)")),
             0);
    for (const QVariant &id : handedBack) {
        const QString of = QStringLiteral(" WHERE generation_id = %1").arg(id.toLongLong());
        QCOMPARE(column(QStringLiteral("SELECT status FROM generations WHERE id = %1").arg(id.toLongLong())),
                 QList<QVariant>{QStringLiteral("pending")});
        QCOMPARE(column(QStringLiteral("SELECT kind FROM ledger") + of),
                 QList<QVariant>{QStringLiteral("reserve")});
    }

    // A second run completes them all, each charged once; the cut-short attempt did not count.
    const CliProcess::Result rerun = m_folder->cli().run({QStringLiteral("run")});
    QVERIFY2(rerun.exitCode == 0, rerun.err.constData());
    checkAllCompleted(prompts);
    for (const QVariant &id : handedBack) {
        const QString of = QStringLiteral(" WHERE generation_id = %1").arg(id.toLongLong());
        QCOMPARE(
            number(QStringLiteral("SELECT attempts FROM generations WHERE id = %1").arg(id.toLongLong())), 1);
        QCOMPARE(column(QStringLiteral("SELECT kind FROM events") + of + QStringLiteral(" ORDER BY id")),
                 (QList<QVariant>{QStringLiteral("queued"), QStringLiteral("started"),
                                  QStringLiteral("handed_back"), QStringLiteral("started"),
                                  QStringLiteral("completed")}));
    }
}

void TestCliRunner::followRunsWhatOthersQueueUntilStopped()
{
    QProcess follower;
    QByteArray output;
    connect(&follower, &QProcess::readyReadStandardOutput, this,
            [&] { output += follower.readAllStandardOutput(); });
    m_folder->cli().start(follower, {QStringLiteral("run"), QStringLiteral("--follow")});
    QTRY_VERIFY_WITH_TIMEOUT(output.contains("Waiting for work"), 10'000);
    QVERIFY2(!output.contains("The queue is empty"), output.constData());

    // Each job another program queues is run by the follower, which then waits again.
    QStringList prompts;
    for (int round = 1; round <= 2; ++round) {
        prompts.append(QStringLiteral("a lighthouse in fog, number %1").arg(round));
        const qint64 id = generate(prompts.last());
        QVERIFY(id > 0);
        QTRY_VERIFY_WITH_TIMEOUT(output.contains(QStringLiteral("#%1 done").arg(id).toUtf8()), 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(output.count("Waiting for work"), round + 1, 5'000);
        QCOMPARE(follower.state(), QProcess::Running);
    }
    const QString owner = QString::number(follower.processId()) + QLatin1Char('-');
    follower.terminate(); // SIGTERM
    checkStopped(follower, false);
    checkAllCompleted(prompts);
    QCOMPARE(column(QStringLiteral("SELECT DISTINCT json_extract(details, '$.leaseOwner') LIKE '%1%'"
                                   " FROM events WHERE kind = 'started'")
                        .arg(owner)),
             QList<QVariant>{qint64(1)});
}

void TestCliRunner::followWithJsonPrintsAnObjectALine()
{
    QProcess follower;
    QByteArray output;
    QByteArray messages;
    connect(&follower, &QProcess::readyReadStandardOutput, this,
            [&] { output += follower.readAllStandardOutput(); });
    connect(&follower, &QProcess::readyReadStandardError, this,
            [&] { messages += follower.readAllStandardError(); });
    m_folder->cli().start(follower,
                          {QStringLiteral("run"), QStringLiteral("--follow"), QStringLiteral("--json")});
    // Standard output holds only results: the waiting goes to standard error.
    QTRY_VERIFY_WITH_TIMEOUT(messages.contains("Waiting for work"), 10'000);
    const QStringList prompts{QStringLiteral("a paper boat on a canal")};
    const qint64 id = generate(prompts.first());
    QVERIFY(id > 0);
    QTRY_VERIFY_WITH_TIMEOUT(output.endsWith('\n'), 10'000);
    QCOMPARE(output.count('\n'), 1);
    const QJsonObject result = QJsonDocument::fromJson(output).object();
    QCOMPARE(result[QStringLiteral("id")].toInteger(), id);
    QCOMPARE(result[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    disconnect(&follower, nullptr, this, nullptr); // the last words are for checkStopped()
    follower.terminate();
    checkStopped(follower, false);
    checkAllCompleted(prompts);
}

// `queue --follow` and `status ID --follow` run nothing and show what another process does as it happens.
void TestCliRunner::queueAndStatusFollowWhatAnotherProcessDoes()
{
    const qint64 first = generate(QStringLiteral("a fox in the reeds"));
    QVERIFY(first > 0);
    QProcess queueFollower;
    QProcess statusFollower;
    QByteArray queueOut;
    QByteArray statusOut;
    connect(&queueFollower, &QProcess::readyReadStandardOutput, this,
            [&] { queueOut += queueFollower.readAllStandardOutput(); });
    connect(&statusFollower, &QProcess::readyReadStandardOutput, this,
            [&] { statusOut += statusFollower.readAllStandardOutput(); });
    m_folder->cli().start(queueFollower,
                          {QStringLiteral("queue"), QStringLiteral("--follow"), QStringLiteral("--json")});
    m_folder->cli().start(statusFollower,
                          {QStringLiteral("status"), QString::number(first), QStringLiteral("--follow")});
    // First the state as it stands (for --json, one object on one line).
    QTRY_VERIFY_WITH_TIMEOUT(queueOut.endsWith('\n'), 10'000);
    QCOMPARE(QJsonDocument::fromJson(queueOut).object()[QStringLiteral("pending")].toInt(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(statusOut.contains("position 1"), 10'000);

    const qint64 second = generate(QStringLiteral("a heron at dusk"));
    const CliProcess::Result ran = m_folder->cli().run({QStringLiteral("run")});
    QVERIFY2(ran.exitCode == 0, ran.err.constData());

    // status --follow ends by itself once its generation has ended, with how it ended.
    QTRY_COMPARE_WITH_TIMEOUT(statusFollower.state(), QProcess::NotRunning, 10'000);
    QCOMPARE(statusFollower.exitCode(), 0);
    QVERIFY2(statusOut.contains(QStringLiteral("#%1 started (attempt 1)").arg(first).toUtf8()),
             statusOut.constData());
    QVERIFY2(statusOut.contains(QStringLiteral("#%1 done in").arg(first).toUtf8()), statusOut.constData());
    QVERIFY2(!statusOut.contains(QStringLiteral("#%1 ").arg(second).toUtf8()), statusOut.constData());

    // queue --follow told each step of both, one JSON object a line, in order.
    QTRY_COMPARE_WITH_TIMEOUT(queueOut.count("\"event\":\"completed\""), 2, 10'000);
    QHash<qint64, QStringList> events;
    const QList<QByteArray> lines = queueOut.trimmed().split('\n');
    for (const QByteArray &line : lines.mid(1)) {
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        QVERIFY2(!event.isEmpty(), line.constData());
        if (event[QStringLiteral("event")].toString() != QLatin1String("progress"))
            events[event[QStringLiteral("id")].toInteger()].append(event[QStringLiteral("event")].toString());
    }
    QCOMPARE(events.value(first), (QStringList{QStringLiteral("started"), QStringLiteral("completed")}));
    QCOMPARE(events.value(second),
             (QStringList{QStringLiteral("queued"), QStringLiteral("started"), QStringLiteral("completed")}));

    // Ctrl+C ends the following; nothing ran here, so nothing was handed back.
    disconnect(&queueFollower, nullptr, this, nullptr);
    ::kill(pid_t(queueFollower.processId()), SIGINT);
    checkStopped(queueFollower, false);
}

// Pause, resume, move and priority from a terminal: every place asserted after each step, and `run` starting
// the jobs in that order.
void TestCliRunner::steersTheQueue()
{
    setConcurrency(1);
    QList<qint64> ids;
    for (const QString &prompt :
         {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")})
        ids.append(generate(prompt));
    const auto positions = [this] {
        const CliProcess::Result queue =
            m_folder->cli().run({QStringLiteral("queue"), QStringLiteral("--json")});
        QHash<qint64, int> byId;
        for (const QJsonValue &item : queue.json()[QStringLiteral("items")].toArray())
            byId.insert(item[QStringLiteral("id")].toInteger(), item[QStringLiteral("position")].toInt());
        return byId;
    };
    const qint64 a = ids.at(0), b = ids.at(1), c = ids.at(2), d = ids.at(3);
    const auto run = [this](const QStringList &arguments) {
        const CliProcess::Result result = m_folder->cli().run(arguments);
        QVERIFY2(result.exitCode == 0, result.err.constData());
    };
    const QString queue = QStringLiteral("queue");
    run({queue, QStringLiteral("move"), QString::number(d), QStringLiteral("--top")});
    QCOMPARE(positions(), (QHash<qint64, int>{{d, 1}, {a, 2}, {b, 3}, {c, 4}}));
    run({queue, QStringLiteral("move"), QString::number(a), QStringLiteral("--bottom")});
    QCOMPARE(positions(), (QHash<qint64, int>{{d, 1}, {b, 2}, {c, 3}, {a, 4}}));
    run({queue, QStringLiteral("move"), QString::number(c), QStringLiteral("--before"), QString::number(d)});
    QCOMPARE(positions(), (QHash<qint64, int>{{c, 1}, {d, 2}, {b, 3}, {a, 4}}));
    run({queue, QStringLiteral("priority"), QString::number(a), QStringLiteral("high")});
    QCOMPARE(positions(), (QHash<qint64, int>{{a, 1}, {c, 2}, {d, 3}, {b, 4}}));
    run({queue, QStringLiteral("pause"), QString::number(c)});
    QCOMPARE(positions(), (QHash<qint64, int>{{a, 1}, {c, 0}, {d, 2}, {b, 3}}));

    // The whole queue paused: `run` says so and starts nothing, and it lasts.
    run({queue, QStringLiteral("pause")});
    const CliProcess::Result paused = m_folder->cli().run({QStringLiteral("run")});
    QCOMPARE(paused.exitCode, 1);
    QVERIFY2(paused.err.contains("queue is paused"), paused.err.constData());
    QVERIFY(m_folder->cli().run({queue}).out.contains("paused"));
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM events WHERE kind = 'started'")), 0);
    run({queue, QStringLiteral("resume")});

    // `run` starts them in that order, one at a time, and leaves the paused one waiting.
    const CliProcess::Result ran = m_folder->cli().run({QStringLiteral("run")});
    QVERIFY2(ran.exitCode == 0, ran.err.constData());
    QVERIFY2(ran.err.contains("1 paused generations stay"), ran.err.constData());
    QCOMPARE(column(QStringLiteral("SELECT generation_id FROM events WHERE kind = 'started' ORDER BY id")),
             (QList<QVariant>{a, d, b}));
    QCOMPARE(column(QStringLiteral("SELECT status FROM generations WHERE id = %1").arg(c)),
             QList<QVariant>{QStringLiteral("pending")});

    // Cancel all asks first; a script confirms with --yes.
    const CliProcess::Result unconfirmed =
        m_folder->cli().run({queue, QStringLiteral("cancel-all")}, QByteArray());
    QCOMPARE(unconfirmed.exitCode, 2);
    QVERIFY2(unconfirmed.err.contains("--yes"), unconfirmed.err.constData());
    run({queue, QStringLiteral("cancel-all"), QStringLiteral("--yes")});
    QCOMPARE(column(QStringLiteral("SELECT status FROM generations WHERE id = %1").arg(c)),
             QList<QVariant>{QStringLiteral("cancelled")});
}

void TestCliRunner::refusesBadSteering_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("words");
    QTest::newRow("no place") << QStringList{QStringLiteral("queue"), QStringLiteral("move"),
                                             QStringLiteral("1")}
                              << QStringLiteral("--top");
    QTest::newRow("two places") << QStringList{QStringLiteral("queue"), QStringLiteral("move"),
                                               QStringLiteral("1"), QStringLiteral("--top"),
                                               QStringLiteral("--bottom")}
                                << QStringLiteral("one of");
    QTest::newRow("before itself") << QStringList{QStringLiteral("queue"), QStringLiteral("move"),
                                                  QStringLiteral("1"), QStringLiteral("--before"),
                                                  QStringLiteral("1")}
                                   << QStringLiteral("itself");
    QTest::newRow("unknown priority") << QStringList{QStringLiteral("queue"), QStringLiteral("priority"),
                                                     QStringLiteral("1"), QStringLiteral("urgent")}
                                      << QStringLiteral("high, normal or low");
    QTest::newRow("no such job") << QStringList{QStringLiteral("queue"), QStringLiteral("pause"),
                                                QStringLiteral("99")}
                                 << QStringLiteral("no generation 99");
    QTest::newRow("unknown subcommand")
        << QStringList{QStringLiteral("queue"), QStringLiteral("shuffle")} << QStringLiteral("shuffle");
    QTest::newRow("generate priority")
        << QStringList{QStringLiteral("generate"), QStringLiteral("--priority"), QStringLiteral("urgent"),
                       QStringLiteral("a fox")}
        << QStringLiteral("urgent");
}

void TestCliRunner::refusesBadSteering()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, words);
    const qint64 id = generate(QStringLiteral("a fox"));
    QCOMPARE(id, 1);
    const QList<QVariant> before =
        column(QStringLiteral("SELECT priority, queue_rank, held FROM generations"));
    const CliProcess::Result refused = m_folder->cli().run(arguments);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(words.toUtf8()), refused.err.constData());
    QCOMPARE(column(QStringLiteral("SELECT priority, queue_rank, held FROM generations")), before);
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM generations")), 1);
}

void TestCliRunner::generateWithoutWaitOnlyQueues()
{
    const qint64 id = generate(QStringLiteral("a quiet harbour"));
    QVERIFY(id > 0);
    // Reports run nothing either.
    QCOMPARE(m_folder->cli().run({QStringLiteral("status"), QString::number(id)}).exitCode, 0);
    QCOMPARE(m_folder->cli().run({QStringLiteral("queue")}).exitCode, 0);
    const QString of = QStringLiteral(" WHERE generation_id = %1").arg(id);
    QCOMPARE(column(QStringLiteral("SELECT status FROM generations WHERE id = %1").arg(id)),
             QList<QVariant>{QStringLiteral("pending")});
    QCOMPARE(number(QStringLiteral("SELECT attempts FROM generations WHERE id = %1").arg(id)), 0);
    QCOMPARE(column(QStringLiteral("SELECT kind FROM events") + of),
             QList<QVariant>{QStringLiteral("queued")});
    QCOMPARE(column(QStringLiteral("SELECT kind FROM ledger") + of),
             QList<QVariant>{QStringLiteral("reserve")});
}

void TestCliRunner::refusesBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("run with an argument") << QStringList{QStringLiteral("run"), QStringLiteral("now")}
                                          << QByteArray("'run' takes no arguments");
    QTest::newRow("follow with an argument")
        << QStringList{QStringLiteral("run"), QStringLiteral("--follow"), QStringLiteral("extra-arg")}
        << QByteArray("'run' takes no arguments");
    QTest::newRow("follow on generate")
        << QStringList{QStringLiteral("generate"), QStringLiteral("--follow"), QStringLiteral("a fox")}
        << QByteArray("'generate' takes no option --follow");
}

void TestCliRunner::refusesBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const CliProcess::Result result = m_folder->cli().run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith("atelier-cli: ") && result.err.contains(message), result.err.constData());
    QCOMPARE(result.err.count('\n'), 1);
    QCOMPARE(number(QStringLiteral("SELECT COUNT(*) FROM generations")), 0);
    QVERIFY(m_folder->cli().run({QStringLiteral("help")}).out.contains("--follow"));
}

QTEST_GUILESS_MAIN(TestCliRunner)
#include "tst_clirunner.moc"
