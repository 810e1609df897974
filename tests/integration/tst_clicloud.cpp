#include "cliprocess.h"
#include "filesholding.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

// atelier-cli's Cloudinary side end to end: the cloudinary.* settings, the secret without a keychain, and
// uploads to atelier-fake-cloudinary, each run as its own process in a temporary home.
class TestCliCloud : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void configShowsCloudinarySettingsAndTheirSources();
    void configRefusesBadCloudinaryValues_data();
    void configRefusesBadCloudinaryValues();
    void cloudinaryKeyWithoutAKeychain();
    void generateUploadsNewResults();
    void uploadCopiesACompletedGeneration();
    void uploadRefusesWhatItCannotUpload_data();
    void uploadRefusesWhatItCannotUpload();
    void uploadWithoutAnAccountPointsToSettings();
    void uploadsOnWithoutAnAccountSaySoOnce();
    void uploadRefusedByTheCloudSaysWhyWithoutTheSecret();

private:
    using Result = atelier::test::CliProcess::Result;
    Result cli(const QStringList &arguments, const QByteArray &input = {}) const
    {
        return m_cli->run(arguments, input);
    }
    // Starts atelier-fake-cloudinary for this account; returns its base URL, empty when it did not start.
    QString startFakeCloudinary(const QString &secret);
    // CLOUDINARY_URL with the account the fake expects and this secret, the API address at the fake.
    void useFakeAccount(const QString &baseUrl, const QString &secret);
    // A completed offline generation; 0 when it failed.
    qint64 generateOffline(const QString &prompt);
    // `config --json` as name -> {value, source}.
    QJsonObject configEntries();
    // Whether any file under the test's folder holds these bytes.
    bool anyFileHolds(const QByteArray &bytes) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QTemporaryDir m_runtimeDir;
    std::optional<atelier::test::CliProcess> m_cli;
    std::unique_ptr<QProcess> m_server;
};

namespace {

const QString Cloud = QStringLiteral("atelier-cli-test");
const QString ApiKey = QStringLiteral("123456789012345");
const QByteArray Secret = "cli-cloud-secret-7f3a9c";

} // namespace

