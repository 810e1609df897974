#include "fakeopenaiserver.h"
#include "providers/openai/openaiimagesresponse.h"
#include "providers/openai/openaiprovider.h"

#include <QFile>
#include <QImage>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace atelier {

namespace {

using Fault = test::FakeOpenAiServer::Fault;
using Category = GenerationError::Category;

// Built in two pieces so that no key-shaped string sits in the repository for scanners to flag.
const QString Key = QStringLiteral("sk-") + QStringLiteral("test-Atelier0123456789abcdefSECRET");

ProviderJob makeJob(qint64 id, const QString &model, const QString &quality = {})
{
    ProviderJob job;
    job.generationId = id;
    job.request.prompt = QStringLiteral("A red bicycle against a white wall");
    job.request.model = model;
    job.request.quality = quality;
    job.size = QStringLiteral("1024x1024");
    job.userTag = QStringLiteral("user-3f2a");
    return job;
}

} // namespace

// Everything one provider reported, and a signal when a job ended either way.
class Outcome : public QObject
{
    Q_OBJECT
public:
    explicit Outcome(Provider *provider)
    {
        connect(provider, &Provider::progressed, this,
                [this](qint64, const ProviderProgress &progress) { progresses.append(progress); });
        connect(provider, &Provider::finished, this, [this](qint64 id, const ProviderResult &result) {
            ids.append(id);
            results.append(result);
            Q_EMIT ended();
        });
        connect(provider, &Provider::failed, this, [this](qint64 id, const GenerationError &error) {
            ids.append(id);
            errors.append(error);
            Q_EMIT ended();
        });
    }

    // Waits for the next end unless one was already reported.
    bool waitForEnd(int timeoutMs = 30'000)
    {
        if (!ids.isEmpty())
            return true;
        QSignalSpy spy(this, &Outcome::ended);
        return spy.wait(timeoutMs);
    }

    QList<ProviderProgress> progresses;
    QList<qint64> ids;
    QList<ProviderResult> results;
    QList<GenerationError> errors;

Q_SIGNALS:
    void ended();
};

class TestOpenAiProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void gptImageGeneration();
    void dallE3Generation();
    void editWithTwoReferenceImages();
    void streamReportsPartialImages();
    void httpErrorsAreMapped_data();
    void httpErrorsAreMapped();
    void resetMidBodyIsNetwork();
    void invalidBase64IsBadResponse();
    void notAnImageIsBadResponse();
    void streamEndingEarlyIsBadResponse();
    void oversizedAnswerIsRefused();
    void transferTimeoutIsTimeout();
    void cancelDuringStreamReportsNothingMore();
    void moreThanSixRequestsAreOnTheWireAtOnce();
    void readiness();
    void rateLimitResetDurations();

private:
    std::unique_ptr<OpenAiProvider> makeProvider(OpenAiSettings settings = {});
    // Starts the job on a fresh provider and waits for its end.
    std::unique_ptr<Outcome> run(const ProviderJob &job, OpenAiSettings settings = {});

    ModelCatalog m_catalog = ModelCatalog::builtIn();
    std::unique_ptr<test::FakeOpenAiServer> m_server;
    std::unique_ptr<OpenAiProvider> m_provider;
};

void TestOpenAiProvider::init()
{
    m_server = std::make_unique<test::FakeOpenAiServer>();
    QVERIFY(m_server->listen());
    m_server->setExpectedKey(Key.toUtf8());
}

void TestOpenAiProvider::cleanup()
{
    m_provider.reset();
    m_server.reset();
}

std::unique_ptr<OpenAiProvider> TestOpenAiProvider::makeProvider(OpenAiSettings settings)
{
    if (settings.apiKey.isEmpty())
        settings.apiKey = Key;
    settings.baseUrl = m_server->baseUrl();
    return std::make_unique<OpenAiProvider>(m_catalog, settings);
}

std::unique_ptr<Outcome> TestOpenAiProvider::run(const ProviderJob &job, OpenAiSettings settings)
{
    m_provider = makeProvider(std::move(settings));
    auto outcome = std::make_unique<Outcome>(m_provider.get());
    m_provider->start(job);
    [&] { QVERIFY(outcome->waitForEnd()); }();
    return outcome;
}

