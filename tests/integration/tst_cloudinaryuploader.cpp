#include "cloud/cloudinaryuploader.h"
#include "fakecloudinaryserver.h"
#include "manualclock.h"

#include <QFile>
#include <QHash>
#include <QImage>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

namespace atelier {

namespace {

using Category = GenerationError::Category;
using Fault = test::FakeCloudinaryServer::Fault;
using Options = CloudinaryUploader::UploadOptions;

const QString Cloud = QStringLiteral("atelier-test");
// Digits, like Cloudinary's keys; the secret is made for these tests and opens nothing.
const QString ApiKey = QStringLiteral("614335564976464");
const QString ApiSecret = QStringLiteral("integration-") + QStringLiteral("test-secret-Zq7");

// What one request ended with.
struct Outcome
{
    std::optional<CloudAsset> asset;
    std::optional<GenerationError> error;
    bool destroyed = false;

    bool ended() const { return asset || error || destroyed; }
};

} // namespace

class TestCloudinaryUploader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void uploadSendsSignedFieldsAndStoresTheBytes();
    void progressReachesTheTotal();
    void sha256IsNamedAndAccepted();
    void uploadPresetIsSentAndSigned();
    void retryUnderTheSamePublicIdReplaces();
    void faultsAreMapped_data();
    void faultsAreMapped();
    void wrongSecretIsAuthWithoutSecrets();
    void unknownKeyIsNotRepeated();
    void staleTimestampNamesTheClock();
    void cancelIsCancelled();
    void stallEndsInTimeout();
    void unreadableFileSendsNothing();
    void ampersandIsRefusedBeforeSending();
    void plainHttpRemoteIsRefused();
    void refusedConnectionIsNetwork();
    void destroyRemovesAndForgivesMissing();
    void destroyFailures_data();
    void destroyFailures();

private:
    CloudinarySettings settings() const;
    void makeUploader(const CloudinarySettings &settings);
    Outcome upload(qint64 jobId, const Options &options, const QString &path = {});
    Outcome destroy(qint64 jobId, const QString &publicId);
    Outcome wait(qint64 jobId);

    QTemporaryDir m_dir;
    QString m_imagePath; // large
    QByteArray m_imageBytes;
    QString m_smallPath;
    QByteArray m_smallBytes;
    test::ManualClock m_clock;
    std::unique_ptr<test::FakeCloudinaryServer> m_server;
    std::unique_ptr<CloudinaryUploader> m_uploader;
    QHash<qint64, Outcome> m_byJob; // what the uploader of this test reported, by job id
};

void TestCloudinaryUploader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Noise does not compress: a file of a few megabytes, so that the upload reports progress many times, and
    // a small one for the tests that look at how a request ends.
    const auto noise = [](QSize size) {
        QImage image(size, QImage::Format_RGB32);
        QRandomGenerator random(42);
        for (int y = 0; y < image.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x)
                line[x] = random.generate() | 0xff000000u;
        }
        return image;
    };
    m_imagePath = m_dir.filePath(QStringLiteral("a prompt that names things.png"));
    QVERIFY(noise(QSize(1024, 768)).save(m_imagePath));
    QFile file(m_imagePath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    m_imageBytes = file.readAll();
    QVERIFY(m_imageBytes.size() > 1024 * 1024);
    m_smallPath = m_dir.filePath(QStringLiteral("small.png"));
    QVERIFY(noise(QSize(32, 32)).save(m_smallPath));
    QFile small(m_smallPath);
    QVERIFY(small.open(QIODevice::ReadOnly));
    m_smallBytes = small.readAll();
}

void TestCloudinaryUploader::init()
{
    m_server = std::make_unique<test::FakeCloudinaryServer>(Cloud, ApiKey, ApiSecret);
    QVERIFY(m_server->listen());
    m_server->setClock(&m_clock);
    makeUploader(settings());
}

void TestCloudinaryUploader::cleanup()
{
    m_uploader.reset();
    m_server.reset();
    m_byJob.clear();
}

CloudinarySettings TestCloudinaryUploader::settings() const
{
    CloudinarySettings settings;
    settings.cloudName = Cloud;
    settings.apiKey = ApiKey;
    settings.apiSecret = ApiSecret;
    settings.folder = QStringLiteral("atelier");
    settings.tags = {QStringLiteral("atelier")};
    settings.baseUrl = m_server->baseUrl();
    settings.transferTimeoutMs = 30'000;
    return settings;
}

