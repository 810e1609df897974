#include "fakeopenaiserver.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QHttpMultiPart>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using atelier::test::FakeOpenAiServer;
using Fault = FakeOpenAiServer::Fault;
using ReplyPtr = std::unique_ptr<QNetworkReply>;

namespace {

constexpr char key[] = "sk-test-0123456789abcd";

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// The events of a server-sent event stream, as (event name, data).
QList<QPair<QByteArray, QJsonObject>> events(const QByteArray &body)
{
    QList<QPair<QByteArray, QJsonObject>> result;
    const QList<QByteArray> blocks = body.split('\n');
    QByteArray name;
    for (const QByteArray &line : blocks) {
        if (line.startsWith("event: "))
            name = line.mid(7);
        else if (line.startsWith("data: "))
            result.append({name, object(line.mid(6))});
    }
    return result;
}

QImage decode(const QString &b64, const QByteArray &format)
{
    QByteArray bytes = QByteArray::fromBase64(b64.toLatin1());
    QBuffer buffer(&bytes);
    QImageReader reader(&buffer, format);
    return reader.read();
}

} // namespace

// The fake OpenAI Images server, driven over loopback the way the provider drives the real one.
class TestFakeOpenAiServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void generatesImagesOfTheRequestedSizeAndFormat_data();
    void generatesImagesOfTheRequestedSizeAndFormat();
    void servesDallEImagesByUrl();
    void recordsMultipartEdits();
    void streamsPartialImagesThenTheFinalOne_data();
    void streamsPartialImagesThenTheFinalOne();
    void statusFaultCarriesTheErrorBodyAndRetryHeaders();
    void latencyAndSlowFirstByteDelayTheAnswer();
    void dripFeedArrivesInPieces();
    void resetMidBodyCutsTheAnswer();
    void brokenPayloads_data();
    void brokenPayloads();
    void streamEndsBeforeCompleted();
    void oversizedBodyHasTheScriptedLength();
    void faultsAreUsedInOrder();
    void checksTheKey();
    void sendsRateLimitHeaders();
    void unknownPathIsNotFound();
    void answersSeveralConnectionsAtOnce();