void TestOpenAiProvider::gptImageGeneration()
{
    const auto outcome = run(makeJob(1, QStringLiteral("gpt-image-1"), QStringLiteral("low")));
    QCOMPARE(outcome->ids, QList<qint64>{1});
    QVERIFY2(outcome->errors.isEmpty(), qPrintable(outcome->errors.value(0).message));

    const QList<test::FakeOpenAiServer::RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 1);
    const auto &request = requests.first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1/images/generations"));
    QCOMPARE(request.header("authorization"), "Bearer " + Key.toUtf8());
    QCOMPARE(request.header("accept"), QByteArray("text/event-stream"));
    const QJsonObject expected{
        {QStringLiteral("prompt"), QStringLiteral("A red bicycle against a white wall")},
        {QStringLiteral("model"), QStringLiteral("gpt-image-1")},
        {QStringLiteral("n"), 1},
        {QStringLiteral("size"), QStringLiteral("1024x1024")},
        {QStringLiteral("quality"), QStringLiteral("low")},
        {QStringLiteral("user"), QStringLiteral("user-3f2a")},
        {QStringLiteral("stream"), true},
        {QStringLiteral("partial_images"), OpenAiRequestBuilder::DefaultPartialImages},
    };
    QCOMPARE(request.json, expected);

    const ProviderResult &result = outcome->results.first();
    QCOMPARE(result.images.size(), 1);
    QCOMPARE(result.images.first().format, QStringLiteral("png"));
    const QImage image = QImage::fromData(result.images.first().bytes);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1024, 1024));
    QVERIFY(result.usage.isReported());
    QVERIFY(result.usage.outputTokens > 0);
}

void TestOpenAiProvider::dallE3Generation()
{
    const auto outcome = run(makeJob(2, QStringLiteral("dall-e-3"), QStringLiteral("hd")));
    QVERIFY2(outcome->errors.isEmpty(), qPrintable(outcome->errors.value(0).message));
    const auto request = m_server->requests().constFirst();
    QCOMPARE(request.path, QByteArray("/v1/images/generations"));
    QCOMPARE(request.json.value(QLatin1String("response_format")).toString(), QStringLiteral("b64_json"));
    QCOMPARE(request.json.value(QLatin1String("style")).toString(), QStringLiteral("vivid"));
    QVERIFY(!request.json.contains(QLatin1String("stream")));
    const ProviderResult &result = outcome->results.first();
    QCOMPARE(result.images.size(), 1);
    QCOMPARE(QImage::fromData(result.images.first().bytes).size(), QSize(1024, 1024));
}

void TestOpenAiProvider::editWithTwoReferenceImages()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList paths;
    QList<QByteArray> files;
    for (const QColor color : {QColor(Qt::red), QColor(Qt::blue)}) {
        QImage image(256, 256, QImage::Format_RGB32);
        image.fill(color);
        const QString path = dir.filePath(color.name().mid(1) + QStringLiteral(".png"));
        QVERIFY(image.save(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        files.append(file.readAll());
        paths.append(path);
    }
    ProviderJob job = makeJob(3, QStringLiteral("gpt-image-1"), QStringLiteral("medium"));
    job.request.productImages = {paths.at(0)};
    job.request.modelImages = {paths.at(1)};

    const auto outcome = run(job);
    QVERIFY2(outcome->errors.isEmpty(), qPrintable(outcome->errors.value(0).message));
    QCOMPARE(outcome->results.first().images.size(), 1);

    const auto request = m_server->requests().constFirst();
    QCOMPARE(request.path, QByteArray("/v1/images/edits"));
    QVERIFY(request.header("content-type").startsWith("multipart/form-data; boundary="));
    QList<test::FakeOpenAiServer::Part> images;
    for (const auto &part : request.parts) {
        if (part.name == "image[]")
            images.append(part);
    }
    QCOMPARE(images.size(), 2);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(images.at(i).contentType, QByteArray("image/png"));
        QCOMPARE(images.at(i).data, files.at(i));
    }
    const bool uploadReported =
        std::any_of(outcome->progresses.cbegin(), outcome->progresses.cend(), [](const ProviderProgress &p) {
            return p.step == QLatin1String("Uploading reference images") && p.bytesTotal > 0 &&
                   p.bytesSent <= p.bytesTotal;
        });
    QVERIFY(uploadReported);
}