void TestCliCloud::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(
        QFile::setPermissions(m_runtimeDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    m_cli.emplace(QStringLiteral(ATELIER_CLI_PATH), m_dir->path(), m_runtimeDir.path());
}

void TestCliCloud::cleanup()
{
    if (m_server) {
        m_server->kill();
        m_server->waitForFinished();
        m_server.reset();
    }
}

QString TestCliCloud::startFakeCloudinary(const QString &secret)
{
    m_server = std::make_unique<QProcess>();
    return atelier::test::startFakeServer(*m_server, QStringLiteral(ATELIER_FAKE_CLOUDINARY_PATH),
                                          {QStringLiteral("--cloud"), Cloud, QStringLiteral("--key"), ApiKey,
                                           QStringLiteral("--secret"), secret});
}

void TestCliCloud::useFakeAccount(const QString &baseUrl, const QString &secret)
{
    m_cli->setVariable(QStringLiteral("CLOUDINARY_URL"),
                       QStringLiteral("cloudinary://%1:%2@%3").arg(ApiKey, secret, Cloud));
    m_cli->setVariable(QStringLiteral("CLOUDINARY_UPLOAD_PREFIX"), baseUrl);
}

qint64 TestCliCloud::generateOffline(const QString &prompt)
{
    const Result result =
        cli({QStringLiteral("generate"), prompt, QStringLiteral("--model"), QStringLiteral("offline"),
             QStringLiteral("--wait"), QStringLiteral("--json")});
    if (result.exitCode != 0 ||
        result.json()[QStringLiteral("status")].toString() != QLatin1String("completed"))
        return 0;
    return result.json()[QStringLiteral("id")].toInteger();
}

QJsonObject TestCliCloud::configEntries()
{
    QJsonObject entries;
    for (const QJsonValue &entry : cli({QStringLiteral("config"), QStringLiteral("--json")}).json().array())
        entries.insert(entry[QStringLiteral("name")].toString(), entry.toObject());
    return entries;
}

bool TestCliCloud::anyFileHolds(const QByteArray &bytes) const
{
    return !atelier::test::filesHolding(m_dir->path(), bytes).isEmpty();
}

void TestCliCloud::configShowsCloudinarySettingsAndTheirSources()
{
    const Result set = cli({QStringLiteral("config"), QStringLiteral("set"),
                            QStringLiteral("cloudinary.cloud-name"), QStringLiteral("my-studio")});
    QVERIFY2(set.exitCode == 0, set.err.constData());

    const Result shown = cli({QStringLiteral("config")});
    QCOMPARE(shown.exitCode, 0);
    QByteArray cloudLine;
    int cloudinaryLines = 0;
    for (const QByteArray &line : shown.out.split('\n')) {
        if (line.startsWith("cloudinary."))
            ++cloudinaryLines;
        if (line.startsWith("cloudinary.cloud-name "))
            cloudLine = line;
    }
    QCOMPARE(cloudinaryLines, 9);
    // An account not set up yet is no warning.
    QVERIFY2(shown.err.isEmpty(), shown.err.constData());
    QVERIFY2(cloudLine.contains("my-studio") && cloudLine.endsWith("settings"), shown.out.constData());
    QVERIFY(shown.out.contains("cloudinary.api-key"));
    QVERIFY(shown.out.contains("https://api.cloudinary.com"));

    QJsonObject entries = configEntries();
    QCOMPARE(entries[QStringLiteral("cloudinary.cloud-name")][QStringLiteral("source")].toString(),
             QStringLiteral("settings"));
    QCOMPARE(entries[QStringLiteral("cloudinary.folder")][QStringLiteral("value")].toString(),
             QStringLiteral("atelier"));
    QCOMPARE(entries[QStringLiteral("cloudinary.folder")][QStringLiteral("source")].toString(),
             QStringLiteral("default"));
    QCOMPARE(entries[QStringLiteral("cloudinary.upload")][QStringLiteral("value")].toString(),
             QStringLiteral("off"));

    // The environment wins, and says so; its secret is shown nowhere.
    m_cli->setVariable(
        QStringLiteral("CLOUDINARY_URL"),
        QStringLiteral("cloudinary://%1:%2@env-cloud").arg(ApiKey, QString::fromLatin1(Secret)));
    m_cli->setVariable(QStringLiteral("CLOUDINARY_UPLOAD_PREFIX"), QStringLiteral("http://127.0.0.1:9"));
    const Result fromEnvironment = cli({QStringLiteral("config"), QStringLiteral("--json")});
    QCOMPARE(fromEnvironment.exitCode, 0);
    QVERIFY(!fromEnvironment.out.contains(Secret) && !fromEnvironment.err.contains(Secret));
    entries = configEntries();
    QCOMPARE(entries[QStringLiteral("cloudinary.cloud-name")][QStringLiteral("value")].toString(),
             QStringLiteral("env-cloud"));
    QCOMPARE(entries[QStringLiteral("cloudinary.cloud-name")][QStringLiteral("source")].toString(),
             QStringLiteral("CLOUDINARY_URL"));
    QCOMPARE(entries[QStringLiteral("cloudinary.api-key")][QStringLiteral("value")].toString(), ApiKey);
    QCOMPARE(entries[QStringLiteral("cloudinary.api-key")][QStringLiteral("source")].toString(),
             QStringLiteral("CLOUDINARY_URL"));
    QCOMPARE(entries[QStringLiteral("cloudinary.upload-prefix")][QStringLiteral("source")].toString(),
             QStringLiteral("CLOUDINARY_UPLOAD_PREFIX"));
    QVERIFY(!anyFileHolds(Secret));

    // The environment is not checked when it is set: showing the settings says that uploads would refuse it.
    m_cli->setVariable(QStringLiteral("CLOUDINARY_UPLOAD_PREFIX"), QStringLiteral("http://10.0.0.1:9"));
    const Result unsafe = cli({QStringLiteral("config")});
    QCOMPARE(unsafe.exitCode, 0);
    QVERIFY(unsafe.out.contains("CLOUDINARY_UPLOAD_PREFIX"));
    QVERIFY2(unsafe.err.contains("Cloudinary API address") && unsafe.err.contains("plain http is refused"),
             unsafe.err.constData());
    QVERIFY(!unsafe.err.contains(Secret));

    m_cli->clearVariables();
    const Result unset =
        cli({QStringLiteral("config"), QStringLiteral("unset"), QStringLiteral("cloudinary.cloud-name")});
    QCOMPARE(unset.exitCode, 0);
    QVERIFY(!unset.out.contains("my-studio"));
    QCOMPARE(configEntries()[QStringLiteral("cloudinary.cloud-name")][QStringLiteral("source")].toString(),
             QStringLiteral("default"));
}

void TestCliCloud::configRefusesBadCloudinaryValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("words");
    const auto set = [](const char *name, const char *value) {
        return QStringList{QStringLiteral("config"), QStringLiteral("set"), QString::fromLatin1(name),
                           QString::fromLatin1(value)};
    };
    QTest::newRow("not on or off") << set("cloudinary.upload", "maybe") << QByteArray("on or off");
    QTest::newRow("cloud name with a slash")
        << set("cloudinary.cloud-name", "a/b") << QByteArray("only letters");
    QTest::newRow("folder with an ampersand")
        << set("cloudinary.folder", "a&b") << QByteArray("may not contain '&'");
    QTest::newRow("plain http prefix")
        << set("cloudinary.upload-prefix", "http://api.example.com") << QByteArray("plain http is refused");
    QTest::newRow("unknown signature") << set("cloudinary.signature", "md5") << QByteArray("sha1 or sha256");
    QTest::newRow("the secret is no setting")
        << set("cloudinary.api-secret", "abc") << QByteArray("There is no setting 'cloudinary.api-secret'");
    QTest::newRow("unset of an unknown name")
        << QStringList{QStringLiteral("config"), QStringLiteral("unset"), QStringLiteral("cloudinary.colour")}
        << QByteArray("There is no setting");
}

