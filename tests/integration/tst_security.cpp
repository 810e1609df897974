#include "cliprocess.h"
#include "fakeopenaiserver.h"
#include "filesholding.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace atelier::test;

namespace {

using Fault = FakeOpenAiServer::Fault;
using Kind = Fault::Kind;
using Result = CliProcess::Result;

// What atelier-cli reads of one answer before it gives up on it (OpenAiSettings::maxResponseBytes).
constexpr qint64 ResponseCapBytes = 100LL * 1024 * 1024;
constexpr int ProcessTimeoutMs = 60'000;

// A key shaped like a real one, made for this run so that nothing could hold it by chance.
QByteArray freshKey()
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray key("sk-proj-");
    for (int i = 0; i < 48; ++i)
        key += alphabet[QRandomGenerator::global()->bounded(int(sizeof alphabet) - 1)];
    return key;
}

// Every form the key could be written down in: as it is, after "Bearer ", in base64 at each of the three
// alignments it could have inside a longer text, as UTF-16 (a QString written out raw), and its middle alone
// (a key cut or masked badly).
QList<QByteArray> keyForms(const QByteArray &key)
{
    const QString text = QString::fromLatin1(key);
    QList<QByteArray> forms{key, "Bearer " + key,
                            QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2),
                            key.mid(12, 24)};
    for (int shift = 0; shift < 3; ++shift)
        forms.append((QByteArray(shift, 'x') + key).toBase64().mid(4, 60));
    return forms;
}

// Each way the fake server can fail a request, with the key quoted back wherever a server or a proxy might.
QList<Fault> everyFailure(const QByteArray &key)
{
    const QString quoted = QStringLiteral("Incorrect API key provided: %1 (Authorization: Bearer %1).")
                               .arg(QString::fromLatin1(key));
    const auto status = [&](int code, const QByteArray &errorCode = {}) {
        return Fault{.kind = Kind::Status, .status = code, .errorCode = errorCode, .errorMessage = quoted};
    };
    Fault echoesPrompt = status(400);
    echoesPrompt.errorParam = "prompt";
    echoesPrompt.errorMessage =
        QStringLiteral("Your prompt 'a lighthouse at dusk' was rejected; the request carried Authorization: "
                       "Bearer %1")
            .arg(QString::fromLatin1(key));
    Fault keyAsParam = status(500);
    keyAsParam.errorParam = key;
    return {
        // First, so that the stalled request runs beside all the others: the time-out is the longest wait.
        {.kind = Kind::SlowFirstByte, .delayMs = 12'000},
        status(401, "invalid_api_key"),
        echoesPrompt,
        status(403),
        status(429, "insufficient_quota"),
        status(429, "rate_limit_exceeded"),
        keyAsParam,
        status(503),
        {.kind = Kind::ResetMidBody},
        {.kind = Kind::TruncatedImage},
        {.kind = Kind::NotAnImage},
        {.kind = Kind::InvalidBase64},
        {.kind = Kind::InvalidJson},
        {.kind = Kind::EmptyData},
        {.kind = Kind::StreamEndsEarly},
        // Twice the cap, far more than the socket buffers of both ends hold (tens of MB on Linux): the server
        // sees the client hang up unless the client reads on well past the cap.
        {.kind = Kind::Oversized, .oversizeBytes = 2 * ResponseCapBytes},
    };
}

// A listener on every IPv4 address of this machine that only counts who connects: what a remote server
// reached over plain http would see.
class ConnectionCounter
{
public:
    bool listen() { return m_server.listen(QHostAddress::AnyIPv4); }
    quint16 port() const { return m_server.serverPort(); }
    // Connections made since the last call, including those the event loop has not handed over yet.
    int take()
    {
        int count = 0;
        while (m_server.hasPendingConnections() || m_server.waitForNewConnection(0)) {
            delete m_server.nextPendingConnection();
            ++count;
        }
        return count;
    }

private:
    QTcpServer m_server;
};

// Host names and addresses that are not loopback by their spelling, yet lead to this machine: the ones of
// them a plain connection really reaches, so that refusing them is what keeps a request from `counter`.
QStringList remoteSpellingsOfThisMachine(ConnectionCounter &counter)
{
    QStringList candidates{QStringLiteral("0.0.0.0"), QHostInfo::localHostName()};
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback())
            candidates.append(address.toString());
    }
    QStringList reached;
    for (const QString &host : std::as_const(candidates)) {
        QTcpSocket probe;
        probe.connectToHost(host, counter.port());
        if (probe.waitForConnected(5000) && counter.take() == 1)
            reached.append(host);
    }
    return reached;
}

