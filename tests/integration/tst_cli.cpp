#include "cliprocess.h"
#include "fakeopenaiserver.h"
#include "filesholding.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

// atelier-cli end to end, as a person or a script would use it, in a temporary data folder.
class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void firstRunHasADefaultProfile();
    void generatesAndWaits();
    void queuesCancelsAndRetries();
    void runsABatchFromStandardInput();
    void refusesABatchWithOneBadLine();
    void searchesHistory();
    void reportsStats();
    void reportsAnalyticsByModelAndDay();
    void managesProfiles();
    void generatesWithAnOpenAiCompatibleServer();
    void configPointsAtAnotherServer();
    void keyWithoutAKeychain();
    void asksForPartialImagesOnlyWhenTold();
    void setsTheQueueLimits();
    void refusesBadInput_data();
    void refusesBadInput();

private:
    using Result = atelier::test::CliProcess::Result;
    Result cli(const QStringList &arguments, const QByteArray &input = {}) const
    {
        return m_cli->run(arguments, input);
    }
    // Starts atelier-fake-openai accepting `key`; returns its base URL, empty when it did not start.
    QString startFakeServer(QProcess &server, const QString &key);
    // Whether any file under the test's folder holds these bytes.
    bool anyFileHolds(const QByteArray &bytes) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QTemporaryDir m_runtimeDir;
    std::optional<atelier::test::CliProcess> m_cli;
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(
        QFile::setPermissions(m_runtimeDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    m_cli.emplace(QStringLiteral(ATELIER_CLI_PATH), m_dir->path(), m_runtimeDir.path());
}

void TestCli::firstRunHasADefaultProfile()
{
    const Result result = cli({QStringLiteral("profiles"), QStringLiteral("--json")});
    QCOMPARE(result.exitCode, 0);
    const QJsonArray profiles = result.json().array();
    QCOMPARE(profiles.size(), 1);
    QCOMPARE(profiles.first()[QStringLiteral("name")].toString(), QStringLiteral("default"));
    QCOMPARE(profiles.first()[QStringLiteral("balance")].toInteger(), 1000);
}

void TestCli::generatesAndWaits()
{
    const Result result =
        cli({QStringLiteral("generate"), QStringLiteral("a red fox in snow"), QStringLiteral("--aspect"),
             QStringLiteral("16:9"), QStringLiteral("--wait"), QStringLiteral("--json")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject generation = result.json().object();
    QCOMPARE(generation[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    QCOMPARE(generation[QStringLiteral("model")].toString(), QStringLiteral("offline"));
    QCOMPARE(generation[QStringLiteral("size")].toString(), QStringLiteral("1536x864"));
    const QString path = generation[QStringLiteral("images")].toArray().first().toString();
    QVERIFY(path.startsWith(m_dir->filePath(QStringLiteral("library"))));
    const QImage image(path);
    QCOMPARE(image.size(), QSize(1536, 864));
    QCOMPARE(generation[QStringLiteral("tokensCharged")].toInteger(), 1);

    const Result status =
        cli({QStringLiteral("status"), QString::number(generation[QStringLiteral("id")].toInteger())});
    QCOMPARE(status.exitCode, 0);
    QVERIFY(status.out.contains("completed"));
    QVERIFY(status.out.contains("a red fox in snow"));
}

void TestCli::queuesCancelsAndRetries()
{
    const Result queued =
        cli({QStringLiteral("generate"), QStringLiteral("a quiet harbour"), QStringLiteral("--json")});
    QCOMPARE(queued.exitCode, 0);
    const QString id = QString::number(queued.json()[QStringLiteral("id")].toInteger());
    QCOMPARE(queued.json()[QStringLiteral("status")].toString(), QStringLiteral("pending"));
    QCOMPARE(queued.json()[QStringLiteral("position")].toInt(), 1);

    const Result queue = cli({QStringLiteral("queue"), QStringLiteral("--json")});
    QCOMPARE(queue.json()[QStringLiteral("pending")].toInt(), 1);
    QCOMPARE(queue.json()[QStringLiteral("items")].toArray().size(), 1);

    const Result cancelled = cli({QStringLiteral("cancel"), id});
    QVERIFY2(cancelled.exitCode == 0, cancelled.err.constData());
    QVERIFY(cancelled.out.contains("refunded"));
    const Result again = cli({QStringLiteral("cancel"), id});
    QCOMPARE(again.exitCode, 2);
    QVERIFY(again.err.contains("already cancelled"));

    const Result retried =
        cli({QStringLiteral("retry"), id, QStringLiteral("--wait"), QStringLiteral("--json")});
    QVERIFY2(retried.exitCode == 0, retried.err.constData());
    QCOMPARE(retried.json()[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    QCOMPARE(retried.json()[QStringLiteral("run")].toInt(), 2);

    const Result ledger =
        cli({QStringLiteral("profiles"), QStringLiteral("ledger"), QStringLiteral("--json")});
    qint64 sum = 0;
    for (const QJsonValue &entry : ledger.json().array())
        sum += entry[QStringLiteral("amount")].toInteger();
    QCOMPARE(sum, 1000 - 1);
}

void TestCli::runsABatchFromStandardInput()
{
    const Result queued = cli(
        {QStringLiteral("batch"), QStringLiteral("-"), QStringLiteral("--quality"), QStringLiteral("low")},
        "a cat\n\n# a comment\na dog\na bird\n");
    QVERIFY2(queued.exitCode == 0, queued.err.constData());
    QVERIFY(queued.out.contains("Queued 3 generations"));
    const Result run = cli({QStringLiteral("run")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("3 of 3 generations completed"));
    const Result history = cli({QStringLiteral("history"), QStringLiteral("--status"),
                                QStringLiteral("completed"), QStringLiteral("--json")});
    QCOMPARE(history.json()[QStringLiteral("total")].toInt(), 3);
}

void TestCli::refusesABatchWithOneBadLine()
{
    const Result result =
        cli({QStringLiteral("batch"), QStringLiteral("-")}, "a cat\n" + QByteArray(32'001, 'x') + "\n");
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith("atelier-cli: line 2:"), result.err.constData());
    QCOMPARE(result.err.count('\n'), 1);
    const Result history = cli({QStringLiteral("history"), QStringLiteral("--json")});
    QCOMPARE(history.json()[QStringLiteral("total")].toInt(), 0);
}

void TestCli::searchesHistory()
{
    QCOMPARE(
        cli({QStringLiteral("batch"), QStringLiteral("-")}, "a red fox\na blue whale\nfoxglove in bloom\n")
            .exitCode,
        0);
    const Result found = cli({QStringLiteral("history"), QStringLiteral("--search"), QStringLiteral("fox"),
                              QStringLiteral("--json")});
    QCOMPARE(found.exitCode, 0);
    QCOMPARE(found.json()[QStringLiteral("total")].toInt(), 2);
    const Result paged = cli({QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("1"),
                              QStringLiteral("--offset"), QStringLiteral("1")});
    QVERIFY(paged.out.contains("Showing 2-2 of 3."));
    // --from and --to name whole local days, both included.
    const QDate created =
        QDateTime::fromString(
            found.json()[QStringLiteral("items")][0][QStringLiteral("createdAt")].toString(),
            Qt::ISODateWithMs)
            .toLocalTime()
            .date();
    const QString today = created.toString(Qt::ISODate);
    const QString yesterday = created.addDays(-1).toString(Qt::ISODate);
    const auto countBetween = [this](const QString &from, const QString &to) {
        return cli({QStringLiteral("history"), QStringLiteral("--from"), from, QStringLiteral("--to"), to,
                    QStringLiteral("--json")})
            .json()[QStringLiteral("total")]
            .toInt();
    };
    QCOMPARE(countBetween(today, today), 3);
    QCOMPARE(countBetween(yesterday, yesterday), 0);
}

void TestCli::reportsStats()
{
    QCOMPARE(cli({QStringLiteral("generate"), QStringLiteral("one"), QStringLiteral("--wait")}).exitCode, 0);
    const Result stats = cli({QStringLiteral("stats"), QStringLiteral("--json")});
    QCOMPARE(stats.exitCode, 0);
    const QJsonObject json = stats.json().object();
    QCOMPARE(json[QStringLiteral("total")].toInt(), 1);
    QCOMPARE(json[QStringLiteral("completed")].toInt(), 1);
    QCOMPARE(json[QStringLiteral("successRate")].toDouble(), 1.0);
    QCOMPARE(json[QStringLiteral("popularModels")].toArray().first()[QStringLiteral("model")].toString(),
             QStringLiteral("offline"));
    QVERIFY(json.contains(QStringLiteral("queue")));
}

void TestCli::reportsAnalyticsByModelAndDay()
{
    QCOMPARE(cli({QStringLiteral("generate"), QStringLiteral("one"), QStringLiteral("--wait")}).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("generate"), QStringLiteral("two"), QStringLiteral("--wait")}).exitCode, 0);
    const QString today = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);

    const Result byModel = cli({QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("model"),
                                QStringLiteral("--since"), today, QStringLiteral("--json")});
    QCOMPARE(byModel.exitCode, 0);
    const QJsonObject json = byModel.json().object();
    QCOMPARE(json[QStringLiteral("since")].toString(), today);
    QCOMPARE(json[QStringLiteral("until")].toString(), today);
    const QJsonArray models = json[QStringLiteral("models")].toArray();
    QCOMPARE(models.size(), 1);
    const QJsonObject offline = models.first().toObject();
    QCOMPARE(offline[QStringLiteral("model")].toString(), QStringLiteral("offline"));
    QCOMPARE(offline[QStringLiteral("jobs")].toInt(), 2);
    QCOMPARE(offline[QStringLiteral("successRate")].toDouble(), 1.0);
    QVERIFY(offline[QStringLiteral("p95Ms")].toInteger() >= offline[QStringLiteral("medianMs")].toInteger());
    QCOMPARE(json[QStringLiteral("tokensSpent")].toInteger(), offline[QStringLiteral("tokens")].toInteger());
    QCOMPARE(json[QStringLiteral("balance")].toInteger(),
             1000 - json[QStringLiteral("tokensSpent")].toInteger());

    // The last 30 days by default, each listed; as CSV with a header line.
    const Result byDay = cli({QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("day"),
                              QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(byDay.exitCode, 0);
    const QList<QByteArray> lines = byDay.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 31);
    QCOMPARE(lines.first().trimmed(), QByteArray("day,completed,tokens"));
    QVERIFY2(lines.last().startsWith(today.toLatin1() + ",2,"), lines.last().constData());

    // A period with nothing in it still answers, with nothing.
    const Result empty = cli({QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("model"),
                              QStringLiteral("--since"), QStringLiteral("2020-01-01"),
                              QStringLiteral("--until"), QStringLiteral("2020-01-02")});
    QCOMPARE(empty.exitCode, 0);
    QVERIFY2(empty.out.contains("No job ended in this period."), empty.out.constData());
}

void TestCli::managesProfiles()
{
    QCOMPARE(cli({QStringLiteral("profiles"), QStringLiteral("create"), QStringLiteral("Bob")}).exitCode, 0);
    const Result duplicate =
        cli({QStringLiteral("profiles"), QStringLiteral("create"), QStringLiteral("bob")});
    QCOMPARE(duplicate.exitCode, 2);
    QVERIFY(duplicate.err.contains("already exists"));
    QCOMPARE(cli({QStringLiteral("profiles"), QStringLiteral("topup"), QStringLiteral("Bob"),
                  QStringLiteral("50")})
                 .exitCode,
             0);
    const Result generated =
        cli({QStringLiteral("--profile"), QStringLiteral("Bob"), QStringLiteral("generate"),
             QStringLiteral("a lantern"), QStringLiteral("--json")});
    QCOMPARE(generated.exitCode, 0);
    const Result profiles = cli({QStringLiteral("profiles"), QStringLiteral("--json")});
    for (const QJsonValue &profile : profiles.json().array()) {
        if (profile[QStringLiteral("name")].toString() == QLatin1String("Bob"))
            QCOMPARE(profile[QStringLiteral("balance")].toInteger(), 1000 + 50 - 1);
    }
    // Another profile may not cancel Bob's generation.
    const QString id = QString::number(generated.json()[QStringLiteral("id")].toInteger());
    QCOMPARE(cli({QStringLiteral("profiles"), QStringLiteral("create"), QStringLiteral("Carol")}).exitCode,
             0);
    const Result foreign =
        cli({QStringLiteral("cancel"), id, QStringLiteral("--profile"), QStringLiteral("Carol")});
    QCOMPARE(foreign.exitCode, 2);
    QVERIFY(foreign.err.contains("another profile"));
}

QString TestCli::startFakeServer(QProcess &server, const QString &key)
{
    return atelier::test::startFakeServer(server, QStringLiteral(ATELIER_FAKE_OPENAI_PATH),
                                          {QStringLiteral("--key"), key});
}

bool TestCli::anyFileHolds(const QByteArray &bytes) const
{
    return !atelier::test::filesHolding(m_dir->path(), bytes).isEmpty();
}

void TestCli::generatesWithAnOpenAiCompatibleServer()
{
    // The fake server runs as its own program: this test blocks while atelier-cli runs.
    QProcess server;
    const QString baseUrl = startFakeServer(server, QStringLiteral("sk-test-cli-key"));
    QVERIFY(!baseUrl.isEmpty());
    m_cli->setVariable(QStringLiteral("OPENAI_BASE_URL"), baseUrl);
    m_cli->setVariable(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test-cli-key"));

    const Result result = cli({QStringLiteral("generate"), QStringLiteral("a paper boat"),
                               QStringLiteral("--model"), QStringLiteral("gpt-image-1"),
                               QStringLiteral("--quality"), QStringLiteral("low"), QStringLiteral("--aspect"),
                               QStringLiteral("3:2"), QStringLiteral("--wait"), QStringLiteral("--json")});
    server.kill();
    server.waitForFinished();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject generation = result.json().object();
    QCOMPARE(generation[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    QCOMPARE(QImage(generation[QStringLiteral("images")].toArray().first().toString()).size(),
             QSize(1536, 1024));
    QVERIFY(generation[QStringLiteral("tokensCharged")].toInteger() > 0);
    // The key went to the server and nowhere else.
    QVERIFY(!result.out.contains("sk-test-cli-key"));
    QVERIFY(!result.err.contains("sk-test-cli-key"));
    QVERIFY(!anyFileHolds("sk-test-cli-key"));
}

void TestCli::configPointsAtAnotherServer()
{
    QProcess server;
    const QString baseUrl = startFakeServer(server, QStringLiteral("local-test-key"));
    QVERIFY(!baseUrl.isEmpty());
    const Result set =
        cli({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("openai.base-url"), baseUrl});
    QVERIFY2(set.exitCode == 0, set.err.constData());
    QVERIFY(set.out.contains(baseUrl.toUtf8()));
    QVERIFY(set.out.contains("settings"));

    // A remote server over plain http is refused, and what was saved stays.
    const Result refused =
        cli({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("openai.base-url"),
             QStringLiteral("http://images.example.com/v1")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("plain http is refused"), refused.err.constData());
    const Result shown = cli({QStringLiteral("config"), QStringLiteral("--json")});
    QCOMPARE(shown.json().array().first()[QStringLiteral("value")].toString(), baseUrl);

    m_cli->setVariable(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("local-test-key"));
    const Result result =
        cli({QStringLiteral("generate"), QStringLiteral("a kite"), QStringLiteral("--model"),
             QStringLiteral("dall-e-2"), QStringLiteral("--size"), QStringLiteral("256x256"),
             QStringLiteral("--wait"), QStringLiteral("--json")});
    server.kill();
    server.waitForFinished();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.json()[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    QVERIFY(!anyFileHolds("local-test-key"));

    const Result unset =
        cli({QStringLiteral("config"), QStringLiteral("unset"), QStringLiteral("openai.base-url")});
    QCOMPARE(unset.exitCode, 0);
    QVERIFY(unset.out.contains("https://api.openai.com/v1"));

    // The environment is not checked when it is set: showing the settings says that jobs would refuse it.
    m_cli->setVariable(QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("http://10.0.0.1/v1"));
    const Result fromEnvironment = cli({QStringLiteral("config")});
    QCOMPARE(fromEnvironment.exitCode, 0);
    QVERIFY(fromEnvironment.out.contains("OPENAI_BASE_URL"));
    QVERIFY2(fromEnvironment.err.contains("plain http is refused"), fromEnvironment.err.constData());
}

void TestCli::asksForPartialImagesOnlyWhenTold()
{
    // A terminal cannot show partial images and each is billed: atelier-cli asks for the finished image
    // alone, unstreamed, unless --param names a number of them.
    atelier::test::FakeOpenAiServer server;
    QVERIFY(server.listen());
    m_cli->setVariable(QStringLiteral("OPENAI_BASE_URL"), server.baseUrl().toString());
    m_cli->setVariable(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("partial-images-test-key"));
    const auto generate = [this](const QStringList &extra) {
        QProcess process;
        m_cli->start(process, QStringList{QStringLiteral("generate"), QStringLiteral("a paper boat"),
                                          QStringLiteral("--model"), QStringLiteral("gpt-image-1"),
                                          QStringLiteral("--quality"), QStringLiteral("low"),
                                          QStringLiteral("--wait")} +
                                  extra);
        // The process's end, waited for with the event loop running, which the server needs.
        QSignalSpy finished(&process, &QProcess::finished);
        return finished.wait(30'000) ? process.exitCode() : -1;
    };
    QCOMPARE(generate({}), 0);
    QCOMPARE(generate({QStringLiteral("--param"), QStringLiteral("partial_images=2")}), 0);
    const QList<atelier::test::FakeOpenAiServer::RecordedRequest> requests = server.requests();
    QCOMPARE(requests.size(), 2);
    QVERIFY(!requests.at(0).json.contains(QLatin1String("stream")));
    QVERIFY(!requests.at(0).json.contains(QLatin1String("partial_images")));
    QCOMPARE(requests.at(1).json.value(QLatin1String("stream")).toBool(), true);
    QCOMPARE(requests.at(1).json.value(QLatin1String("partial_images")).toInt(), 2);
}

void TestCli::setsTheQueueLimits()
{
    const Result set = cli({QStringLiteral("config"), QStringLiteral("set"),
                            QStringLiteral("queue.concurrency"), QStringLiteral("8")});
    QVERIFY2(set.exitCode == 0, set.err.constData());
    QVERIFY(set.out.contains("queue.concurrency"));
    for (const auto &[name, value] :
         {std::pair{"queue.concurrency", "33"}, std::pair{"queue.concurrency", "many"},
          std::pair{"queue.concurrency.elsewhere", "2"}}) {
        const Result refused = cli({QStringLiteral("config"), QStringLiteral("set"),
                                    QString::fromLatin1(name), QString::fromLatin1(value)});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(name), refused.err.constData());
    }
    const Result shown = cli({QStringLiteral("config"), QStringLiteral("--json")});
    const auto valueOf = [&shown](const QString &name) {
        for (const QJsonValue entry : shown.json().array()) {
            if (entry[QStringLiteral("name")].toString() == name)
                return entry[QStringLiteral("value")].toString() + QLatin1Char('/') +
                       entry[QStringLiteral("source")].toString();
        }
        return QString();
    };
    QCOMPARE(valueOf(QStringLiteral("queue.concurrency")), QStringLiteral("8/settings"));
    QCOMPARE(valueOf(QStringLiteral("queue.concurrency.openai")), QStringLiteral("4/default"));
}

void TestCli::keyWithoutAKeychain()
{
    // No session bus here: the key cannot be saved, and the CLI says so without repeating it.
    const QByteArray key = QByteArray("local-") + QByteArray(24, 'k');
    const Result set = cli({QStringLiteral("key"), QStringLiteral("set")}, key + '\n');
    QCOMPARE(set.exitCode, 3);
    QVERIFY2(set.err.contains("No system keychain answered"), set.err.constData());
    QVERIFY2(set.err.contains("OPENAI_API_KEY"), set.err.constData());
    QVERIFY(!set.err.contains(key) && !set.out.contains(key));
    QVERIFY(!anyFileHolds(key));

    const Result empty = cli({QStringLiteral("key"), QStringLiteral("set")}, QByteArray("\n"));
    QCOMPARE(empty.exitCode, 2);
    QVERIFY2(empty.err.contains("nothing on standard input"), empty.err.constData());

    const Result status = cli({QStringLiteral("key"), QStringLiteral("status")});
    QCOMPARE(status.exitCode, 1);
    QVERIFY2(status.out.contains("No OpenAI API key"), status.out.constData());

    m_cli->setVariable(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(key));
    const Result fromEnvironment =
        cli({QStringLiteral("key"), QStringLiteral("status"), QStringLiteral("--json")});
    QCOMPARE(fromEnvironment.exitCode, 0);
    QCOMPARE(fromEnvironment.json()[QStringLiteral("source")].toString(), QStringLiteral("OPENAI_API_KEY"));
    QVERIFY(!fromEnvironment.out.contains(key));

    const Result bad = cli({QStringLiteral("key"), QStringLiteral("show")});
    QCOMPARE(bad.exitCode, 2);
}

void TestCli::refusesBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("words");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("paint")} << QByteArray("unknown command");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("generate"), QStringLiteral("x"),
                                                   QStringLiteral("--colour")}
                                    << QByteArray("colour");
    QTest::newRow("no prompt") << QStringList{QStringLiteral("generate")} << QByteArray("needs a prompt");
    QTest::newRow("unknown model") << QStringList{QStringLiteral("generate"), QStringLiteral("x"),
                                                  QStringLiteral("--model"), QStringLiteral("dall-e-9")}
                                   << QByteArray("dall-e-9");
    QTest::newRow("n not a number") << QStringList{QStringLiteral("generate"), QStringLiteral("x"),
                                                   QStringLiteral("--n"), QStringLiteral("many")}
                                    << QByteArray("--n");
    QTest::newRow("dall-e-3 n=2") << QStringList{QStringLiteral("generate"), QStringLiteral("x"),
                                                 QStringLiteral("--model"),  QStringLiteral("dall-e-3"),
                                                 QStringLiteral("--n"),      QStringLiteral("2")}
                                  << QByteArray("dall-e-3");
    QTest::newRow("no OpenAI key") << QStringList{QStringLiteral("generate"), QStringLiteral("x"),
                                                  QStringLiteral("--model"), QStringLiteral("gpt-image-1")}
                                   << QByteArray("OPENAI_API_KEY");
    QTest::newRow("missing reference image")
        << QStringList{QStringLiteral("generate"), QStringLiteral("x"), QStringLiteral("--product-image"),
                       QStringLiteral("/nonexistent/shoe.png")}
        << QByteArray("shoe.png");
    QTest::newRow("option of another command")
        << QStringList{QStringLiteral("status"), QStringLiteral("1"), QStringLiteral("--wait")}
        << QByteArray("--wait");
    QTest::newRow("bad id") << QStringList{QStringLiteral("status"), QStringLiteral("abc")}
                            << QByteArray("not a generation id");
    QTest::newRow("unknown id") << QStringList{QStringLiteral("status"), QStringLiteral("999")}
                                << QByteArray("no generation 999");
    QTest::newRow("unknown profile") << QStringList{QStringLiteral("--profile"), QStringLiteral("nobody"),
                                                    QStringLiteral("stats")}
                                     << QByteArray("nobody");
    QTest::newRow("bad status filter")
        << QStringList{QStringLiteral("history"), QStringLiteral("--status"), QStringLiteral("done")}
        << QByteArray("unknown status");
    QTest::newRow("bad date") << QStringList{QStringLiteral("history"), QStringLiteral("--from"),
                                             QStringLiteral("yesterday")}
                              << QByteArray("YYYY-MM-DD");
    QTest::newRow("analytics by week")
        << QStringList{QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("week")}
        << QByteArray("model or day");
    QTest::newRow("analytics since a bad date")
        << QStringList{QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("day"),
                       QStringLiteral("--since"), QStringLiteral("26/11/2026")}
        << QByteArray("YYYY-MM-DD");
    QTest::newRow("analytics period backwards")
        << QStringList{QStringLiteral("stats"),     QStringLiteral("--by"),       QStringLiteral("day"),
                       QStringLiteral("--since"),   QStringLiteral("2026-12-01"), QStringLiteral("--until"),
                       QStringLiteral("2026-11-01")}
        << QByteArray("is after");
    QTest::newRow("analytics without by")
        << QStringList{QStringLiteral("stats"), QStringLiteral("--since"), QStringLiteral("2026-11-01")}
        << QByteArray("--by model or --by day");
    QTest::newRow("analytics as xml")
        << QStringList{QStringLiteral("stats"), QStringLiteral("--by"), QStringLiteral("model"),
                       QStringLiteral("--format"), QStringLiteral("xml")}
        << QByteArray("takes csv");
    QTest::newRow("negative top-up") << QStringList{QStringLiteral("profiles"), QStringLiteral("topup"),
                                                    QStringLiteral("default"), QStringLiteral("0")}
                                     << QByteArray("positive");
}

void TestCli::refusesBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, words);
    const Result result = cli(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(words), result.err.constData());
    QCOMPARE(result.err.count('\n'), 1);
    QVERIFY(result.out.isEmpty());
    // Nothing was queued or charged.
    const Result history = cli({QStringLiteral("history"), QStringLiteral("--json")});
    QCOMPARE(history.json()[QStringLiteral("total")].toInt(), 0);
    const Result profiles = cli({QStringLiteral("profiles"), QStringLiteral("--json")});
    QCOMPARE(profiles.json().array().first()[QStringLiteral("balance")].toInteger(), 1000);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