void TestCloudinaryUploader::makeUploader(const CloudinarySettings &settings)
{
    m_uploader = std::make_unique<CloudinaryUploader>(m_clock, settings);
    CloudinaryUploader *uploader = m_uploader.get();
    connect(uploader, &CloudinaryUploader::uploaded, uploader,
            [this](qint64 id, const CloudAsset &asset) { m_byJob[id].asset = asset; });
    connect(uploader, &CloudinaryUploader::uploadFailed, uploader,
            [this](qint64 id, const GenerationError &error) { m_byJob[id].error = error; });
    connect(uploader, &CloudinaryUploader::assetDestroyed, uploader,
            [this](qint64 id) { m_byJob[id].destroyed = true; });
    connect(uploader, &CloudinaryUploader::destroyFailed, uploader,
            [this](qint64 id, const GenerationError &error) { m_byJob[id].error = error; });
}

Outcome TestCloudinaryUploader::upload(qint64 jobId, const Options &options, const QString &path)
{
    m_uploader->upload(jobId, path.isEmpty() ? m_smallPath : path, options);
    return wait(jobId);
}

Outcome TestCloudinaryUploader::destroy(qint64 jobId, const QString &publicId)
{
    m_uploader->destroy(jobId, publicId);
    return wait(jobId);
}

Outcome TestCloudinaryUploader::wait(qint64 jobId)
{
    [&] { QVERIFY(QTest::qWaitFor([&] { return m_byJob.value(jobId).ended(); }, 30'000)); }();
    return m_byJob.value(jobId);
}

void TestCloudinaryUploader::uploadSendsSignedFieldsAndStoresTheBytes()
{
    const Outcome outcome =
        upload(1, {QStringLiteral("gen-42-0"), {QStringLiteral("gpt-image-1"), QStringLiteral("atelier")}},
               m_imagePath);
    QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->message : QString()));
    QVERIFY(outcome.asset);

    const QList<test::FakeCloudinaryServer::RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 1);
    const auto &request = requests.first();
    QCOMPARE(request.status, 200);
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1_1/atelier-test/image/upload"));
    QVERIFY(request.header("content-type").startsWith("multipart/form-data"));
    const QStringList names{QStringLiteral("api_key"),   QStringLiteral("folder"),
                            QStringLiteral("overwrite"), QStringLiteral("public_id"),
                            QStringLiteral("signature"), QStringLiteral("tags"),
                            QStringLiteral("timestamp")};
    QCOMPARE(request.fields.keys(), names);
    QCOMPARE(request.fields.value(QStringLiteral("api_key")), ApiKey);
    QCOMPARE(request.fields.value(QStringLiteral("timestamp")), QString::number(m_clock.nowMs() / 1000));
    QCOMPARE(request.fields.value(QStringLiteral("folder")), QStringLiteral("atelier"));
    QCOMPARE(request.fields.value(QStringLiteral("public_id")), QStringLiteral("gen-42-0"));
    // The settings' tag and the upload's, each once.
    QCOMPARE(request.fields.value(QStringLiteral("tags")), QStringLiteral("atelier,gpt-image-1"));
    QCOMPARE(request.fields.value(QStringLiteral("overwrite")), QStringLiteral("true"));
    QCOMPARE(request.fields.value(QStringLiteral("signature")).size(), 40); // SHA-1 in hex
    // The local file name stays on this machine.
    QCOMPARE(request.fileName, QByteArray("image.png"));
    QCOMPARE(request.fileContentType, QByteArray("image/png"));
    QCOMPARE(request.file, m_imageBytes);
    QCOMPARE(m_server->stored(QStringLiteral("atelier/gen-42-0")), m_imageBytes);

    const CloudAsset &asset = *outcome.asset;
    QCOMPARE(asset.publicId, QStringLiteral("atelier/gen-42-0"));
    QVERIFY(asset.version > 0);
    QCOMPARE(asset.secureUrl,
             QStringLiteral("https://res.cloudinary.com/atelier-test/image/upload/v%1/atelier/gen-42-0.png")
                 .arg(asset.version));
}

void TestCloudinaryUploader::progressReachesTheTotal()
{
    QSignalSpy progress(m_uploader.get(), &CloudinaryUploader::uploadProgress);
    const Outcome outcome = upload(2, {QStringLiteral("gen-progress"), {}}, m_imagePath);
    QVERIFY(outcome.asset);
    QVERIFY(progress.size() >= 2);
    qint64 previous = -1;
    for (const QList<QVariant> &arguments : std::as_const(progress)) {
        QCOMPARE(arguments.at(0).toLongLong(), 2);
        const qint64 sent = arguments.at(1).toLongLong();
        QVERIFY(sent > previous);
        previous = sent;
    }
    const QList<QVariant> last = progress.last();
    const qint64 total = last.at(2).toLongLong();
    QCOMPARE(last.at(1).toLongLong(), total);
    // The file and the form around it.
    QVERIFY(total > m_imageBytes.size());
}