QStringList filesUnder(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

QString repeated(const QString &piece, int times)
{
    QString result;
    for (int i = 0; i < times; ++i)
        result += piece;
    return result;
}

} // namespace

// The security claims of issue 8, end to end through atelier-cli: after a run with a key that failed in every
// way, the key is in no file and no output; plain http to anywhere but loopback is refused before a
// connection; a redirect is never followed; an answer over the cap is cut off; and no prompt steers a file
// out of the library.
class TestSecurity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void keyLeavesNoTraceAfterEveryFailure();
    void remotePlainHttpIsRefusedBeforeConnecting();
    void redirectsAreNotFollowed();
    void redirectedImageDownloadIsNotFollowed();
    void hostilePromptsStayInTheLibrary();

private:
    // Runs atelier-cli while this test's event loop goes on, so that an in-process fake server answers it.
    // Standard input gets `input` and is closed. Everything the program prints is kept in m_output.
    Result cli(const QStringList &arguments, const QByteArray &input = {});
    // Points atelier-cli at `baseUrl` with `key`, every logging category on.
    void useServer(const QString &baseUrl, const QByteArray &key);
    QString path(const QString &name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QTemporaryDir m_runtimeDir;
    std::optional<CliProcess> m_cli;
    QByteArray m_output;
};