private:
    ReplyPtr post(const QString &path, const QJsonObject &body, const QByteArray &apiKey = key);
    ReplyPtr generate(const QJsonObject &extra = {});
    static bool finish(const ReplyPtr &reply);

    std::unique_ptr<FakeOpenAiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void TestFakeOpenAiServer::init()
{
    m_server = std::make_unique<FakeOpenAiServer>();
    QVERIFY(m_server->listen());
    m_server->setExpectedKey(key);
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestFakeOpenAiServer::cleanup()
{
    m_network.reset();
    m_server.reset();
}

ReplyPtr TestFakeOpenAiServer::post(const QString &path, const QJsonObject &body, const QByteArray &apiKey)
{
    QNetworkRequest request(QUrl(m_server->baseUrl().toString() + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + apiKey);
    return ReplyPtr(m_network->post(request, QJsonDocument(body).toJson()));
}

ReplyPtr TestFakeOpenAiServer::generate(const QJsonObject &extra)
{
    QJsonObject body{{QStringLiteral("model"), QStringLiteral("gpt-image-1")},
                     {QStringLiteral("prompt"), QStringLiteral("a lighthouse at dusk")},
                     {QStringLiteral("size"), QStringLiteral("256x256")}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return post(QStringLiteral("/images/generations"), body);
}

bool TestFakeOpenAiServer::finish(const ReplyPtr &reply)
{
    if (reply->isFinished())
        return true;
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    return finished.wait(20000);
}

void TestFakeOpenAiServer::generatesImagesOfTheRequestedSizeAndFormat_data()
{
    QTest::addColumn<QString>("size");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("n");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("png portrait") << QStringLiteral("1024x1536") << QStringLiteral("png") << 2
                                  << QSize(1024, 1536);
    QTest::newRow("jpeg landscape") << QStringLiteral("1536x1024") << QStringLiteral("jpeg") << 1
                                    << QSize(1536, 1024);
    QTest::newRow("webp auto") << QStringLiteral("auto") << QStringLiteral("webp") << 1 << QSize(1024, 1024);
}

void TestFakeOpenAiServer::generatesImagesOfTheRequestedSizeAndFormat()
{
    QFETCH(QString, size);
    QFETCH(QString, format);
    QFETCH(int, n);
    QFETCH(QSize, expected);
    QSignalSpy received(m_server.get(), &FakeOpenAiServer::requestReceived);
    const QJsonObject request{{QStringLiteral("size"), size},
                              {QStringLiteral("output_format"), format},
                              {QStringLiteral("quality"), QStringLiteral("low")},
                              {QStringLiteral("n"), n}};
    const ReplyPtr reply = generate(request);
    QVERIFY(finish(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().first().toInt(), 0);
    QCOMPARE(m_server->requests().first().json.value(QStringLiteral("output_format")).toString(), format);

    const QJsonObject body = object(reply->readAll());
    const QJsonArray data = body.value(QStringLiteral("data")).toArray();
    QCOMPARE(data.size(), n);
    for (const QJsonValue &item : data)
        QCOMPARE(decode(item[QStringLiteral("b64_json")].toString(), format.toLatin1()).size(), expected);
    QVERIFY(body.value(QStringLiteral("created")).toInteger() > 0);
    QCOMPARE(body.value(QStringLiteral("output_format")).toString(), format);
    QCOMPARE(body.value(QStringLiteral("quality")).toString(), QStringLiteral("low"));
    QCOMPARE(body.value(QStringLiteral("size")).toString(),
             QStringLiteral("%1x%2").arg(expected.width()).arg(expected.height()));
    const QJsonObject usage = body.value(QStringLiteral("usage")).toObject();
    QVERIFY(usage.value(QStringLiteral("output_tokens")).toInt() > 0);
    QCOMPARE(usage.value(QStringLiteral("total_tokens")).toInt(),
             usage.value(QStringLiteral("input_tokens")).toInt() +
                 usage.value(QStringLiteral("output_tokens")).toInt());
    QVERIFY(usage.value(QStringLiteral("input_tokens_details"))[QStringLiteral("text_tokens")].toInt() > 0);
}

void TestFakeOpenAiServer::servesDallEImagesByUrl()
{
    const ReplyPtr reply = generate({{QStringLiteral("model"), QStringLiteral("dall-e-2")}});
    QVERIFY(finish(reply));
    const QJsonObject body = object(reply->readAll());
    QVERIFY(!body.contains(QStringLiteral("usage")));
    const QUrl url(body.value(QStringLiteral("data"))[0][QStringLiteral("url")].toString());
    QCOMPARE(url.port(), int(m_server->port()));

    const ReplyPtr file(m_network->get(QNetworkRequest(url)));
    QVERIFY(finish(file));
    QCOMPARE(file->error(), QNetworkReply::NoError);
    QCOMPARE(QImage::fromData(file->readAll(), "png").size(), QSize(256, 256));
}

void TestFakeOpenAiServer::recordsMultipartEdits()
{
    auto *multipart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    const auto addPart = [multipart](const QByteArray &disposition, const QByteArray &type,
                                     const QByteArray &data) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader, disposition);
        if (!type.isEmpty())
            part.setHeader(QNetworkRequest::ContentTypeHeader, type);
        part.setBody(data);
        multipart->append(part);
    };
    const QByteArray first("\x89PNG first image\r\n--not a boundary");
    const QByteArray second("\xff\xd8 second image");
    addPart("form-data; name=\"model\"", {}, "gpt-image-1");
    addPart("form-data; name=\"prompt\"", {}, "add a boat");
    addPart("form-data; name=\"size\"", {}, "256x256");
    addPart("form-data; name=\"image[]\"; filename=\"a.png\"", "image/png", first);
    addPart("form-data; name=\"image[]\"; filename=\"b.jpg\"", "image/jpeg", second);
    QNetworkRequest request(QUrl(m_server->baseUrl().toString() + QStringLiteral("/images/edits")));
    request.setRawHeader("Authorization", QByteArray("Bearer ") + key);
    const ReplyPtr reply(m_network->post(request, multipart));
    multipart->setParent(reply.get());
    QVERIFY(finish(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);

    const FakeOpenAiServer::RecordedRequest recorded = m_server->requests().first();
    QCOMPARE(recorded.method, QByteArray("POST"));
    QCOMPARE(recorded.path, QByteArray("/v1/images/edits"));
    QVERIFY(recorded.header("Content-Type").startsWith("multipart/form-data"));
    QCOMPARE(recorded.parts.size(), 5);
    QCOMPARE(recorded.parts.at(1).data, QByteArray("add a boat"));
    QCOMPARE(recorded.parts.at(3).name, QByteArray("image[]"));
    QCOMPARE(recorded.parts.at(3).fileName, QByteArray("a.png"));
    QCOMPARE(recorded.parts.at(3).contentType, QByteArray("image/png"));
    QCOMPARE(recorded.parts.at(3).data, first);
    QCOMPARE(recorded.parts.at(4).fileName, QByteArray("b.jpg"));
    QCOMPARE(recorded.parts.at(4).data, second);
    const QJsonObject usage = object(reply->readAll()).value(QStringLiteral("usage")).toObject();
    QVERIFY(usage.value(QStringLiteral("input_tokens_details"))[QStringLiteral("image_tokens")].toInt() > 0);
}

void TestFakeOpenAiServer::streamsPartialImagesThenTheFinalOne_data()
{
    QTest::addColumn<bool>("edit");
    QTest::newRow("generation") << false;
    QTest::newRow("edit") << true;
}

void TestFakeOpenAiServer::streamsPartialImagesThenTheFinalOne()
{
    QFETCH(bool, edit);
    ReplyPtr reply;
    if (edit) {
        const QByteArray boundary = "b0undary";
        QByteArray body;
        const auto field = [&](const QByteArray &name, const QByteArray &value, const QByteArray &file = {}) {
            body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + '"';
            body += file.isEmpty() ? QByteArray() : "; filename=\"" + file + "\"\r\nContent-Type: image/png";
            body += "\r\n\r\n" + value + "\r\n";
        };
        field("model", "gpt-image-1");
        field("prompt", "add a boat");
        field("size", "256x256");
        field("stream", "true");
        field("partial_images", "2");
        field("image", "pixels", "in.png");
        body += "--" + boundary + "--\r\n";
        QNetworkRequest request(QUrl(m_server->baseUrl().toString() + QStringLiteral("/images/edits")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "multipart/form-data; boundary=" + boundary);
        request.setRawHeader("Authorization", QByteArray("Bearer ") + key);
        reply.reset(m_network->post(request, body));
    } else {
        reply = generate({{QStringLiteral("stream"), true}, {QStringLiteral("partial_images"), 2}});
    }
    QVERIFY(finish(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader)
                .toString()
                .startsWith(QLatin1String("text/event-stream")));
    const QString prefix = edit ? QStringLiteral("image_edit.") : QStringLiteral("image_generation.");
    const auto received = events(reply->readAll());
    QCOMPARE(received.size(), 3);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(QString::fromLatin1(received.at(i).first), prefix + QStringLiteral("partial_image"));
        QCOMPARE(received.at(i).second.value(QStringLiteral("type")).toString(),
                 prefix + QStringLiteral("partial_image"));
        QCOMPARE(received.at(i).second.value(QStringLiteral("partial_image_index")).toInt(), i);
    }
    const QJsonObject completed = received.at(2).second;
    QCOMPARE(completed.value(QStringLiteral("type")).toString(), prefix + QStringLiteral("completed"));
    QCOMPARE(decode(completed.value(QStringLiteral("b64_json")).toString(), "png").size(), QSize(256, 256));
    QVERIFY(completed.value(QStringLiteral("usage"))[QStringLiteral("total_tokens")].toInt() > 0);
}

void TestFakeOpenAiServer::statusFaultCarriesTheErrorBodyAndRetryHeaders()
{
    Fault fault;
    fault.kind = Fault::Kind::Status;
    fault.status = 429;
    fault.errorType = "requests";
    fault.errorCode = "rate_limit_exceeded";
    fault.errorParam = "model";
    fault.errorMessage = QStringLiteral("Slow down.");
    fault.retryAfter = "2";
    fault.retryAfterMs = "1500";
    fault.shouldRetry = "true";
    m_server->script(fault);
    const ReplyPtr reply = generate();
    QVERIFY(finish(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
    QCOMPARE(reply->rawHeader("Retry-After"), QByteArray("2"));
    QCOMPARE(reply->rawHeader("retry-after-ms"), QByteArray("1500"));
    QCOMPARE(reply->rawHeader("x-should-retry"), QByteArray("true"));
    const QJsonObject error = object(reply->readAll()).value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("Slow down."));
    QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("requests"));
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(error.value(QStringLiteral("param")).toString(), QStringLiteral("model"));
}

void TestFakeOpenAiServer::latencyAndSlowFirstByteDelayTheAnswer()
{
    m_server->setLatencyMs(100);
    Fault slow;
    slow.kind = Fault::Kind::SlowFirstByte;
    slow.delayMs = 200;
    m_server->script(slow);
    QElapsedTimer elapsed;
    elapsed.start();
    const ReplyPtr reply = generate();
    QSignalSpy firstBytes(reply.get(), &QNetworkReply::metaDataChanged);
    QVERIFY(firstBytes.wait(20000));
    QVERIFY(elapsed.elapsed() >= 300);
    QVERIFY(finish(reply));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
}

void TestFakeOpenAiServer::dripFeedArrivesInPieces()
{
    Fault drip;
    drip.kind = Fault::Kind::DripFeed;
    drip.delayMs = 5;
    m_server->script(drip);
    const ReplyPtr reply = generate();
    QByteArray body;
    int reads = 0;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] {
        ++reads;
        body += reply->readAll();
    });
    QVERIFY(finish(reply));
    body += reply->readAll();
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QVERIFY2(reads >= 3, qPrintable(QString::number(reads)));
    QCOMPARE(object(body).value(QStringLiteral("data")).toArray().size(), 1);
}

void TestFakeOpenAiServer::resetMidBodyCutsTheAnswer()
{
    Fault reset;
    reset.kind = Fault::Kind::ResetMidBody;
    m_server->script(reset);
    const ReplyPtr reply = generate();
    QVERIFY(finish(reply));
    // Qt 6.4 may end a reply whose connection drops mid-body without an error; the short body tells then.
    const qint64 received = reply->readAll().size();
    QVERIFY(reply->error() != QNetworkReply::NoError ||
            received < reply->header(QNetworkRequest::ContentLengthHeader).toLongLong());
    QCOMPARE(m_server->requests().size(), 1);
}

void TestFakeOpenAiServer::brokenPayloads_data()
{
    QTest::addColumn<Fault::Kind>("kind");
    QTest::newRow("truncated image") << Fault::Kind::TruncatedImage;
    QTest::newRow("not an image") << Fault::Kind::NotAnImage;
    QTest::newRow("invalid base64") << Fault::Kind::InvalidBase64;
    QTest::newRow("invalid json") << Fault::Kind::InvalidJson;
    QTest::newRow("empty data") << Fault::Kind::EmptyData;
}

void TestFakeOpenAiServer::brokenPayloads()
{
    QFETCH(Fault::Kind, kind);
    Fault fault;
    fault.kind = kind;
    m_server->script(fault);
    const ReplyPtr reply = generate();
    QVERIFY(finish(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QJsonParseError parseError;
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll(), &parseError).object();
    if (kind == Fault::Kind::InvalidJson) {
        QVERIFY(parseError.error != QJsonParseError::NoError);
        return;
    }
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonArray data = body.value(QStringLiteral("data")).toArray();
    if (kind == Fault::Kind::EmptyData) {
        QVERIFY(body.contains(QStringLiteral("data")));
        QVERIFY(data.isEmpty());
        return;
    }
    const QByteArray b64 = data.at(0)[QStringLiteral("b64_json")].toString().toLatin1();
    const auto decoded = QByteArray::fromBase64Encoding(b64, QByteArray::AbortOnBase64DecodingErrors);
    QCOMPARE(bool(decoded), kind != Fault::Kind::InvalidBase64);
    if (decoded)
        QVERIFY(QImage::fromData(*decoded, "png").isNull());
}

void TestFakeOpenAiServer::streamEndsBeforeCompleted()
{
    Fault early;
    early.kind = Fault::Kind::StreamEndsEarly;
    m_server->script(early);
    const ReplyPtr reply =
        generate({{QStringLiteral("stream"), true}, {QStringLiteral("partial_images"), 1}});
    QVERIFY(finish(reply));
    const auto received = events(reply->readAll());
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().first, QByteArray("image_generation.partial_image"));
}

void TestFakeOpenAiServer::oversizedBodyHasTheScriptedLength()
{
    Fault big;
    big.kind = Fault::Kind::Oversized;
    big.oversizeBytes = 3 * 1024 * 1024 + 17;
    m_server->script(big);
    const ReplyPtr reply = generate();
    qint64 received = 0;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll().size(); });
    QVERIFY(finish(reply));
    received += reply->readAll().size();
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(received, big.oversizeBytes);
}

