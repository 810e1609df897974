#include "fakeopenaiserver.h"

#include "httprequestparser.h"
#include "imageparams.h"
#include "testpicture.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSize>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <memory>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace atelier::test {

namespace {

// Written into the JSON in place of the image's base64, then replaced by it: base64 needs no escaping, and
// serializing megabytes of it through QJsonDocument would make the server, not the client, the slow part of
// a benchmark.
constexpr char kImageData[] = "atelier-fake-image-data";

QByteArray withImageData(QByteArray json, const QByteArray &base64)
{
    return json.replace(QByteArrayView(kImageData), base64);
}

using Headers = QList<QPair<QByteArray, QByteArray>>;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QByteArray sseEvent(const QByteArray &name, const QByteArray &data)
{
    return "event: " + name + "\ndata: " + data + "\n\n";
}

// A body that is not JSON, cut where a proxy or a crash would cut it.
constexpr char brokenJson[] = "{\"created\": 1700000000, \"data\": [{\"b64_json\": \"iVBORw0KGgo";

// Copies the part of `text` (which starts at `textStart` of the whole body) that falls in `chunk`.
void overlay(QByteArray &chunk, qint64 chunkStart, const QByteArray &text, qint64 textStart)
{
    const qint64 from = qMax(chunkStart, textStart);
    const qint64 to = qMin(chunkStart + chunk.size(), textStart + text.size());
    for (qint64 at = from; at < to; ++at)
        chunk[at - chunkStart] = text.at(at - textStart);
}

// Set on a socket once the server ends the connection itself: any other close is the client hanging up.
constexpr char answeredProperty[] = "atelierAnswered";

void endConnection(QTcpSocket *socket)
{
    socket->setProperty(answeredProperty, true);
    socket->disconnectFromHost();
}

void resetConnection(QTcpSocket *socket)
{
    socket->setProperty(answeredProperty, true);
#ifdef Q_OS_UNIX
    // A zero linger turns the close into a TCP reset, as a crashing proxy would.
    const linger noLinger{1, 0};
    ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
#endif
    socket->abort();
}

} // namespace

struct FakeOpenAiServer::Answer
{
    int status = 200;
    Headers headers;
    QByteArray body;
    bool eventStream = false; // no Content-Length: the close ends the body
};

QByteArray FakeOpenAiServer::RecordedRequest::header(const QByteArray &name) const
{
    const QByteArray lower = name.toLower();
    for (const auto &[key, value] : headers) {
        if (key == lower)
            return value;
    }
    return {};
}

FakeOpenAiServer::FakeOpenAiServer(QObject *parent) : QObject(parent), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &FakeOpenAiServer::acceptConnections);
}

FakeOpenAiServer::~FakeOpenAiServer() = default;

bool FakeOpenAiServer::listen(quint16 port)
{
    return m_server->listen(QHostAddress::LocalHost, port);
}

quint16 FakeOpenAiServer::port() const
{
    return m_server->serverPort();
}

QUrl FakeOpenAiServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port()));
}

void FakeOpenAiServer::setLatencyMs(int ms)
{
    m_latencyMs = ms;
}

void FakeOpenAiServer::setExpectedKey(const QByteArray &key)
{
    m_expectedKey = key;
}

void FakeOpenAiServer::script(const Fault &fault)
{
    m_faults.enqueue(fault);
}

void FakeOpenAiServer::setRateLimitHeaders(bool send)
{
    m_rateLimitHeaders = send;
}

void FakeOpenAiServer::setRateLimitWindow(int limit, const QByteArray &reset)
{
    m_rateLimit = limit;
    m_rateLimitReset = reset;
}

void FakeOpenAiServer::setUrlAnswers(bool urls)
{
    m_urlAnswers = urls;
}

QList<FakeOpenAiServer::RecordedRequest> FakeOpenAiServer::requests() const
{
    return m_requests;
}

void FakeOpenAiServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto parser = std::make_shared<HttpRequestParser>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, parser] {
            // One request per connection: anything after it is ignored, the answer closes the connection.
            if (parser->state() != HttpRequestParser::State::Incomplete) {
                socket->readAll();
                return;
            }
            const HttpRequestParser::State state = parser->feed(socket->readAll());
            if (state == HttpRequestParser::State::Invalid) {
                send(socket,
                     {400,
                      {{"Content-Type", "application/json"}},
                      openAiErrorBody(QStringLiteral("Malformed HTTP request."), "invalid_request_error")},
                     {});
            } else if (state == HttpRequestParser::State::Complete) {
                RecordedRequest request{
                    parser->method(), parser->path(), parser->headers(), parser->body(), {}, {}};
                const QByteArray contentType = parser->header("content-type");
                if (contentType.startsWith("application/json"))
                    request.json = QJsonDocument::fromJson(request.body).object();
                else if (contentType.startsWith("multipart/form-data"))
                    request.parts = HttpRequestParser::parseMultipart(request.body, contentType);
                handle(socket, std::move(request));
            }
        });
    }
}

void FakeOpenAiServer::handle(QTcpSocket *socket, RecordedRequest request)
{
    const Fault fault = m_faults.isEmpty() ? Fault{} : m_faults.dequeue();
    Answer reply = answer(request, fault);
    const int index = int(m_requests.size());
    reply.headers.append({"x-request-id", "req_" + QByteArray::number(index)});
    if (!fault.retryAfter.isEmpty())
        reply.headers.append({"Retry-After", fault.retryAfter});
    if (!fault.retryAfterMs.isEmpty())
        reply.headers.append({"retry-after-ms", fault.retryAfterMs});
    if (!fault.shouldRetry.isEmpty())
        reply.headers.append({"x-should-retry", fault.shouldRetry});
    if (m_rateLimitHeaders) {
        reply.headers.append({"x-ratelimit-limit-requests", QByteArray::number(m_rateLimit)});
        reply.headers.append(
            {"x-ratelimit-remaining-requests", QByteArray::number(qMax(0, m_rateLimit - 1 - index))});
        reply.headers.append({"x-ratelimit-reset-requests", m_rateLimitReset});
    }
    m_requests.append(std::move(request));
    connect(socket, &QTcpSocket::disconnected, this, [this, socket, index] {
        if (!socket->property(answeredProperty).toBool()) {
            m_hungUp.append(index);
            Q_EMIT clientHungUp(index);
        }
    });
    Q_EMIT requestReceived(index);

    const int delay = m_latencyMs + (fault.kind == Fault::Kind::SlowFirstByte ? fault.delayMs : 0);
    // The socket is the timer's context: a client that hangs up early cancels the answer with it.
    QTimer::singleShot(delay, socket, [this, socket, reply, fault] { send(socket, reply, fault); });
}

FakeOpenAiServer::Answer FakeOpenAiServer::answer(const RecordedRequest &request, const Fault &fault)
{
    const Headers json{{"Content-Type", "application/json"}};
    if (fault.kind == Fault::Kind::Redirect)
        return {fault.status, {{"Location", fault.location}}, {}};
    if (fault.kind == Fault::Kind::Status) {
        QByteArray type = fault.errorType;
        if (type.isEmpty())
            type = fault.status >= 500   ? "server_error"
                   : fault.status == 429 ? "requests"
                                         : "invalid_request_error";
        const QString message = fault.errorMessage.isEmpty()
                                    ? QStringLiteral("Scripted failure (%1).").arg(fault.status)
                                    : fault.errorMessage;
        return {fault.status, json, openAiErrorBody(message, type, fault.errorCode, fault.errorParam)};
    }
    if (request.method == "GET" && request.path.startsWith("/files/")) {
        const QByteArray name = request.path.mid(7);
        if (m_files.contains(name))
            return {200, {{"Content-Type", "image/png"}}, m_files.value(name)};
    }
    if (request.path.startsWith("/v1/") && !m_expectedKey.isEmpty()) {
        const QByteArray authorization = request.header("authorization");
        if (authorization != "Bearer " + m_expectedKey) {
            const QByteArray key = authorization.startsWith("Bearer ") ? authorization.mid(7) : QByteArray();
            // Like the real service, only the ends of the key are shown.
            const QString message =
                key.isEmpty() ? QStringLiteral("You didn't provide an API key.")
                              : QStringLiteral("Incorrect API key provided: %1...%2.")
                                    .arg(QString::fromUtf8(key.left(3)), QString::fromUtf8(key.right(4)));
            return {401, json, openAiErrorBody(message, "invalid_request_error", "invalid_api_key")};
        }
    }
    if (request.method == "POST" &&
        (request.path == "/v1/images/generations" || request.path == "/v1/images/edits"))
        return imagesAnswer(request, fault);
    return {404, json,
            openAiErrorBody(QStringLiteral("Invalid URL (%1 %2)")
                                .arg(QString::fromUtf8(request.method), QString::fromUtf8(request.path)),
                            "invalid_request_error")};
}