void TestCliCloud::configRefusesBadCloudinaryValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, words);
    QCOMPARE(cli({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("cloudinary.cloud-name"),
                  QStringLiteral("kept-cloud")})
                 .exitCode,
             0);
    const QJsonObject before = configEntries();

    const Result refused = cli(arguments);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.startsWith("atelier-cli: ") && refused.err.contains(words), refused.err.constData());
    QCOMPARE(refused.err.count('\n'), 1);
    QVERIFY(refused.out.isEmpty());
    QCOMPARE(configEntries(), before);
}

void TestCliCloud::cloudinaryKeyWithoutAKeychain()
{
    // No session bus here: the secret cannot be saved, and the CLI says so without repeating it.
    const Result set =
        cli({QStringLiteral("key"), QStringLiteral("set"), QStringLiteral("cloudinary")}, Secret + '\n');
    QCOMPARE(set.exitCode, 3);
    QVERIFY2(set.err.contains("No system keychain answered"), set.err.constData());
    QVERIFY2(set.err.contains("CLOUDINARY_URL"), set.err.constData());
    QVERIFY(!set.err.contains(Secret) && !set.out.contains(Secret));
    QVERIFY(!anyFileHolds(Secret));

    const Result twoWords = cli({QStringLiteral("key"), QStringLiteral("set"), QStringLiteral("cloudinary")},
                                "abcd1234 efgh5678\n");
    QCOMPARE(twoWords.exitCode, 2);
    QVERIFY2(twoWords.err.contains("Cloudinary API secret") && twoWords.err.contains("nothing was saved"),
             twoWords.err.constData());
    QVERIFY(!twoWords.err.contains("abcd1234"));

    const Result status =
        cli({QStringLiteral("key"), QStringLiteral("status"), QStringLiteral("cloudinary")});
    QCOMPARE(status.exitCode, 1);
    QVERIFY2(status.out.contains("No Cloudinary API secret"), status.out.constData());
    QVERIFY2(status.out.contains("key set cloudinary"), status.out.constData());

    const Result forget =
        cli({QStringLiteral("key"), QStringLiteral("forget"), QStringLiteral("cloudinary")});
    QCOMPARE(forget.exitCode, 3);
    QVERIFY2(forget.err.contains("No system keychain answered"), forget.err.constData());

    m_cli->setVariable(
        QStringLiteral("CLOUDINARY_URL"),
        QStringLiteral("cloudinary://%1:%2@%3").arg(ApiKey, QString::fromLatin1(Secret), Cloud));
    const Result fromEnvironment = cli({QStringLiteral("key"), QStringLiteral("status"),
                                        QStringLiteral("cloudinary"), QStringLiteral("--json")});
    QCOMPARE(fromEnvironment.exitCode, 0);
    QCOMPARE(fromEnvironment.json()[QStringLiteral("source")].toString(), QStringLiteral("CLOUDINARY_URL"));
    QVERIFY(fromEnvironment.json()[QStringLiteral("configured")].toBool());
    QVERIFY(!fromEnvironment.out.contains(Secret));
    // The OpenAI key is another entry: CLOUDINARY_URL does not configure it.
    QCOMPARE(cli({QStringLiteral("key"), QStringLiteral("status")}).exitCode, 1);

    const Result unknown = cli({QStringLiteral("key"), QStringLiteral("status"), QStringLiteral("dropbox")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("cloudinary"), unknown.err.constData());
}

void TestCliCloud::generateUploadsNewResults()
{
    const QString baseUrl = startFakeCloudinary(QString::fromLatin1(Secret));
    QVERIFY(!baseUrl.isEmpty());
    useFakeAccount(baseUrl, QString::fromLatin1(Secret));
    QCOMPARE(cli({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("cloudinary.upload"),
                  QStringLiteral("on")})
                 .exitCode,
             0);

    const Result generated =
        cli({QStringLiteral("generate"), QStringLiteral("a red kite"), QStringLiteral("--model"),
             QStringLiteral("offline"), QStringLiteral("--wait"), QStringLiteral("--json")});
    QVERIFY2(generated.exitCode == 0, generated.err.constData());
    const QJsonObject generation = generated.json().object();
    QCOMPARE(generation[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    // The result is announced once its copy is settled: the fake took it and answered with its address.
    QCOMPARE(generation[QStringLiteral("cloud_state")].toString(), QStringLiteral("uploaded"));
    const QJsonArray urls = generation[QStringLiteral("secure_urls")].toArray();
    QCOMPARE(urls.size(), generation[QStringLiteral("images")].toArray().size());
    const QString id = QString::number(generation[QStringLiteral("id")].toInteger());
    const QString url = urls.first().toString();
    QVERIFY2(url.startsWith(QStringLiteral("https://res.cloudinary.com/%1/image/upload/v").arg(Cloud)),
             qPrintable(url));
    // The folder, then the data folder's tag, the generation and the file: nothing of the prompt.
    const QRegularExpression name(QStringLiteral("/atelier/[0-9a-f]{12}-%1-1\\.png$").arg(id));
    QVERIFY2(name.match(url).hasMatch(), qPrintable(url));
    // The local file is kept as it was.
    QVERIFY(QFileInfo::exists(generation[QStringLiteral("images")].toArray().first().toString()));

    const Result status = cli({QStringLiteral("status"), id, QStringLiteral("--json")});
    QCOMPARE(status.exitCode, 0);
    QCOMPARE(status.json()[QStringLiteral("cloud_state")].toString(), QStringLiteral("uploaded"));
    QCOMPARE(status.json()[QStringLiteral("secure_urls")].toArray(), urls);
    const Result details = cli({QStringLiteral("status"), id});
    QVERIFY2(details.out.contains(url.toUtf8()), details.out.constData());

    // In words, --wait prints the result, and that one is copied too.
    const Result words =
        cli({QStringLiteral("generate"), QStringLiteral("a blue kite"), QStringLiteral("--model"),
             QStringLiteral("offline"), QStringLiteral("--wait")});
    QVERIFY2(words.exitCode == 0, words.err.constData());
    QVERIFY2(words.out.contains(" done in ") && words.out.contains(".png"), words.out.constData());
    const Result history = cli({QStringLiteral("history"), QStringLiteral("--json")});
    const QJsonArray items = history.json()[QStringLiteral("items")].toArray();
    QCOMPARE(items.size(), 2);
    for (const QJsonValue &item : items)
        QCOMPARE(item[QStringLiteral("cloud_state")].toString(), QStringLiteral("uploaded"));

    for (const Result &result : {generated, status, details, words, history})
        QVERIFY(!result.out.contains(Secret) && !result.err.contains(Secret));
    QVERIFY(!anyFileHolds(Secret));
}

void TestCliCloud::uploadCopiesACompletedGeneration()
{
    const QString baseUrl = startFakeCloudinary(QString::fromLatin1(Secret));
    QVERIFY(!baseUrl.isEmpty());
    useFakeAccount(baseUrl, QString::fromLatin1(Secret));
    // Uploads of new results are off: the generation has no copy until asked for one.
    const qint64 generated = generateOffline(QStringLiteral("a paper lantern"));
    QVERIFY(generated > 0);
    const QString id = QString::number(generated);
    QCOMPARE(cli({QStringLiteral("status"), id, QStringLiteral("--json")})
                 .json()[QStringLiteral("cloud_state")]
                 .toString(),
             QStringLiteral("none"));

    const Result uploaded = cli({QStringLiteral("upload"), id});
    QVERIFY2(uploaded.exitCode == 0, uploaded.err.constData());
    const QByteArray expected =
        id.toUtf8() + "  https://res.cloudinary.com/" + Cloud.toUtf8() + "/image/upload/";
    QVERIFY2(uploaded.out.startsWith(expected), uploaded.out.constData());
    QCOMPARE(uploaded.out.count('\n'), 1);

    const Result status = cli({QStringLiteral("status"), id, QStringLiteral("--json")});
    QCOMPARE(status.json()[QStringLiteral("cloud_state")].toString(), QStringLiteral("uploaded"));
    const QString url = status.json()[QStringLiteral("secure_urls")].toArray().first().toString();
    QVERIFY(uploaded.out.contains(url.toUtf8()));

    // Again, for scripts: the same public id is replaced, not copied twice.
    const Result again = cli({QStringLiteral("upload"), id, QStringLiteral("--json")});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(again.json()[QStringLiteral("id")].toInteger(), generated);
    QCOMPARE(again.json()[QStringLiteral("cloud_state")].toString(), QStringLiteral("uploaded"));
    const QString againUrl = again.json()[QStringLiteral("secure_urls")].toArray().first().toString();
    QCOMPARE(againUrl.section(QLatin1Char('/'), 7), url.section(QLatin1Char('/'), 7));
    QVERIFY(!uploaded.out.contains(Secret) && !again.out.contains(Secret) && !anyFileHolds(Secret));
}

void TestCliCloud::uploadRefusesWhatItCannotUpload_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("words");
    QTest::newRow("unknown id") << QStringList{QStringLiteral("upload"), QStringLiteral("999")}
                                << QByteArray("no generation 999");
    QTest::newRow("no id") << QStringList{QStringLiteral("upload")}
                           << QByteArray("ids of completed generations");
    QTest::newRow("not an id") << QStringList{QStringLiteral("upload"), QStringLiteral("abc")}
                               << QByteArray("'abc' is not a generation id");
    QTest::newRow("one unknown among known")
        << QStringList{QStringLiteral("upload"), QStringLiteral("1"), QStringLiteral("999")}
        << QByteArray("no generation 999");
}

void TestCliCloud::uploadRefusesWhatItCannotUpload()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, words);
    const QString baseUrl = startFakeCloudinary(QString::fromLatin1(Secret));
    QVERIFY(!baseUrl.isEmpty());
    useFakeAccount(baseUrl, QString::fromLatin1(Secret));
    QCOMPARE(generateOffline(QStringLiteral("a single kite")), 1);

    const Result refused = cli(arguments);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(words), refused.err.constData());
    QCOMPARE(refused.err.count('\n'), 1);
    QVERIFY(refused.out.isEmpty());
    // A typo among the ids sends nothing.
    QCOMPARE(cli({QStringLiteral("status"), QStringLiteral("1"), QStringLiteral("--json")})
                 .json()[QStringLiteral("cloud_state")]
                 .toString(),
             QStringLiteral("none"));
}