void TestCloudinaryUploader::sha256IsNamedAndAccepted()
{
    CloudinarySettings sha256 = settings();
    sha256.algorithm = CloudinarySignature::Algorithm::Sha256;
    makeUploader(sha256);
    const Outcome outcome = upload(3, {QStringLiteral("gen-sha256"), {}});
    QVERIFY2(outcome.asset, qPrintable(outcome.error ? outcome.error->message : QString()));
    const auto request = m_server->requests().constFirst();
    // The hash is the account's setting: the request does not name it.
    QVERIFY(!request.fields.contains(QStringLiteral("signature_algorithm")));
    QCOMPARE(request.fields.value(QStringLiteral("signature")).size(), 64);
}

void TestCloudinaryUploader::uploadPresetIsSentAndSigned()
{
    CloudinarySettings preset = settings();
    preset.uploadPreset = QStringLiteral("atelier-signed");
    preset.folder.clear();
    makeUploader(preset);
    const Outcome outcome = upload(4, {});
    QVERIFY2(outcome.asset, qPrintable(outcome.error ? outcome.error->message : QString()));
    const auto request = m_server->requests().constFirst();
    QCOMPARE(request.fields.value(QStringLiteral("upload_preset")), QStringLiteral("atelier-signed"));
    // Neither an empty folder nor an empty public id is sent; Cloudinary picks the id.
    QVERIFY(!request.fields.contains(QStringLiteral("folder")));
    QVERIFY(!request.fields.contains(QStringLiteral("public_id")));
    QVERIFY(!outcome.asset->publicId.isEmpty());
    QCOMPARE(m_server->stored(outcome.asset->publicId), m_smallBytes);
}

void TestCloudinaryUploader::retryUnderTheSamePublicIdReplaces()
{
    const Outcome first = upload(5, {QStringLiteral("gen-retry"), {}});
    const Outcome second = upload(6, {QStringLiteral("gen-retry"), {}});
    QVERIFY(first.asset && second.asset);
    QCOMPARE(first.asset->publicId, second.asset->publicId);
    QVERIFY(second.asset->version > first.asset->version);
    QCOMPARE(m_server->storedIds(), QStringList{QStringLiteral("atelier/gen-retry")});
}

void TestCloudinaryUploader::faultsAreMapped_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<int>("count");
    QTest::addColumn<Category>("category");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<qint64>("retryAfterMs"); // -1: none

    QTest::newRow("500") << Fault::ServerError << 1 << Category::Server << true << 500 << qint64(-1);
    QTest::newRow("503 with Retry-After") << Fault::Unavailable << 1 << Category::Server << true << 503
                                          << qint64(test::FakeCloudinaryServer::RetryAfterSeconds * 1000);
    QTest::newRow("429") << Fault::RateLimited << 1 << Category::RateLimit << true << 429 << qint64(-1);
    QTest::newRow("401") << Fault::Unauthorized << 1 << Category::Auth << false << 401 << qint64(-1);
    // Qt sends a request again by itself once when the connection drops before an answer: every attempt
    // drops.
    QTest::newRow("dropped") << Fault::Drop << 3 << Category::Network << true << 0 << qint64(-1);
    QTest::newRow("invalid JSON") << Fault::InvalidJson << 1 << Category::BadResponse << false << 200
                                  << qint64(-1);
    QTest::newRow("redirect") << Fault::Redirect << 1 << Category::BadResponse << false << 302 << qint64(-1);
    QTest::newRow("oversized") << Fault::Oversized << 1 << Category::BadResponse << false << 200
                               << qint64(-1);
}