FakeOpenAiServer::Answer FakeOpenAiServer::imagesAnswer(const RecordedRequest &request, const Fault &fault)
{
    const Headers json{{"Content-Type", "application/json"}};
    const bool edit = request.path.endsWith("/edits");
    if (!edit && request.json.isEmpty()) {
        return {400, json,
                openAiErrorBody(QStringLiteral("We could not parse the JSON body of your request."),
                                "invalid_request_error")};
    }
    ImageParams params;
    if (const QByteArray error = params.read(request, edit); !error.isEmpty())
        return {400, json, error};

    const QByteArray image = encodedImage(params.size, params.outputFormat,
                                          m_noisyVariants > 0 ? m_imagesServed++ % m_noisyVariants : 0);
    QByteArray b64;
    switch (fault.kind) {
    case Fault::Kind::TruncatedImage:
        b64 = image.left(image.size() / 2).toBase64();
        break;
    case Fault::Kind::NotAnImage:
        b64 = QByteArrayLiteral("This is not an image.").toBase64();
        break;
    case Fault::Kind::InvalidBase64:
        b64 = "%%% not base64 %%%";
        break;
    default:
        b64 = m_base64Cache.value(image);
        if (b64.isEmpty()) {
            b64 = image.toBase64();
            m_base64Cache.insert(image, b64);
        }
        break;
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();

    if (params.stream || fault.kind == Fault::Kind::StreamEndsEarly) {
        Answer reply{200, {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}}, {}, true};
        for (int i = 0; i < params.n; ++i) {
            for (int partial = 0; partial < params.partialImages; ++partial) {
                QJsonObject event{
                    {QStringLiteral("type"), QString::fromLatin1(params.eventPrefix() + "partial_image")},
                    {QStringLiteral("b64_json"), QString::fromLatin1(kImageData)},
                    {QStringLiteral("created_at"), now},
                    {QStringLiteral("partial_image_index"), partial}};
                params.addEchoes(event);
                reply.body +=
                    sseEvent(params.eventPrefix() + "partial_image",
                             withImageData(QJsonDocument(event).toJson(QJsonDocument::Compact), b64));
            }
            if (fault.kind == Fault::Kind::StreamEndsEarly)
                continue;
            QJsonObject event{
                {QStringLiteral("type"), QString::fromLatin1(params.eventPrefix() + "completed")},
                {QStringLiteral("b64_json"), QString::fromLatin1(kImageData)},
                {QStringLiteral("created_at"), now},
                {QStringLiteral("usage"), params.usage(1)}};
            params.addEchoes(event);
            const QByteArray data =
                fault.kind == Fault::Kind::InvalidJson
                    ? QByteArray(brokenJson)
                    : withImageData(QJsonDocument(event).toJson(QJsonDocument::Compact), b64);
            reply.body += sseEvent(params.eventPrefix() + "completed", data);
        }
        return reply;
    }

    if (fault.kind == Fault::Kind::InvalidJson)
        return {200, json, brokenJson};
    QJsonArray data;
    const bool url = !params.gptImage() && (m_urlAnswers || params.responseFormat != "b64_json");
    for (int i = 0; fault.kind != Fault::Kind::EmptyData && i < params.n; ++i) {
        QJsonObject item;
        if (url) {
            const QByteArray name = "img-" + QByteArray::number(m_files.size()) + ".png";
            m_files.insert(name, QByteArray::fromBase64(b64));
            item.insert(
                QStringLiteral("url"),
                QStringLiteral("http://127.0.0.1:%1/files/%2").arg(port()).arg(QString::fromLatin1(name)));
        } else {
            item.insert(QStringLiteral("b64_json"), QString::fromLatin1(kImageData));
        }
        if (params.model == "dall-e-3")
            item.insert(QStringLiteral("revised_prompt"), params.prompt);
        data.append(item);
    }
    QJsonObject body{{QStringLiteral("created"), now}, {QStringLiteral("data"), data}};
    if (params.gptImage()) {
        params.addEchoes(body);
        body.insert(QStringLiteral("usage"), params.usage(params.n));
    }
    return {200, json, withImageData(QJsonDocument(body).toJson(QJsonDocument::Compact), b64)};
}