void TestOpenAiProvider::streamReportsPartialImages()
{
    ProviderJob job = makeJob(4, QStringLiteral("gpt-image-1"), QStringLiteral("low"));
    job.request.parameters.insert(QStringLiteral("partial_images"), 3);
    const auto outcome = run(job);
    QVERIFY2(outcome->errors.isEmpty(), qPrintable(outcome->errors.value(0).message));
    QCOMPARE(m_server->requests().constFirst().json.value(QLatin1String("partial_images")).toInt(), 3);

    QCOMPARE(outcome->progresses.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const ProviderProgress &progress = outcome->progresses.at(i);
        QCOMPARE(progress.stepIndex, i + 1);
        QCOMPARE(progress.stepCount, 4);
        QCOMPARE(progress.step, QStringLiteral("Receiving partial image %1 of 3").arg(i + 1));
        QVERIFY(!QImage::fromData(progress.preview).isNull());
    }
    QVERIFY(!QImage::fromData(outcome->results.first().images.first().bytes).isNull());
}

void TestOpenAiProvider::httpErrorsAreMapped_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<Category>("category");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<qint64>("retryAfterMs");

    QTest::newRow("401") << 401 << QByteArray("invalid_request_error") << QByteArray("invalid_api_key")
                         << QByteArray() << Category::Auth << false << qint64(-1);
    QTest::newRow("429 quota") << 429 << QByteArray("insufficient_quota") << QByteArray("insufficient_quota")
                               << QByteArray("20") << Category::Quota << false << qint64(20'000);
    QTest::newRow("429 rate limit") << 429 << QByteArray("requests") << QByteArray("rate_limit_exceeded")
                                    << QByteArray("3") << Category::RateLimit << true << qint64(3000);
    QTest::newRow("500") << 500 << QByteArray("server_error") << QByteArray() << QByteArray()
                         << Category::Server << true << qint64(-1);
    QTest::newRow("content policy") << 400 << QByteArray("image_generation_user_error")
                                    << QByteArray("content_policy_violation") << QByteArray()
                                    << Category::ContentPolicy << false << qint64(-1);
}

void TestOpenAiProvider::httpErrorsAreMapped()
{
    QFETCH(int, status);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, code);
    QFETCH(QByteArray, retryAfter);
    QFETCH(Category, category);
    QFETCH(bool, retryable);
    QFETCH(qint64, retryAfterMs);

    Fault fault;
    fault.kind = Fault::Kind::Status;
    fault.status = status;
    fault.errorType = type;
    fault.errorCode = code;
    fault.retryAfter = retryAfter;
    // Servers quote the key back (401: "Incorrect API key provided: sk-..."); it must not reach the person.
    fault.errorMessage = QStringLiteral("Refused for key %1, sorry.").arg(Key);
    m_server->script(fault);

    const auto outcome = run(makeJob(5, QStringLiteral("gpt-image-1"), QStringLiteral("low")));
    QCOMPARE(outcome->errors.size(), 1);
    const GenerationError &error = outcome->errors.first();
    QCOMPARE(error.category, category);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.retryable, retryable);
    QCOMPARE(error.retryAfterMs.value_or(-1), retryAfterMs);
    QVERIFY(!error.message.isEmpty());
    QVERIFY2(!error.message.contains(Key), qPrintable(error.message));
    QVERIFY(!error.message.contains(Key.mid(8, 12)));
}

void TestOpenAiProvider::resetMidBodyIsNetwork()
{
    Fault fault;
    fault.kind = Fault::Kind::ResetMidBody;
    m_server->script(fault);
    const auto outcome = run(makeJob(6, QStringLiteral("dall-e-3"), QStringLiteral("standard")));
    QCOMPARE(outcome->errors.size(), 1);
    QCOMPARE(outcome->errors.first().category, Category::Network);
    QVERIFY(outcome->errors.first().retryable);
}