void TestCloudinaryUploader::faultsAreMapped()
{
    QFETCH(Fault, fault);
    QFETCH(int, count);
    QFETCH(Category, category);
    QFETCH(bool, retryable);
    QFETCH(int, httpStatus);
    QFETCH(qint64, retryAfterMs);

    m_server->failNext(count, fault);
    const Outcome outcome = upload(7, {QStringLiteral("gen-fault"), {}});
    QVERIFY(!outcome.asset);
    QVERIFY(outcome.error);
    const GenerationError &error = *outcome.error;
    QCOMPARE(error.category, category);
    QCOMPARE(error.retryable, retryable);
    QCOMPARE(error.httpStatus, httpStatus);
    QCOMPARE(error.retryAfterMs.value_or(-1), retryAfterMs);
    QVERIFY(error.message.contains(QLatin1String("Cloudinary")));
    QVERIFY2(!error.message.contains(ApiKey) && !error.message.contains(ApiSecret),
             qPrintable(error.message));
    if (category == Category::Auth)
        QVERIFY2(error.message.contains(QLatin1String("Check the Cloudinary API key and secret in Settings")),
                 qPrintable(error.message));
    // A redirect is not followed: the signed form went to one address only.
    if (fault == Fault::Redirect)
        QCOMPARE(m_server->requests().size(), 1);
}

void TestCloudinaryUploader::wrongSecretIsAuthWithoutSecrets()
{
    CloudinarySettings wrong = settings();
    wrong.apiSecret = QStringLiteral("not-the-") + QStringLiteral("right-secret-Q4");
    makeUploader(wrong);
    const Outcome outcome = upload(8, {QStringLiteral("gen-wrong-secret"), {}});
    QVERIFY(outcome.error);
    const GenerationError &error = *outcome.error;
    QCOMPARE(error.category, Category::Auth);
    QVERIFY(!error.retryable);
    QCOMPARE(error.httpStatus, 401);
    QVERIFY2(error.message.contains(QLatin1String("Invalid Signature")), qPrintable(error.message));
    QVERIFY2(error.message.contains(QLatin1String("Check the Cloudinary API key and secret in Settings")),
             qPrintable(error.message));
    QVERIFY(!error.message.contains(wrong.apiSecret));
    QVERIFY(!error.message.contains(ApiSecret));
    QVERIFY(!error.message.contains(ApiKey));
    QVERIFY(m_server->storedIds().isEmpty());
}

void TestCloudinaryUploader::unknownKeyIsNotRepeated()
{
    // Cloudinary names the key it did not know; the message keeps the rest of its words.
    CloudinarySettings wrong = settings();
    wrong.apiKey = QStringLiteral("999888777666555");
    makeUploader(wrong);
    const Outcome outcome = upload(9, {QStringLiteral("gen-wrong-key"), {}});
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->category, Category::Auth);
    QVERIFY2(!outcome.error->message.contains(wrong.apiKey), qPrintable(outcome.error->message));
    QVERIFY2(outcome.error->message.contains(QLatin1String("Unknown API key [redacted]")),
             qPrintable(outcome.error->message));
}

void TestCloudinaryUploader::staleTimestampNamesTheClock()
{
    // The server's clock two hours ahead of this one.
    test::ManualClock serverClock(m_clock.nowMs() + 2 * 3600 * 1000);
    m_server->setClock(&serverClock);
    const Outcome outcome = upload(10, {QStringLiteral("gen-stale"), {}});
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->category, Category::InvalidRequest);
    QVERIFY(!outcome.error->retryable);
    QCOMPARE(outcome.error->httpStatus, 400);
    QVERIFY2(outcome.error->message.contains(QLatin1String("Stale request")),
             qPrintable(outcome.error->message));
    QVERIFY2(outcome.error->message.contains(QLatin1String("clock")), qPrintable(outcome.error->message));
    m_server->setClock(&m_clock);
}

void TestCloudinaryUploader::cancelIsCancelled()
{
    m_server->failNext(1, Fault::Stall);
    QSignalSpy received(m_server.get(), &test::FakeCloudinaryServer::requestReceived);
    QSignalSpy failed(m_uploader.get(), &CloudinaryUploader::uploadFailed);
    m_uploader->upload(11, m_smallPath, {QStringLiteral("gen-cancel"), {}});
    QVERIFY(received.wait(30'000));
    m_uploader->cancel(11);
    // Reported before cancel() returns, and once.
    QCOMPARE(failed.size(), 1);
    const auto error = failed.first().at(1).value<GenerationError>();
    QCOMPARE(failed.first().at(0).toLongLong(), 11);
    QCOMPARE(error.category, Category::Cancelled);
    QVERIFY(!error.retryable);
    m_uploader->cancel(11); // nothing left to cancel
    QCoreApplication::processEvents();
    QCOMPARE(failed.size(), 1);
}

void TestCloudinaryUploader::stallEndsInTimeout()
{
    CloudinarySettings quick = settings();
    quick.transferTimeoutMs = 300;
    makeUploader(quick);
    m_server->failNext(1, Fault::Stall);
    const Outcome outcome = upload(12, {QStringLiteral("gen-stall"), {}});
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->category, Category::Timeout);
    QVERIFY(outcome.error->retryable);
}

void TestCloudinaryUploader::unreadableFileSendsNothing()
{
    const Outcome outcome = upload(13, {}, m_dir.filePath(QStringLiteral("missing.png")));
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->category, Category::Storage);
    QVERIFY(!outcome.error->retryable);
    QVERIFY(m_server->requests().isEmpty());
}