void TestFakeOpenAiServer::faultsAreUsedInOrder()
{
    Fault unavailable;
    unavailable.kind = Fault::Kind::Status;
    unavailable.status = 503;
    Fault empty;
    empty.kind = Fault::Kind::EmptyData;
    m_server->script(unavailable);
    m_server->script(empty);
    QList<int> statuses;
    QList<qsizetype> images;
    for (int i = 0; i < 3; ++i) {
        const ReplyPtr reply = generate();
        QVERIFY(finish(reply));
        statuses.append(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
        images.append(object(reply->readAll()).value(QStringLiteral("data")).toArray().size());
    }
    QCOMPARE(statuses, QList<int>({503, 200, 200}));
    QCOMPARE(images, QList<qsizetype>({0, 0, 1}));
    QCOMPARE(m_server->requests().size(), 3);
}

void TestFakeOpenAiServer::checksTheKey()
{
    const QJsonObject body{{QStringLiteral("model"), QStringLiteral("gpt-image-1")},
                           {QStringLiteral("prompt"), QStringLiteral("x")}};
    const ReplyPtr wrong = post(QStringLiteral("/images/generations"), body, "sk-wrong-secret-wxyz");
    const ReplyPtr missing = post(QStringLiteral("/images/generations"), body, {});
    QVERIFY(finish(wrong));
    QVERIFY(finish(missing));
    QCOMPARE(wrong->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
    QCOMPARE(missing->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
    const QJsonObject error = object(wrong->readAll()).value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("message")).toString(),
             QStringLiteral("Incorrect API key provided: sk-...wxyz."));
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_api_key"));
    QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("invalid_request_error"));
    QCOMPARE(m_server->requests().at(0).header("authorization"), QByteArray("Bearer sk-wrong-secret-wxyz"));
}

void TestFakeOpenAiServer::sendsRateLimitHeaders()
{
    m_server->setRateLimitHeaders(true);
    const ReplyPtr reply = generate();
    QVERIFY(finish(reply));
    QVERIFY(reply->hasRawHeader("x-ratelimit-remaining-requests"));
    QVERIFY(reply->hasRawHeader("x-ratelimit-reset-requests"));
}

void TestFakeOpenAiServer::unknownPathIsNotFound()
{
    const ReplyPtr reply = post(QStringLiteral("/images/variations2"), {});
    QVERIFY(finish(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
    QVERIFY(object(reply->readAll()).value(QStringLiteral("error"))[QStringLiteral("message")].isString());
}

void TestFakeOpenAiServer::answersSeveralConnectionsAtOnce()
{
    m_server->setLatencyMs(50);
    std::vector<ReplyPtr> replies;
    for (int i = 0; i < 4; ++i)
        replies.push_back(generate());
    for (const ReplyPtr &reply : replies) {
        QVERIFY(finish(reply));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
    }
    QCOMPARE(m_server->requests().size(), 4);
}

QTEST_GUILESS_MAIN(TestFakeOpenAiServer)
#include "tst_fakeopenaiserver.moc"