void FakeOpenAiServer::send(QTcpSocket *socket, const Answer &answer, const Fault &fault)
{
    if (socket->state() != QAbstractSocket::ConnectedState)
        return;
    const bool oversized = fault.kind == Fault::Kind::Oversized;
    QByteArray head =
        "HTTP/1.1 " + QByteArray::number(answer.status) + ' ' + reasonPhrase(answer.status) + "\r\n";
    for (const auto &[name, value] : answer.headers)
        head += name + ": " + value + "\r\n";
    if (!answer.eventStream)
        head +=
            "Content-Length: " + QByteArray::number(oversized ? fault.oversizeBytes : answer.body.size()) +
            "\r\n";
    head += "Connection: close\r\n\r\n";

    switch (fault.kind) {
    case Fault::Kind::DripFeed: {
        socket->write(head);
        // Pieces small enough to arrive as many reads, few enough that a large image still drips in time.
        const qsizetype piece = qMax<qsizetype>(256, answer.body.size() / 32);
        auto *timer = new QTimer(socket);
        timer->setInterval(qMax(1, fault.delayMs));
        connect(timer, &QTimer::timeout, socket,
                [socket, timer, body = answer.body, piece, offset = qsizetype(0)]() mutable {
                    socket->write(body.mid(offset, piece));
                    offset += piece;
                    if (offset >= body.size()) {
                        timer->stop();
                        endConnection(socket);
                    }
                });
        timer->start();
        return;
    }
    case Fault::Kind::ResetMidBody: {
        socket->write(head + answer.body.left(answer.body.size() / 2));
        // Reset once the half is out, and a moment later, so the client reads it before the reset arrives.
        connect(socket, &QTcpSocket::bytesWritten, socket, [socket] {
            if (socket->bytesToWrite() == 0)
                QTimer::singleShot(20, socket, [socket] { resetConnection(socket); });
        });
        return;
    }
    case Fault::Kind::Oversized: {
        socket->write(head);
        // Valid JSON of the requested length, made in chunks as the socket drains rather than all at once.
        const QByteArray prefix = "{\"created\":1700000000,\"data\":[{\"b64_json\":\"";
        const QByteArray suffix = "\"}]}";
        const qint64 total = fault.oversizeBytes;
        auto written = std::make_shared<qint64>(0);
        const auto fill = [socket, prefix, suffix, total, written] {
            constexpr qint64 chunk = 64 * 1024;
            const bool framed = total >= prefix.size() + suffix.size();
            while (*written < total && socket->bytesToWrite() < 4 * chunk) {
                QByteArray bytes(qMin(chunk, total - *written), 'A');
                if (framed) {
                    overlay(bytes, *written, prefix, 0);
                    overlay(bytes, *written, suffix, total - suffix.size());
                }
                *written += bytes.size();
                socket->write(bytes);
            }
            if (*written >= total && socket->bytesToWrite() == 0)
                endConnection(socket);
        };
        connect(socket, &QTcpSocket::bytesWritten, socket, fill);
        fill();
        return;
    }
    default:
        socket->write(head + answer.body);
        endConnection(socket);
        return;
    }
}

void FakeOpenAiServer::setNoisyImages(int variants)
{
    m_noisyVariants = std::max(0, variants);
}

void FakeOpenAiServer::prepareImage(QSize size, const QByteArray &format)
{
    for (int variant = 0; variant < std::max(1, m_noisyVariants); ++variant)
        encodedImage(size, format, variant);
}

QByteArray FakeOpenAiServer::encodedImage(QSize size, const QByteArray &format, int variant)
{
    QByteArray key =
        QByteArray::number(size.width()) + 'x' + QByteArray::number(size.height()) + '.' + format;
    if (m_noisyVariants > 0)
        key += '.' + QByteArray::number(variant);
    if (const auto cached = m_imageCache.constFind(key); cached != m_imageCache.constEnd())
        return *cached;
    const QByteArray bytes =
        TestPicture::encoded(size, format.constData(), m_noisyVariants > 0 ? variant + 1 : 0);
    m_imageCache.insert(key, bytes);
    return bytes;
}

} // namespace atelier::test