void TestCloudinaryUploader::ampersandIsRefusedBeforeSending()
{
    // The documented signature and the SDKs' escaping would read an '&' in a value differently.
    const Outcome outcome = upload(21, {QStringLiteral("cats&dogs"), {}});
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->category, Category::Validation);
    const Outcome tagged = upload(22, {QStringLiteral("gen-tag"), {QStringLiteral("R&D")}});
    QVERIFY(tagged.error);
    QCOMPARE(tagged.error->category, Category::Validation);
    QVERIFY(m_server->requests().isEmpty());
}

void TestCloudinaryUploader::plainHttpRemoteIsRefused()
{
    CloudinarySettings remote = settings();
    remote.baseUrl = QUrl(QStringLiteral("http://api.cloudinary.com"));
    QCOMPARE(remote.validate().category, Category::Validation);
    makeUploader(remote);
    const Outcome uploaded = upload(14, {QStringLiteral("gen-http"), {}});
    QVERIFY(uploaded.error);
    QCOMPARE(uploaded.error->category, Category::Validation);
    QVERIFY2(uploaded.error->message.contains(QLatin1String("plain http")),
             qPrintable(uploaded.error->message));
    const Outcome destroyed = destroy(15, QStringLiteral("atelier/gen-http"));
    QVERIFY(destroyed.error);
    QCOMPARE(destroyed.error->category, Category::Validation);
}

void TestCloudinaryUploader::refusedConnectionIsNetwork()
{
    // A port that was just free: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    CloudinarySettings closed = settings();
    closed.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    makeUploader(closed);
    const Outcome outcome = upload(16, {QStringLiteral("gen-refused"), {}});
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->category, Category::Network);
    QVERIFY(outcome.error->retryable);
}

void TestCloudinaryUploader::destroyRemovesAndForgivesMissing()
{
    const Outcome uploaded = upload(17, {QStringLiteral("gen-delete"), {}});
    QVERIFY(uploaded.asset);
    const Outcome destroyed = destroy(18, uploaded.asset->publicId);
    QVERIFY2(destroyed.destroyed, qPrintable(destroyed.error ? destroyed.error->message : QString()));
    QVERIFY(m_server->storedIds().isEmpty());

    const auto request = m_server->requests().constLast();
    QCOMPARE(request.path, QByteArray("/v1_1/atelier-test/image/destroy"));
    QCOMPARE(request.header("content-type"), QByteArray("application/x-www-form-urlencoded"));
    QCOMPARE(request.fields.value(QStringLiteral("public_id")), QStringLiteral("atelier/gen-delete"));
    QCOMPARE(request.fields.value(QStringLiteral("invalidate")), QStringLiteral("true"));
    QCOMPARE(request.fields.value(QStringLiteral("api_key")), ApiKey);
    QVERIFY(!request.fields.value(QStringLiteral("signature")).isEmpty());

    // Gone already counts as gone.
    const Outcome again = destroy(19, uploaded.asset->publicId);
    QVERIFY(again.destroyed);
    QCOMPARE(m_server->requests().constLast().status, 200);
}

void TestCloudinaryUploader::destroyFailures_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<Category>("category");
    QTest::addColumn<bool>("retryable");
    QTest::newRow("500") << Fault::ServerError << Category::Server << true;
    QTest::newRow("401") << Fault::Unauthorized << Category::Auth << false;
    QTest::newRow("invalid JSON") << Fault::InvalidJson << Category::BadResponse << false;
}

void TestCloudinaryUploader::destroyFailures()
{
    QFETCH(Fault, fault);
    QFETCH(Category, category);
    QFETCH(bool, retryable);
    m_server->failNext(1, fault);
    const Outcome outcome = destroy(20, QStringLiteral("atelier/gen-any"));
    QVERIFY(!outcome.destroyed);
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->category, category);
    QCOMPARE(outcome.error->retryable, retryable);
    QVERIFY(outcome.error->message.contains(QLatin1String("deletion")));
    QVERIFY(!outcome.error->message.contains(ApiKey));
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::TestCloudinaryUploader)
#include "tst_cloudinaryuploader.moc"