void TestOpenAiProvider::invalidBase64IsBadResponse()
{
    Fault fault;
    fault.kind = Fault::Kind::InvalidBase64;
    m_server->script(fault);
    const auto outcome = run(makeJob(7, QStringLiteral("dall-e-3"), QStringLiteral("standard")));
    QCOMPARE(outcome->errors.size(), 1);
    QCOMPARE(outcome->errors.first().category, Category::BadResponse);
}

void TestOpenAiProvider::notAnImageIsBadResponse()
{
    Fault fault;
    fault.kind = Fault::Kind::NotAnImage;
    m_server->script(fault);
    const auto outcome = run(makeJob(8, QStringLiteral("dall-e-2")));
    QCOMPARE(outcome->errors.size(), 1);
    QCOMPARE(outcome->errors.first().category, Category::BadResponse);
}

void TestOpenAiProvider::streamEndingEarlyIsBadResponse()
{
    Fault fault;
    fault.kind = Fault::Kind::StreamEndsEarly;
    m_server->script(fault);
    const auto outcome = run(makeJob(9, QStringLiteral("gpt-image-1"), QStringLiteral("low")));
    QCOMPARE(outcome->errors.size(), 1);
    QCOMPARE(outcome->errors.first().category, Category::BadResponse);
    QCOMPARE(outcome->errors.first().message,
             QStringLiteral("The stream ended before the image was complete."));
}

void TestOpenAiProvider::oversizedAnswerIsRefused()
{
    Fault fault;
    fault.kind = Fault::Kind::Oversized;
    fault.oversizeBytes = 3 * 1024 * 1024;
    m_server->script(fault);
    OpenAiSettings settings;
    settings.maxResponseBytes = 1024 * 1024;
    const auto outcome = run(makeJob(10, QStringLiteral("dall-e-3"), QStringLiteral("standard")), settings);
    QCOMPARE(outcome->errors.size(), 1);
    QCOMPARE(outcome->errors.first().category, Category::BadResponse);
    QCOMPARE(outcome->errors.first().message, QStringLiteral("The answer was larger than 1 MB."));
}

void TestOpenAiProvider::transferTimeoutIsTimeout()
{
    Fault fault;
    fault.kind = Fault::Kind::SlowFirstByte;
    fault.delayMs = 3000;
    m_server->script(fault);
    OpenAiSettings settings;
    settings.transferTimeoutMs = 300;
    const auto outcome = run(makeJob(11, QStringLiteral("dall-e-3"), QStringLiteral("standard")), settings);
    QCOMPARE(outcome->errors.size(), 1);
    QCOMPARE(outcome->errors.first().category, Category::Timeout);
    QVERIFY(outcome->errors.first().retryable);
}