void TestCliCloud::uploadWithoutAnAccountPointsToSettings()
{
    const qint64 generated = generateOffline(QStringLiteral("a lonely kite"));
    QVERIFY(generated > 0);
    const QString id = QString::number(generated);
    const Result refused = cli({QStringLiteral("upload"), id});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("Settings"), refused.err.constData());
    QVERIFY2(refused.err.contains("Cloudinary"), refused.err.constData());
    QVERIFY(refused.out.isEmpty());
    QCOMPARE(cli({QStringLiteral("status"), id, QStringLiteral("--json")})
                 .json()[QStringLiteral("cloud_state")]
                 .toString(),
             QStringLiteral("none"));

    // Only queued, not completed: nothing to upload yet.
    const Result queued =
        cli({QStringLiteral("generate"), QStringLiteral("later"), QStringLiteral("--json")});
    QCOMPARE(queued.exitCode, 0);
    const Result early =
        cli({QStringLiteral("upload"), QString::number(queued.json()[QStringLiteral("id")].toInteger())});
    QCOMPARE(early.exitCode, 2);
    QVERIFY2(early.err.contains("only completed ones"), early.err.constData());
}

void TestCliCloud::uploadsOnWithoutAnAccountSaySoOnce()
{
    QCOMPARE(cli({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("cloudinary.upload"),
                  QStringLiteral("on")})
                 .exitCode,
             0);
    QCOMPARE(
        cli({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("cloudinary.api-key"), ApiKey})
            .exitCode,
        0);
    // The result is made and kept here; the one line says what the account lacks before the keychain's
    // trouble.
    const Result generated =
        cli({QStringLiteral("generate"), QStringLiteral("a grounded kite"), QStringLiteral("--model"),
             QStringLiteral("offline"), QStringLiteral("--wait"), QStringLiteral("--json")});
    QVERIFY2(generated.exitCode == 0, generated.err.constData());
    QCOMPARE(generated.json()[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    QCOMPARE(generated.json()[QStringLiteral("cloud_state")].toString(), QStringLiteral("none"));
    QCOMPARE(generated.err.count("cloud uploads are on but cannot run"), 1);
    QVERIFY2(generated.err.contains("cloud name"), generated.err.constData());

    // Reports do not say it: they upload nothing.
    const Result history = cli({QStringLiteral("history")});
    QCOMPARE(history.exitCode, 0);
    QVERIFY2(!history.err.contains("cloud uploads"), history.err.constData());
}

void TestCliCloud::uploadRefusedByTheCloudSaysWhyWithoutTheSecret()
{
    // The fake signs with another secret than the one CLOUDINARY_URL gives: every signature is refused.
    const QString baseUrl = startFakeCloudinary(QStringLiteral("server-side-secret-0042"));
    QVERIFY(!baseUrl.isEmpty());
    useFakeAccount(baseUrl, QString::fromLatin1(Secret));
    const qint64 generated = generateOffline(QStringLiteral("a torn kite"));
    QVERIFY(generated > 0);
    const QString id = QString::number(generated);

    const Result refused = cli({QStringLiteral("upload"), id});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.out.startsWith(id.toUtf8() + "  not uploaded: "), refused.out.constData());
    QVERIFY2(refused.out.contains("HTTP 401"), refused.out.constData());
    QVERIFY(!refused.out.contains(Secret) && !refused.err.contains(Secret));
    QVERIFY(!refused.out.contains("server-side-secret-0042"));

    const Result status = cli({QStringLiteral("status"), id, QStringLiteral("--json")});
    QCOMPARE(status.json()[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    QCOMPARE(status.json()[QStringLiteral("cloud_state")].toString(), QStringLiteral("failed"));
    QVERIFY(status.json()[QStringLiteral("secure_urls")].toArray().isEmpty());
    QVERIFY(!status.json()[QStringLiteral("cloud_error")].toString().isEmpty());
    // A failed copy never touches the local image.
    QVERIFY(QFileInfo::exists(status.json()[QStringLiteral("images")].toArray().first().toString()));
    QVERIFY(!status.out.contains(Secret));
    QVERIFY(!anyFileHolds(Secret));
}

QTEST_GUILESS_MAIN(TestCliCloud)
#include "tst_clicloud.moc"
