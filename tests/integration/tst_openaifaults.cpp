#include "openaienginefixture.h"

#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace atelier;
using namespace atelier::test;

namespace {

using Category = GenerationError::Category;
using Fault = FakeOpenAiServer::Fault;
using Kind = Fault::Kind;

constexpr qint64 kInitialBalance = 10'000;

// One way the service fails, and what the engine must make of it. Every member has an initializer, so that
// designated initializers may leave any out.
struct Row
{
    QString model = QStringLiteral("gpt-image-1");
    Fault fault{};
    int times = 1; // requests that get the fault; the ones after it are answered well
    GenerationStatus status = GenerationStatus::Failed;
    Category category = Category::None; // of the final error, or of the retried ones when it completed
    int attempts = 1;
    QList<qint64> delays{};    // before each retry: the back-off (1 s, 2 s) or what the server asked for
    int retryAfterDateInS = 0; // sends Retry-After as an HTTP date this far ahead, made when the row runs
    QString messageHas{};
    bool refused = false; // the provider points at a port nobody listens on
    int transferTimeoutMs = 30'000;
    qint64 maxResponseBytes = 64LL * 1024 * 1024;
};

Fault httpError(int status, const QByteArray &code = {}, const QByteArray &type = {})
{
    return {.kind = Kind::Status, .status = status, .errorType = type, .errorCode = code};
}

// What the service said about its generations.
struct Spies
{
    explicit Spies(ImageGenerationService *service)
        : started(service, &ImageGenerationService::generationStarted),
          retrying(service, &ImageGenerationService::generationRetrying),
          finished(service, &ImageGenerationService::generationFinished),
          failed(service, &ImageGenerationService::generationFailed),
          cancelled(service, &ImageGenerationService::generationCancelled),
          progress(service, &ImageGenerationService::progressChanged)
    {}
    qsizetype ended() const { return finished.count() + failed.count() + cancelled.count(); }