void TestOpenAiProvider::cancelDuringStreamReportsNothingMore()
{
    Fault fault;
    fault.kind = Fault::Kind::DripFeed;
    fault.delayMs = 20;
    m_server->script(fault);
    m_provider = makeProvider();
    Outcome outcome(m_provider.get());
    QSignalSpy progressed(m_provider.get(), &Provider::progressed);
    ProviderJob job = makeJob(12, QStringLiteral("gpt-image-1"), QStringLiteral("low"));
    job.request.parameters.insert(QStringLiteral("partial_images"), 3);
    m_provider->start(job);
    QVERIFY(progressed.wait(30'000));

    m_provider->cancel(12);
    const qsizetype reported = outcome.progresses.size();
    QSignalSpy ended(&outcome, &Outcome::ended);
    QVERIFY(!ended.wait(1500));
    QVERIFY(outcome.ids.isEmpty());
    QCOMPARE(outcome.progresses.size(), reported);
}

// Qt opens six HTTP/1.1 connections to a host per network manager: with twelve jobs started, the server must
// see twelve requests before it answers any, not six.
void TestOpenAiProvider::moreThanSixRequestsAreOnTheWireAtOnce()
{
    m_server->setLatencyMs(60'000);
    m_provider = makeProvider();
    QSignalSpy received(m_server.get(), &test::FakeOpenAiServer::requestReceived);
    for (qint64 id = 1; id <= 12; ++id)
        m_provider->start(makeJob(id, QStringLiteral("gpt-image-1"), QStringLiteral("low")));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 12, 30'000);
    for (qint64 id = 1; id <= 12; ++id)
        m_provider->cancel(id);
    // The hung-up connections are the server's news; the provider reports nothing more.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hungUp().size(), 12, 30'000);
}

void TestOpenAiProvider::readiness()
{
    const auto ready = [this](const QString &key, const QString &base, QString *whyNot) {
        OpenAiSettings settings;
        settings.apiKey = key;
        settings.baseUrl = QUrl(base);
        return OpenAiProvider(m_catalog, settings).isReady(whyNot);
    };
    QString whyNot;
    QVERIFY(!ready(QString(), QStringLiteral("https://api.openai.com/v1"), &whyNot));
    QCOMPARE(whyNot, QStringLiteral("Add an OpenAI API key with 'atelier-cli key set' or in Settings, or set "
                                    "OPENAI_API_KEY."));
    // Why the keychain gave no key comes first, so a saved key that cannot be read is not a mystery.
    {
        OpenAiSettings settings;
        settings.keyProblem =
            QStringLiteral("No system keychain answered (no D-Bus session): nothing was read.");
        QVERIFY(!OpenAiProvider(m_catalog, settings).isReady(&whyNot));
        QVERIFY2(whyNot.startsWith(settings.keyProblem + QStringLiteral(" Add an OpenAI API key")),
                 qPrintable(whyNot));
    }
    QVERIFY(!ready(Key, QStringLiteral("ftp://api.example.com/v1"), &whyNot));
    QVERIFY2(whyNot.contains(QLatin1String("is not a valid http or https address")), qPrintable(whyNot));
    QVERIFY(!ready(Key, QStringLiteral("http://api.example.com/v1"), &whyNot));
    QVERIFY2(whyNot.contains(QLatin1String("plain http is refused for any host but loopback")),
             qPrintable(whyNot));
    QVERIFY(!ready(Key, QStringLiteral("http://10.0.0.5:8080/v1"), &whyNot));
    for (const char *base : {"https://api.openai.com/v1", "http://127.0.0.1:9/v1", "http://[::1]:9/v1",
                             "http://localhost:9/v1"}) {
        QVERIFY2(ready(Key, QString::fromLatin1(base), &whyNot), base);
        QVERIFY(whyNot.isEmpty());
    }

    // A job started anyway fails with the reason, asynchronously, and without a request.
    OpenAiSettings settings;
    settings.baseUrl = m_server->baseUrl();
    OpenAiProvider provider(m_catalog, settings);
    Outcome outcome(&provider);
    provider.start(makeJob(13, QStringLiteral("dall-e-3")));
    QVERIFY(outcome.ids.isEmpty());
    QVERIFY(outcome.waitForEnd());
    QCOMPARE(outcome.errors.first().category, Category::Auth);
    QVERIFY(m_server->requests().isEmpty());
}

void TestOpenAiProvider::rateLimitResetDurations()
{
    QCOMPARE(OpenAiImagesResponse::durationMs("1s"), std::optional<qint64>(1000));
    QCOMPARE(OpenAiImagesResponse::durationMs("6m0s"), std::optional<qint64>(360'000));
    QCOMPARE(OpenAiImagesResponse::durationMs("20ms"), std::optional<qint64>(20));
    QCOMPARE(OpenAiImagesResponse::durationMs("1h2m3.5s"), std::optional<qint64>(3'723'500));
    QCOMPARE(OpenAiImagesResponse::durationMs(""), std::nullopt);
    QCOMPARE(OpenAiImagesResponse::durationMs("soon"), std::nullopt);
    QCOMPARE(OpenAiImagesResponse::durationMs("5s later"), std::nullopt);
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::TestOpenAiProvider)
#include "tst_openaiprovider.moc"