void TestSecurity::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(
        QFile::setPermissions(m_runtimeDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    m_cli.emplace(QStringLiteral(ATELIER_CLI_PATH), m_dir->path(), m_runtimeDir.path());
    // Temporary files too land where the test looks for the key.
    QVERIFY(QDir().mkpath(path(QStringLiteral("tmp"))));
    m_cli->setVariable(QStringLiteral("TMPDIR"), path(QStringLiteral("tmp")));
    m_output.clear();
}

Result TestSecurity::cli(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    m_cli->start(process, arguments);
    Result result;
    if (!process.waitForStarted(ProcessTimeoutMs))
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (finished.isEmpty() && !finished.wait(ProcessTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    m_output += result.out + result.err;
    return result;
}

void TestSecurity::useServer(const QString &baseUrl, const QByteArray &key)
{
    m_cli->setVariable(QStringLiteral("OPENAI_BASE_URL"), baseUrl);
    m_cli->setVariable(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(key));
    m_cli->setVariable(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
}

void TestSecurity::keyLeavesNoTraceAfterEveryFailure()
{
    const QByteArray key = freshKey();
    FakeOpenAiServer server;
    QVERIFY(server.listen());
    server.setExpectedKey(key);
    const QList<Fault> faults = everyFailure(key);
    for (const Fault &fault : faults)
        server.script(fault);
    useServer(server.baseUrl().toString(), key);
    // The shortest time-out the settings take, so that the stalled answer times out within the test.
    QCOMPARE(cli({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("openai.timeout"),
                  QStringLiteral("10")})
                 .exitCode,
             0);
    // No keychain answers here: the key is refused, not kept in some file instead.
    QCOMPARE(cli({QStringLiteral("key"), QStringLiteral("set")}, key + '\n').exitCode, 3);

    // One job per failure is enough for every one to be served: each job asks at least once.
    QByteArray prompts;
    for (qsizetype i = 0; i < faults.size(); ++i)
        prompts += "a lighthouse at dusk, take " + QByteArray::number(i + 1) + '\n';
    const Result run = cli({QStringLiteral("batch"), QStringLiteral("-"), QStringLiteral("--model"),
                            QStringLiteral("dall-e-2"), QStringLiteral("--size"), QStringLiteral("256x256"),
                            QStringLiteral("--wait"), QStringLiteral("--json")},
                           prompts);
    QVERIFY2(run.exitCode == 1, run.err.right(2000).constData());
    const QJsonArray generations = run.json().array();
    QCOMPARE(generations.size(), faults.size());

    const QList<FakeOpenAiServer::RecordedRequest> requests = server.requests();
    QVERIFY(requests.size() >= faults.size());
    for (const FakeOpenAiServer::RecordedRequest &request : requests)
        QCOMPARE(request.header("authorization"), "Bearer " + key);
    QSet<QString> categories;
    QStringList messages;
    for (const QJsonValue &generation : generations) {
        const QJsonObject error = generation[QStringLiteral("error")].toObject();
        categories.insert(error[QStringLiteral("category")].toString());
        messages.append(error[QStringLiteral("message")].toString());
    }
    for (const char *category : {"auth", "invalid_request", "permission", "quota", "bad_response"})
        QVERIFY2(categories.contains(QLatin1String(category)), category);
    // The client gave up on the stalled answer, and on the oversized one long before its end, with words.
    QVERIFY(server.hungUp().contains(0));
    QVERIFY(server.hungUp().contains(int(faults.size()) - 1));
    QVERIFY2(messages.contains(QStringLiteral("The answer was larger than 100 MB.")),
             qPrintable(messages.join(QLatin1Char('\n'))));

    // What the run left behind, shown and exported the ways a person would.
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("history"), QStringLiteral("--json")},
          QStringList{QStringLiteral("history")}, QStringList{QStringLiteral("status"), QStringLiteral("2")},
          QStringList{QStringLiteral("stats")},
          QStringList{QStringLiteral("profiles"), QStringLiteral("ledger")},
          QStringList{QStringLiteral("config")}, QStringList{QStringLiteral("key"), QStringLiteral("status")},
          QStringList{QStringLiteral("export"), QStringLiteral("--history"), QStringLiteral("--output"),
                      path(QStringLiteral("history.json"))}})
        QCOMPARE(cli(arguments).exitCode, 0);
    QVERIFY(QFile::exists(path(QStringLiteral("history.json"))));

    for (const QByteArray &form : keyForms(key)) {
        QVERIFY2(!m_output.contains(form), form.constData());
        QCOMPARE(filesHolding(m_dir->path(), form), QStringList());
        QCOMPARE(filesHolding(m_runtimeDir.path(), form), QStringList());
    }
}

void TestSecurity::remotePlainHttpIsRefusedBeforeConnecting()
{
    const QByteArray key = freshKey();
    ConnectionCounter counter;
    QVERIFY(counter.listen());
    const QStringList hosts = remoteSpellingsOfThisMachine(counter);
    QVERIFY2(hosts.contains(QStringLiteral("0.0.0.0")), qPrintable(hosts.join(QLatin1Char(' '))));
    const QString port = QString::number(counter.port());
    QStringList refused;
    for (const QString &host : hosts)
        refused.append(QStringLiteral("http://%1:%2/v1").arg(host, port));
    // A loopback address in the user-name part does not make the host loopback.
    refused.append(QStringLiteral("http://127.0.0.1@0.0.0.0:%1/v1").arg(port));

    const QStringList generate{QStringLiteral("generate"), QStringLiteral("a harbour at night"),
                               QStringLiteral("--model"),  QStringLiteral("dall-e-2"),
                               QStringLiteral("--size"),   QStringLiteral("256x256"),
                               QStringLiteral("--wait")};
    for (const QString &url : std::as_const(refused)) {
        useServer(url, key);
        const Result result = cli(generate);
        QVERIFY2(result.exitCode == 2, qPrintable(url));
        QVERIFY2(result.err.contains("plain http is refused for any host but loopback"),
                 result.err.constData());
        QVERIFY2(result.err.contains("Use https."), result.err.constData());
        const Result saved =
            cli({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("openai.base-url"), url});
        QCOMPARE(saved.exitCode, 2);
        QVERIFY2(saved.err.contains("plain http is refused"), saved.err.constData());
        QVERIFY2(counter.take() == 0, qPrintable(url));
    }
    // Refused on submission: nothing was queued to be tried later.
    QCOMPARE(
        cli({QStringLiteral("history"), QStringLiteral("--json")}).json()[QStringLiteral("total")].toInt(),
        0);

    // Loopback itself is allowed, by address and by name.
    FakeOpenAiServer server;
    QVERIFY(server.listen());
    server.setExpectedKey(key);
    for (const QString &host : {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}) {
        useServer(QStringLiteral("http://%1:%2/v1").arg(host).arg(server.port()), key);
        const Result result = cli(generate);
        QVERIFY2(result.exitCode == 0, result.err.constData());
    }
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(counter.take(), 0);
}

void TestSecurity::redirectsAreNotFollowed()
{
    const QByteArray key = freshKey();
    ConnectionCounter counter;
    QVERIFY(counter.listen());
    FakeOpenAiServer server;
    QVERIFY(server.listen());
    server.setExpectedKey(key);
    const QByteArray port = QByteArray::number(counter.port());
    // Even a redirect to loopback is not followed: the key would go with it to another server.
    const QList<QPair<int, QByteArray>> redirects{
        {301, "http://0.0.0.0:" + port + "/v1/images/generations"},
        {302, "http://127.0.0.1:" + port + "/v1/images/generations"},
        {307, "http://" + QHostInfo::localHostName().toUtf8() + ':' + port + "/v1/images/generations"},
        {308, "http://0.0.0.0:" + port + "/v1/images/generations"}};
    for (const auto &[status, location] : redirects)
        server.script({.kind = Kind::Redirect, .status = status, .location = location});
    useServer(server.baseUrl().toString(), key);

    const Result run = cli({QStringLiteral("batch"), QStringLiteral("-"), QStringLiteral("--model"),
                            QStringLiteral("dall-e-2"), QStringLiteral("--size"), QStringLiteral("256x256"),
                            QStringLiteral("--wait"), QStringLiteral("--json")},
                           "a red kite\na blue kite\na green kite\na white kite\n");
    QVERIFY2(run.exitCode == 1, run.err.right(2000).constData());
    QSet<int> statuses;
    for (const QJsonValue &generation : run.json().array()) {
        QCOMPARE(generation[QStringLiteral("status")].toString(), QStringLiteral("failed"));
        const QJsonObject error = generation[QStringLiteral("error")].toObject();
        const int status = error[QStringLiteral("httpStatus")].toInt();
        statuses.insert(status);
        QVERIFY2(error[QStringLiteral("message")].toString().contains(QStringLiteral("HTTP %1").arg(status)),
                 qPrintable(error[QStringLiteral("message")].toString()));
    }
    QCOMPARE(statuses, (QSet<int>{301, 302, 307, 308}));
    // Each request was made once, to the server asked for, and never again elsewhere.
    QCOMPARE(server.requests().size(), redirects.size());
    QCOMPARE(counter.take(), 0);
    for (const QByteArray &form : keyForms(key))
        QVERIFY2(!m_output.contains(form), form.constData());
}

void TestSecurity::redirectedImageDownloadIsNotFollowed()
{
    const QByteArray key = freshKey();
    ConnectionCounter counter;
    QVERIFY(counter.listen());
    FakeOpenAiServer server;
    QVERIFY(server.listen());
    server.setExpectedKey(key);
    // The images request is answered with a URL on the fake server, whose download redirects elsewhere.
    server.setUrlAnswers(true);
    const auto redirectTo = [&server](const QByteArray &location) {
        server.script({});
        server.script({.kind = Kind::Redirect, .status = 302, .location = location});
    };
    redirectTo("http://0.0.0.0:" + QByteArray::number(counter.port()) + "/files/img-0.png");
    useServer(server.baseUrl().toString(), key);
    const QStringList generate{QStringLiteral("generate"), QStringLiteral("a paper lantern"),
                               QStringLiteral("--model"),  QStringLiteral("dall-e-2"),
                               QStringLiteral("--size"),   QStringLiteral("256x256"),
                               QStringLiteral("--wait"),   QStringLiteral("--json")};

    const Result refused = cli(generate);
    QVERIFY2(refused.exitCode == 1, refused.err.right(2000).constData());
    QCOMPARE(
        refused.json()[QStringLiteral("error")][QStringLiteral("message")].toString(),
        QStringLiteral("The image download was redirected to plain http; the redirect was not followed."));
    QCOMPARE(server.requests().size(), 2);
    QCOMPARE(counter.take(), 0);

    // A redirect that stays on loopback is followed: the image of the first request is fetched.
    redirectTo(server.baseUrl().resolved(QUrl(QStringLiteral("/files/img-0.png"))).toEncoded());
    const Result followed = cli(generate);
    QVERIFY2(followed.exitCode == 0, followed.err.right(2000).constData());
    QCOMPARE(followed.json()[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    QCOMPARE(server.requests().size(), 5);
    QCOMPARE(server.requests().last().path, QByteArray("/files/img-0.png"));
}

void TestSecurity::hostilePromptsStayInTheLibrary()
{
    // Relative paths would resolve from here, deep inside the test's folder, where an escape would show.
    const QString work = path(QStringLiteral("work/deeper/still"));
    QVERIFY(QDir().mkpath(work));
    m_cli->setWorkingDirectory(work);
    const QString marker = QStringLiteral("atelier-escape-%1").arg(QRandomGenerator::global()->generate());
    QString controls;
    for (char16_t u = 0x01; u <= 0x1f; ++u) {
        if (u != u'\n')
            controls += QChar(u);
    }
    const QStringList prompts{
        QStringLiteral("../../etc/passwd"),
        QStringLiteral("../../../../../../../../tmp/%1").arg(marker),
        QStringLiteral("/tmp/%1/absolute").arg(marker),
        QStringLiteral("/"),
        QStringLiteral(".."),
        QStringLiteral("."),
        QStringLiteral("~/.%1").arg(marker),
        QStringLiteral("a/b\\c/../../%1").arg(marker),
        QStringLiteral("C:\\Windows\\System32\\%1").arg(marker),
        QStringLiteral("\\\\server\\share\\%1").arg(marker),
        QStringLiteral("CON"),
        QStringLiteral("NUL"),
        QStringLiteral("aux.txt"),
        QStringLiteral("COM1"),
        QStringLiteral("LPT1.png"),
        QStringLiteral("invoice\u202Egnp.exe"),
        QStringLiteral("\u202B\u200F%1\u202C").arg(marker),
        QStringLiteral("before") + QChar(0) + QStringLiteral("after/../../%1").arg(marker),
        QStringLiteral("bell") + controls + QStringLiteral("\x7f end"),
        QStringLiteral("shot.png.json"),
        repeated(QStringLiteral("../"), 3000) + marker,
        repeated(QStringLiteral("x"), 10'000),
    };
    QByteArray lines;
    for (const QString &prompt : prompts)
        lines += prompt.toUtf8() + '\n';
    const Result run = cli({QStringLiteral("batch"), QStringLiteral("-"), QStringLiteral("--model"),
                            QStringLiteral("offline"), QStringLiteral("--wait"), QStringLiteral("--json")},
                           lines);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray generations = run.json().array();
    QCOMPARE(generations.size(), prompts.size());

    const QString library = QFileInfo(path(QStringLiteral("library"))).canonicalFilePath();
    QVERIFY(!library.isEmpty());
    // <id>[-r<run>][-a<attempt>]-<slug>.png[.json], the slug lower-case letters and digits joined by single
    // dashes.
    static const QRegularExpression safeName(
        QStringLiteral("^[0-9]+(?:-r[0-9]+)?(?:-a[0-9]+)?-([a-z0-9]+(?:-[a-z0-9]+)*)\\.png(?:\\.json)?$"));
    for (const QJsonValue &generation : generations) {
        QCOMPARE(generation[QStringLiteral("status")].toString(), QStringLiteral("completed"));
        const QJsonArray images = generation[QStringLiteral("images")].toArray();
        QCOMPARE(images.size(), 1);
        const QFileInfo image(images.first().toString());
        QVERIFY2(image.exists(), qPrintable(image.filePath()));
        QVERIFY2(image.canonicalFilePath().startsWith(library + QLatin1Char('/')),
                 qPrintable(image.canonicalFilePath()));
        QCOMPARE(image.canonicalFilePath(), image.absoluteFilePath());
        const QRegularExpressionMatch name = safeName.match(image.fileName());
        QVERIFY2(name.hasMatch(), qPrintable(image.fileName()));
        QVERIFY2(name.capturedLength(1) <= 40, qPrintable(image.fileName()));
    }
    // Nothing anywhere but in the program's own folders, and every name in the library a safe one.
    const QStringList ownFolders{QStringLiteral("data"), QStringLiteral("library"), QStringLiteral("config"),
                                 QStringLiteral("home"), QStringLiteral("share"),   QStringLiteral("cache"),
                                 QStringLiteral("tmp")};
    const QDir root(m_dir->path());
    for (const QString &file : filesUnder(m_dir->path())) {
        const QString relative = root.relativeFilePath(file);
        QVERIFY2(ownFolders.contains(relative.section(QLatin1Char('/'), 0, 0)), qPrintable(relative));
        if (relative.startsWith(QLatin1String("library/")))
            QVERIFY2(safeName.match(QFileInfo(file).fileName()).hasMatch(), qPrintable(relative));
        else
            QVERIFY2(!relative.contains(marker), qPrintable(relative));
    }
    for (const QString &folder : {QStringLiteral("/tmp"), QDir::tempPath(), QDir::homePath()})
        QCOMPARE(QDir(folder).entryList({QLatin1Char('*') + marker + QLatin1Char('*')},
                                        QDir::AllEntries | QDir::Hidden),
                 QStringList());
}

QTEST_GUILESS_MAIN(TestSecurity)
#include "tst_security.moc"