    QSignalSpy started;
    QSignalSpy retrying;
    QSignalSpy finished;
    QSignalSpy failed;
    QSignalSpy cancelled;
    QSignalSpy progress;
};

GenerationRequest requestFor(const EngineFixture &e, qint64 profileId, const QString &model)
{
    GenerationRequest request = e.request(profileId, QStringLiteral("a lighthouse at dusk"), model);
    if (model.startsWith(QLatin1String("dall-e"))) {
        request.quality = QStringLiteral("standard");
        if (model == QLatin1String("dall-e-2"))
            request.size = QStringLiteral("256x256"); // the smallest image: quicker to make and check
    }
    return request;
}

GenerationError errorOf(const QSignalSpy &retrying, qsizetype index)
{
    return qvariant_cast<GenerationError>(retrying.at(index).at(3));
}

// Walks a generation through its retries on the manual clock: each delay is the expected one (or up to
// `slackMs` shorter), nothing starts and nothing reaches the server before the clock has passed it, and the
// next attempt starts as soon as it has.
void driveRetries(OpenAiEngineFixture &f, Spies &spies, const QList<qint64> &delays, qint64 slackMs = 0)
{
    for (qsizetype retry = 0; retry < delays.size(); ++retry) {
        QTRY_COMPARE_WITH_TIMEOUT(spies.retrying.count(), retry + 1, 10'000);
        const qint64 delay = spies.retrying.at(retry).at(2).toLongLong();
        const qint64 expected = delays.at(retry);
        QVERIFY2(delay <= expected && delay >= expected - slackMs,
                 qPrintable(QStringLiteral("retry %1 after %2 ms, expected %3 ms")
                                .arg(retry + 1)
                                .arg(delay)
                                .arg(expected)));
        const qsizetype started = spies.started.count();
        const qsizetype requests = f.server.requests().size();
        f.engine->clock.advance(delay - 1);
        QCoreApplication::processEvents(); // the engine re-checks its deadlines here
        QCOMPARE(spies.started.count(), started);
        QCOMPARE(f.server.requests().size(), requests);
        f.engine->clock.advance(1);
        QTRY_COMPARE(spies.started.count(), started + 1);
        if (f.openAi.baseUrl.port() == f.server.port())
            QTRY_VERIFY(f.server.requests().size() > requests);
    }
}

// Every file under `root`, recursively, hidden ones and temporary ones included.
QStringList filesUnder(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

// The ledger is balanced (every run settled to its charge or refunded, no reservation left open) and the
// library holds the files of the completed generations and nothing else.
void verifyLedgerAndLibrary(const EngineFixture &e, qint64 profileId)
{
    qint64 charged = 0;
    QStringList results;
    const QList<Generation> generations = e.store->history(profileId, {});
    const QList<LedgerEntry> entries = e.store->ledger().entries(profileId);
    for (const Generation &generation : generations) {
        QVERIFY2(isTerminal(generation.status), qPrintable(statusName(generation.status)));
        QCOMPARE(e.store->ledger().heldFor(generation.id, generation.run), 0);
        qint64 net = 0;
        for (const LedgerEntry &entry : entries) {
            if (entry.generationId == generation.id)
                net += entry.amount;
        }
        QCOMPARE(net, -generation.tokensCharged);
        if (generation.status == GenerationStatus::Completed) {
            QVERIFY(generation.tokensCharged > 0);
            results += generation.resultPaths;
            // Each result has its sidecar beside it, and nothing else is there.
            for (const QString &path : generation.resultPaths)
                results << ImageLibrary::sidecarPath(path);
        } else {
            QCOMPARE(generation.tokensCharged, 0);
        }
        charged += generation.tokensCharged;
    }
    QCOMPARE(e.balance(profileId), kInitialBalance - charged);
    results.sort();
    QCOMPARE(filesUnder(e.library->root()), results);
}

// No file under `root` holds the key, or its secret part, as UTF-8 or UTF-16.
void verifyKeyNotIn(const QString &root, const QString &key)
{
    const QString secret = key.mid(3);
    const QList<QByteArray> needles{
        key.toUtf8(), secret.toUtf8(),
        QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2)};
    const QStringList files = filesUnder(root);
    QVERIFY(!files.isEmpty());
    for (const QString &path : files) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray bytes = file.readAll();
        for (const QByteArray &needle : needles)
            QVERIFY2(!bytes.contains(needle), qPrintable(path));
    }
}

QByteArray httpDate(qint64 secondsAhead)
{
    const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(secondsAhead);
    return QLocale::c().toString(at, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

} // namespace

Q_DECLARE_METATYPE(Row)

class TestOpenAiFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endsInTheRightState_data();
    void endsInTheRightState();
    void cancelDuringStream();
    void throttledByRateLimitHeaders();
    void urlAnswerIsDownloadedAtOnce();
    void urlThatFailsToDownload_data();
    void urlThatFailsToDownload();
    void keyNeverReachesTheDisk();
};

void TestOpenAiFaults::endsInTheRightState_data()
{
    using S = GenerationStatus;
    const QString key = OpenAiEngineFixture::testKey();
    QTest::addColumn<Row>("row");

    Fault auth = httpError(401, "invalid_api_key", "invalid_request_error");
    auth.errorMessage = QStringLiteral("Incorrect API key provided: %1. You can find your API key at "
                                       "https://platform.openai.com/account/api-keys.")
                            .arg(key);
    QTest::newRow("401 auth") << Row{.fault = auth,
                                     .category = Category::Auth,
                                     .messageHas = QStringLiteral("Incorrect API key provided")};
    QTest::newRow("403 permission") << Row{.fault = httpError(403), .category = Category::Permission};
    Fault quota = httpError(429, "insufficient_quota", "insufficient_quota");
    quota.retryAfter = "20";
    QTest::newRow("429 insufficient_quota") << Row{.fault = quota, .category = Category::Quota};
    QTest::newRow("429 billing_hard_limit_reached")
        << Row{.fault = httpError(429, "billing_hard_limit_reached", "billing_limit_user_error"),
               .category = Category::Quota};

    Fault rateLimited = httpError(429, "rate_limit_exceeded", "requests");
    rateLimited.retryAfter = "7";
    QTest::newRow("429 Retry-After seconds") << Row{.fault = rateLimited,
                                                    .status = S::Completed,
                                                    .category = Category::RateLimit,
                                                    .attempts = 2,
                                                    .delays = {7000}};
    rateLimited.retryAfter = {};
    QTest::newRow("429 Retry-After HTTP date") << Row{.fault = rateLimited,
                                                      .status = S::Completed,
                                                      .category = Category::RateLimit,
                                                      .attempts = 2,
                                                      .delays = {30'000},
                                                      .retryAfterDateInS = 30};
    rateLimited.retryAfterMs = "1500";
    QTest::newRow("429 retry-after-ms") << Row{.fault = rateLimited,
                                               .status = S::Completed,
                                               .category = Category::RateLimit,
                                               .attempts = 2,
                                               .delays = {1500}};

    QTest::newRow("400 content_policy_violation")
        << Row{.fault = httpError(400, "content_policy_violation", "image_generation_user_error"),
               .category = Category::ContentPolicy};
    QTest::newRow("400 moderation_blocked")
        << Row{.fault = httpError(400, "moderation_blocked", "image_generation_user_error"),
               .category = Category::ContentPolicy};
    Fault invalid = httpError(400, "invalid_value", "invalid_request_error");
    invalid.errorParam = "size";
    invalid.errorMessage = QStringLiteral("Invalid value.");
    QTest::newRow("400 invalid param") << Row{
        .fault = invalid, .category = Category::InvalidRequest, .messageHas = QStringLiteral("'size'")};
    QTest::newRow("404") << Row{.fault = httpError(404), .category = Category::InvalidRequest};
    QTest::newRow("422") << Row{.fault = httpError(422), .category = Category::InvalidRequest};

    // Transient: given up after three attempts when it persists, completed when the next answer is good.
    QTest::newRow("408 persists") << Row{.fault = httpError(408),
                                         .times = 3,
                                         .category = Category::Server,
                                         .attempts = 3,
                                         .delays = {1000, 2000}};
    QTest::newRow("409 once") << Row{.fault = httpError(409),
                                     .status = S::Completed,
                                     .category = Category::Server,
                                     .attempts = 2,
                                     .delays = {1000}};
    QTest::newRow("500 persists") << Row{.fault = httpError(500),
                                         .times = 3,
                                         .category = Category::Server,
                                         .attempts = 3,
                                         .delays = {1000, 2000}};
    QTest::newRow("503 twice") << Row{.fault = httpError(503),
                                      .times = 2,
                                      .status = S::Completed,
                                      .category = Category::Server,
                                      .attempts = 3,
                                      .delays = {1000, 2000}};
    Fault final = httpError(500);
    final.shouldRetry = "false";
    QTest::newRow("500 x-should-retry false") << Row{.fault = final, .category = Category::Server};
    Fault retriable = httpError(400);
    retriable.shouldRetry = "true";
    QTest::newRow("400 x-should-retry true") << Row{.fault = retriable,
                                                    .status = S::Completed,
                                                    .category = Category::InvalidRequest,
                                                    .attempts = 2,
                                                    .delays = {1000}};

    QTest::newRow("connection refused")
        << Row{.category = Category::Network, .attempts = 3, .delays = {1000, 2000}, .refused = true};
    QTest::newRow("reset mid-body") << Row{.model = QStringLiteral("dall-e-2"),
                                           .fault = {.kind = Kind::ResetMidBody},
                                           .status = S::Completed,
                                           .category = Category::Network,
                                           .attempts = 2,
                                           .delays = {1000}};
    QTest::newRow("reset mid-stream") << Row{.fault = {.kind = Kind::ResetMidBody},
                                             .status = S::Completed,
                                             .category = Category::Network,
                                             .attempts = 2,
                                             .delays = {1000}};
    QTest::newRow("slow first byte") << Row{.fault = {.kind = Kind::SlowFirstByte, .delayMs = 5000},
                                            .times = 3,
                                            .category = Category::Timeout,
                                            .attempts = 3,
                                            .delays = {1000, 2000},
                                            .transferTimeoutMs = 300};

    // A 200 whose body is unusable is not retried: the same request would get the same answer.
    const auto badResponse = [](Kind kind, const QString &model = QStringLiteral("gpt-image-1")) {
        return Row{.model = model, .fault = {.kind = kind}, .category = Category::BadResponse};
    };
    QTest::newRow("truncated image") << badResponse(Kind::TruncatedImage);
    QTest::newRow("not an image") << badResponse(Kind::NotAnImage, QStringLiteral("dall-e-2"));
    QTest::newRow("invalid base64") << badResponse(Kind::InvalidBase64, QStringLiteral("dall-e-2"));
    QTest::newRow("invalid JSON") << badResponse(Kind::InvalidJson, QStringLiteral("dall-e-2"));
    QTest::newRow("invalid JSON in a stream") << badResponse(Kind::InvalidJson);
    QTest::newRow("empty data") << badResponse(Kind::EmptyData, QStringLiteral("dall-e-2"));
    Row early = badResponse(Kind::StreamEndsEarly);
    early.messageHas = QStringLiteral("stream ended before");
    QTest::newRow("stream ends before completed") << early;
    Row oversized = badResponse(Kind::Oversized, QStringLiteral("dall-e-2"));
    oversized.fault.oversizeBytes = 3 * 1024 * 1024;
    oversized.maxResponseBytes = 1024 * 1024;
    oversized.messageHas = QStringLiteral("larger than 1 MB");
    QTest::newRow("oversized body") << oversized;
}

void TestOpenAiFaults::endsInTheRightState()
{
    QFETCH(Row, row);
    OpenAiEngineFixture f([&row](OpenAiSettings &settings) {
        settings.transferTimeoutMs = row.transferTimeoutMs;
        settings.maxResponseBytes = row.maxResponseBytes;
        if (row.refused)
            settings.baseUrl = OpenAiEngineFixture::closedPortUrl();
    });
    EngineFixture &e = *f.engine;
    if (row.retryAfterDateInS > 0)
        row.fault.retryAfter = httpDate(row.retryAfterDateInS);
    for (int i = 0; i < row.times; ++i)
        f.server.script(row.fault);
    const qint64 profile = e.addProfile(QStringLiteral("alice"), kInitialBalance);
    Spies spies(e.service.get());
    e.service->start();
    const auto submission = e.service->generateImage(requestFor(e, profile, row.model));
    QVERIFY2(!submission.error.isError(), qPrintable(submission.error.message));

    // An HTTP date counts whole seconds, from a moment before the request was answered.
    driveRetries(f, spies, row.delays, row.retryAfterDateInS > 0 ? 2000 : 0);
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE_WITH_TIMEOUT(spies.ended(), 1, 10'000);

    const Generation done = e.generation(submission.id);
    QCOMPARE(done.status, row.status);
    QCOMPARE(done.attempts, row.attempts);
    QCOMPARE(spies.retrying.count(), row.delays.size());
    for (qsizetype i = 0; i < spies.retrying.count(); ++i)
        QCOMPARE(errorOf(spies.retrying, i).category, row.category);
    if (row.status == GenerationStatus::Failed) {
        QCOMPARE(done.error.category, row.category);
        QVERIFY2(done.error.message.contains(row.messageHas), qPrintable(done.error.message));
    } else {
        QCOMPARE(done.resultPaths.size(), 1);
        QVERIFY(!QImage(done.resultPaths.first()).isNull());
    }
    QCOMPARE(f.server.requests().size(), row.refused ? 0 : row.attempts);
    verifyLedgerAndLibrary(e, profile);
    if (QTest::currentTestFailed())
        return;
    verifyKeyNotIn(e.dir.path(), OpenAiEngineFixture::testKey());
}

void TestOpenAiFaults::cancelDuringStream()
{
    OpenAiEngineFixture f;
    EngineFixture &e = *f.engine;
    // The answer drips in, so that the cancel lands between the first partial image and the last byte.
    f.server.script({.kind = Kind::DripFeed, .delayMs = 20});
    const qint64 profile = e.addProfile(QStringLiteral("alice"), kInitialBalance);
    Spies spies(e.service.get());
    QSignalSpy hungUp(&f.server, &FakeOpenAiServer::clientHungUp);
    e.service->start();
    GenerationRequest request = requestFor(e, profile, QStringLiteral("gpt-image-1"));
    request.parameters.insert(QStringLiteral("partial_images"), 3);
    const qint64 id = e.service->generateImage(request).id;

    const auto previews = [&spies] {
        return std::count_if(spies.progress.cbegin(), spies.progress.cend(), [](const QList<QVariant> &args) {
            return !qvariant_cast<Progress>(args.at(0)).preview.isEmpty();
        });
    };
    while (previews() == 0)
        QVERIFY(spies.progress.wait(10'000));
    QVERIFY(!e.service->cancelGeneration(id, profile).isError());
    const qsizetype reported = spies.progress.count();

    QVERIFY(hungUp.count() > 0 || hungUp.wait(5000));
    QCOMPARE(f.server.hungUp(), QList<int>{0});
    QCoreApplication::processEvents();
    QCOMPARE(spies.cancelled.count(), 1);
    QCOMPARE(spies.finished.count(), 0);
    QCOMPARE(spies.failed.count(), 0);
    QCOMPARE(spies.retrying.count(), 0);
    QCOMPARE(spies.progress.count(), reported);
    QCOMPARE(e.generation(id).status, GenerationStatus::Cancelled);
    QCOMPARE(e.balance(profile), kInitialBalance);
    verifyLedgerAndLibrary(e, profile);
}

void TestOpenAiFaults::throttledByRateLimitHeaders()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.limits = QueueLimits{4, 4, {{QStringLiteral("openai"), 1}}};
    OpenAiEngineFixture f({}, settings);
    EngineFixture &e = *f.engine;
    f.server.setRateLimitHeaders(true);
    f.server.setRateLimitWindow(1, "2s"); // every answer: 0 requests left, the next one in 2 s
    const qint64 profile = e.addProfile(QStringLiteral("alice"), kInitialBalance);
    Spies spies(e.service.get());
    e.service->start();
    e.service->generateImage(requestFor(e, profile, QStringLiteral("dall-e-2")));
    const qint64 second = e.service->generateImage(requestFor(e, profile, QStringLiteral("dall-e-2"))).id;

    QTRY_COMPARE_WITH_TIMEOUT(spies.finished.count(), 1, 10'000);
    QCoreApplication::processEvents();
    QCOMPARE(spies.started.count(), 1);
    e.clock.advance(1999);
    QCoreApplication::processEvents();
    QCOMPARE(spies.started.count(), 1);
    QCOMPARE(f.server.requests().size(), 1);
    QCOMPARE(e.generation(second).status, GenerationStatus::Pending);
    e.clock.advance(1);
    QTRY_COMPARE_WITH_TIMEOUT(spies.finished.count(), 2, 10'000);
    QCOMPARE(f.server.requests().size(), 2);
    verifyLedgerAndLibrary(e, profile);
}

void TestOpenAiFaults::urlAnswerIsDownloadedAtOnce()
{
    OpenAiEngineFixture f;
    EngineFixture &e = *f.engine;
    f.server.setUrlAnswers(true);
    const qint64 profile = e.addProfile(QStringLiteral("alice"), kInitialBalance);
    Spies spies(e.service.get());
    e.service->start();
    const qint64 id = e.service->generateImage(requestFor(e, profile, QStringLiteral("dall-e-2"))).id;
    QTRY_COMPARE_WITH_TIMEOUT(spies.ended(), 1, 10'000);

    const Generation done = e.generation(id);
    QCOMPARE(done.status, GenerationStatus::Completed);
    QCOMPARE(done.attempts, 1);
    QCOMPARE(QImage(done.resultPaths.value(0)).size(), QSize(256, 256));
    const QList<FakeOpenAiServer::RecordedRequest> requests = f.server.requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(1).method, QByteArray("GET"));
    QVERIFY(requests.at(1).path.startsWith("/files/"));
    // The URL is signed; the key is not for the host it points to.
    QVERIFY(requests.at(1).header("authorization").isEmpty());
    verifyLedgerAndLibrary(e, profile);
}

void TestOpenAiFaults::urlThatFailsToDownload_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<Category>("category");
    QTest::addColumn<bool>("retried");
    QTest::newRow("reset") << Fault{.kind = Kind::ResetMidBody} << Category::Network << true;
    QTest::newRow("503") << httpError(503) << Category::Server << true;
    QTest::newRow("404, the URL expired") << httpError(404) << Category::BadResponse << false;
}

void TestOpenAiFaults::urlThatFailsToDownload()
{
    QFETCH(Fault, fault);
    QFETCH(Category, category);
    QFETCH(bool, retried);
    OpenAiEngineFixture f;
    EngineFixture &e = *f.engine;
    f.server.setUrlAnswers(true);
    f.server.script({}); // the images request is answered well, the download of its image is not
    f.server.script(fault);
    const qint64 profile = e.addProfile(QStringLiteral("alice"), kInitialBalance);
    Spies spies(e.service.get());
    e.service->start();
    const qint64 id = e.service->generateImage(requestFor(e, profile, QStringLiteral("dall-e-2"))).id;

    if (retried) {
        driveRetries(f, spies, {1000});
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(errorOf(spies.retrying, 0).category, category);
    }
    QTRY_COMPARE_WITH_TIMEOUT(spies.ended(), 1, 10'000);
    const Generation done = e.generation(id);
    QCOMPARE(done.status, retried ? GenerationStatus::Completed : GenerationStatus::Failed);
    if (!retried)
        QCOMPARE(done.error.category, category);
    QCOMPARE(f.server.requests().size(), retried ? 4 : 2);
    verifyLedgerAndLibrary(e, profile);
}

void TestOpenAiFaults::keyNeverReachesTheDisk()
{
    const QString key = OpenAiEngineFixture::testKey();
    OpenAiEngineFixture f;
    EngineFixture &e = *f.engine;
    // Servers and proxies quote the key back in every way.
    QList<Fault> echoes;
    for (const int status : {401, 400, 429, 500}) {
        Fault fault = httpError(status, status == 429 ? "insufficient_quota" : "");
        fault.errorMessage =
            QStringLiteral("Incorrect API key provided: %1 (Authorization: Bearer %1)").arg(key);
        fault.errorParam = key.toUtf8();
        echoes.append(fault);
    }
    for (const Fault &fault : std::as_const(echoes))
        f.server.script(fault);
    // The 500 is retried: twice more.
    f.server.script(echoes.last());
    f.server.script(echoes.last());
    const qint64 profile = e.addProfile(QStringLiteral("alice"), kInitialBalance);
    Spies spies(e.service.get());
    e.service->start();
    for (int i = 0; i < 3; ++i) {
        e.service->generateImage(requestFor(e, profile, QStringLiteral("dall-e-2")));
        QTRY_COMPARE_WITH_TIMEOUT(spies.failed.count(), i + 1, 10'000);
    }
    e.service->generateImage(requestFor(e, profile, QStringLiteral("dall-e-2")));
    driveRetries(f, spies, {1000, 2000});
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE_WITH_TIMEOUT(spies.failed.count(), 4, 10'000);
    // And the fake's own answer to a key it does not know, which shows the key's ends.
    f.server.setExpectedKey("another key");
    e.service->generateImage(requestFor(e, profile, QStringLiteral("dall-e-2")));
    QTRY_COMPARE_WITH_TIMEOUT(spies.failed.count(), 5, 10'000);

    for (const QList<QVariant> &args : std::as_const(spies.failed)) {
        const GenerationError error = qvariant_cast<Generation>(args.at(0)).error;
        QVERIFY(error.isError());
        QVERIFY2(!error.message.contains(key.mid(3)), qPrintable(error.message));
    }
    verifyLedgerAndLibrary(e, profile);
    QVERIFY(QFile::exists(e.dir.filePath(QStringLiteral("atelier.sqlite-wal"))));
    verifyKeyNotIn(e.dir.path(), key);
    if (QTest::currentTestFailed())
        return;
    // Once more with the database closed, its write-ahead log folded in.
    e.service.reset();
    e.engineProvider.reset();
    e.store.reset();
    verifyKeyNotIn(e.dir.path(), key);
}

QTEST_GUILESS_MAIN(TestOpenAiFaults)
#include "tst_openaifaults.moc"
