#include "fakecloudinaryserver.h"

#include "domain/clock.h"
#include "httprequestparser.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDateTime>
#include <QHostAddress>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>
#include <memory>

namespace atelier::test {

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Cloudinary refuses a signature whose timestamp is further than this from its own clock.
constexpr qint64 maxClockSkewSeconds = 3600;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

QByteArray errorBody(const QString &message)
{
    const QJsonObject error{{QStringLiteral("message"), message}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

// The documented rule, written out plainly: every field but the file, the cloud name, the resource type,
// the key and the signature itself (and its algorithm), without empty ones, sorted by name, as name=value
// joined by '&'.
QByteArray textToSign(const QMap<QString, QString> &fields)
{
    static const QList<QString> skipped{
        QStringLiteral("file"),    QStringLiteral("cloud_name"), QStringLiteral("resource_type"),
        QStringLiteral("api_key"), QStringLiteral("signature"),
    };
    QList<QPair<QByteArray, QByteArray>> pairs;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        if (!skipped.contains(it.key()) && !it.value().isEmpty())
            pairs.append({it.key().toUtf8(), it.value().toUtf8()});
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QByteArrayList joined;
    for (const auto &[name, value] : pairs)
        joined.append(name + '=' + value);
    return joined.join('&');
}

QMap<QString, QString> urlEncodedFields(const QByteArray &body)
{
    QMap<QString, QString> fields;
    const QList<QByteArray> pairs = body.split('&');
    for (QByteArray pair : pairs) {
        if (pair.isEmpty())
            continue;
        pair.replace('+', ' ');
        const qsizetype eq = pair.indexOf('=');
        const QByteArray name = eq < 0 ? pair : pair.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        fields.insert(QString::fromUtf8(QByteArray::fromPercentEncoding(name)),
                      QString::fromUtf8(QByteArray::fromPercentEncoding(value)));
    }
    return fields;
}

// The format Cloudinary would detect, from the first bytes; empty for anything that is no image it takes.
QString imageFormat(const QByteArray &bytes)
{
    if (bytes.startsWith("\x89PNG\r\n\x1a\n"))
        return QStringLiteral("png");
    if (bytes.startsWith("\xff\xd8\xff"))
        return QStringLiteral("jpg");
    if (bytes.startsWith("RIFF") && bytes.mid(8, 4) == "WEBP")
        return QStringLiteral("webp");
    return {};
}

QString randomPublicId()
{
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString id;
    for (int i = 0; i < 20; ++i)
        id.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof alphabet) - 1)]));
    return id;
}

QByteArray hexDigest(const QByteArray &text, QCryptographicHash::Algorithm algorithm)
{
    return QCryptographicHash::hash(text, algorithm).toHex();
}

} // namespace

QByteArray FakeCloudinaryServer::RecordedRequest::header(const QByteArray &name) const
{
    const QByteArray lower = name.toLower();
    for (const auto &[key, value] : headers) {
        if (key == lower)
            return value;
    }
    return {};
}

FakeCloudinaryServer::FakeCloudinaryServer(const QString &cloudName, const QString &apiKey,
                                           const QString &apiSecret, QObject *parent)
    : QObject(parent), m_server(new QTcpServer(this)), m_cloudName(cloudName), m_apiKey(apiKey),
      m_apiSecret(apiSecret)
{
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            acceptConnection(socket);
    });
}

FakeCloudinaryServer::~FakeCloudinaryServer() = default;

bool FakeCloudinaryServer::listen(quint16 port)
{
    return m_server->listen(QHostAddress::LocalHost, port);
}

quint16 FakeCloudinaryServer::port() const
{
    return m_server->serverPort();
}

QUrl FakeCloudinaryServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

void FakeCloudinaryServer::setClock(const Clock *clock)
{
    m_clock = clock;
}

void FakeCloudinaryServer::failNext(int count, Fault fault)
{
    for (int i = 0; i < count; ++i)
        m_faults.enqueue(fault);
}

void FakeCloudinaryServer::acceptConnection(QTcpSocket *socket)
{
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    auto parser = std::make_shared<HttpRequestParser>();
    // The request's head, gathered until its closing blank line: a Drop strikes then, before any answer.
    auto head = std::make_shared<QByteArray>();
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, parser, head] {
        // One request per connection: anything after it is ignored, the answer closes the connection.
        const QByteArray bytes = socket->readAll();
        if (parser->state() != HttpRequestParser::State::Incomplete)
            return;
        if (!head->contains("\r\n\r\n")) {
            head->append(bytes);
            if (head->contains("\r\n\r\n") && !m_faults.isEmpty() && m_faults.head() == Fault::Drop) {
                m_faults.dequeue();
                const QList<QByteArray> requestLine = head->left(head->indexOf("\r\n")).split(' ');
                RecordedRequest request;
                request.method = requestLine.value(0);
                request.path = requestLine.value(1);
                m_requests.append(request);
                Q_EMIT requestReceived(int(m_requests.size() - 1));
                socket->abort();
                return;
            }
        }
        const HttpRequestParser::State state = parser->feed(bytes);
        if (state == HttpRequestParser::State::Invalid) {
            RecordedRequest request;
            request.status = 400;
            m_requests.append(request);
            Q_EMIT requestReceived(int(m_requests.size() - 1));
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
        } else if (state == HttpRequestParser::State::Complete) {
            RecordedRequest request;
            request.method = parser->method();
            request.path = parser->path();
            request.headers = parser->headers();
            const QByteArray contentType = parser->header("content-type");
            if (contentType.startsWith("multipart/form-data")) {
                const auto parts = HttpRequestParser::parseMultipart(parser->body(), contentType);
                for (const auto &part : parts) {
                    if (part.name == "file" && !part.fileName.isEmpty()) {
                        request.fileName = part.fileName;
                        request.fileContentType = part.contentType;
                        request.file = part.data;
                    } else {
                        request.fields.insert(QString::fromUtf8(part.name), QString::fromUtf8(part.data));
                    }
                }
            } else {
                request.fields = urlEncodedFields(parser->body());
            }
            handle(socket, std::move(request));
        }
    });
}

void FakeCloudinaryServer::handle(QTcpSocket *socket, RecordedRequest request)
{
    const std::optional<Fault> fault =
        m_faults.isEmpty() ? std::nullopt : std::optional<Fault>(m_faults.dequeue());
    Answer reply;
    if (fault == Fault::Stall) {
        // Kept open and silent until the client gives up.
        reply.status = 0;
    } else if (fault == Fault::ServerError) {
        reply = {500, errorBody(QStringLiteral("General Error")), {}};
    } else if (fault == Fault::Unavailable) {
        reply = {503,
                 errorBody(QStringLiteral("Service temporarily unavailable")),
                 {{"Retry-After", QByteArray::number(RetryAfterSeconds)}}};
    } else if (fault == Fault::RateLimited) {
        reply = {429, errorBody(QStringLiteral("Rate Limit Exceeded")), {}};
    } else if (fault == Fault::InvalidJson) {
        reply = {200, "{\"public_id\": \"atelier/cut", {}};
    } else if (fault == Fault::Redirect) {
        reply = {
            302, errorBody(QStringLiteral("Moved")), {{"Location", "https://elsewhere.invalid/v1_1/upload"}}};
    } else if (fault == Fault::Oversized) {
        // Valid JSON, only far too long: a string of spaces.
        reply = {200, "{\"public_id\": \"" + QByteArray(OversizedBytes, ' ') + "\"}", {}};
    } else if (fault == Fault::Unauthorized) {
        reply = {
            401,
            errorBody(
                QStringLiteral("Unknown API key %1").arg(request.fields.value(QStringLiteral("api_key")))),
            {}};
    } else {
        const QList<QByteArray> segments = request.path.split('/');
        const bool known = request.method == "POST" && segments.size() == 5 && segments.at(1) == "v1_1" &&
                           segments.at(3) == "image" &&
                           (segments.at(4) == "upload" || segments.at(4) == "destroy");
        if (!known)
            reply = {404, errorBody(QStringLiteral("Resource not found")), {}};
        else if (QString::fromUtf8(segments.at(2)) != m_cloudName)
            reply = {
                401,
                errorBody(QStringLiteral("Invalid cloud_name %1").arg(QString::fromUtf8(segments.at(2)))),
                {}};
        else if (segments.at(4) == "upload")
            reply = upload(request);
        else
            reply = destroy(request);
    }

    request.status = reply.status;
    m_requests.append(std::move(request));
    Q_EMIT requestReceived(int(m_requests.size() - 1));
    if (reply.status == 0)
        return;

    QByteArray head =
        "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    head += "Content-Type: application/json; charset=utf-8\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n\r\n";
    socket->write(head + reply.body);
    socket->disconnectFromHost();
}

std::optional<FakeCloudinaryServer::Answer> FakeCloudinaryServer::refusal(const RecordedRequest &request,
                                                                          bool upload) const
{
    const auto badRequest = [](const QString &message) { return Answer{400, errorBody(message), {}}; };
    if (upload && request.fileName.isEmpty())
        return badRequest(QStringLiteral("Missing required parameter - file"));
    QStringList required{QStringLiteral("api_key"), QStringLiteral("timestamp"), QStringLiteral("signature")};
    if (!upload)
        required.prepend(QStringLiteral("public_id"));
    for (const QString &name : std::as_const(required)) {
        if (request.fields.value(name).isEmpty())
            return badRequest(QStringLiteral("Missing required parameter - %1").arg(name));
    }
    const QString key = request.fields.value(QStringLiteral("api_key"));
    if (key != m_apiKey)
        return Answer{401, errorBody(QStringLiteral("Unknown API key %1").arg(key)), {}};

    bool ok = false;
    const qint64 timestamp = request.fields.value(QStringLiteral("timestamp")).toLongLong(&ok);
    if (!ok)
        return badRequest(QStringLiteral("Invalid timestamp"));
    if (qAbs(nowSeconds() - timestamp) > maxClockSkewSeconds)
        return badRequest(QStringLiteral("Stale request - reported time is %1 which is more than 1 hour away "
                                         "from the server's time")
                              .arg(QDateTime::fromSecsSinceEpoch(timestamp, Qt::UTC)
                                       .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss +0000"))));

    const QString given = request.fields.value(QStringLiteral("signature"));
    if (given.toLatin1() != expectedSignature(request.fields))
        return Answer{401,
                      errorBody(QStringLiteral("Invalid Signature %1. String to sign - '%2'.")
                                    .arg(given, QString::fromUtf8(textToSign(request.fields)))),
                      {}};
    return std::nullopt;
}

QByteArray FakeCloudinaryServer::expectedSignature(const QMap<QString, QString> &fields) const
{
    // An account signs with SHA-1 or SHA-256 as configured; the digest's length tells which this one used.
    const bool sha256 = fields.value(QStringLiteral("signature")).size() == 64;
    return hexDigest(textToSign(fields) + m_apiSecret.toUtf8(),
                     sha256 ? QCryptographicHash::Sha256 : QCryptographicHash::Sha1);
}

FakeCloudinaryServer::Answer FakeCloudinaryServer::upload(const RecordedRequest &request)
{
    if (const std::optional<Answer> refused = refusal(request, true))
        return *refused;
    const QString format = imageFormat(request.file);
    if (format.isEmpty())
        return {400, errorBody(QStringLiteral("Invalid image file")), {}};

    QString folder = request.fields.value(QStringLiteral("folder"));
    while (folder.endsWith(QLatin1Char('/')))
        folder.chop(1);
    QString publicId = request.fields.value(QStringLiteral("public_id"));
    if (publicId.isEmpty())
        publicId = randomPublicId();
    if (!folder.isEmpty())
        publicId = folder + QLatin1Char('/') + publicId;
    const bool existed = m_assets.contains(publicId);
    // Signed uploads replace an asset of the same public id unless told not to.
    if (existed && request.fields.value(QStringLiteral("overwrite")) == QLatin1String("false"))
        return {200,
                QJsonDocument(
                    QJsonObject{{QStringLiteral("public_id"), publicId}, {QStringLiteral("existing"), true}})
                    .toJson(QJsonDocument::Compact),
                {}};

    const qint64 now = nowSeconds();
    const qint64 version = std::max(m_lastVersion + 1, now);
    m_lastVersion = version;
    m_assets.insert(publicId, request.file);

    const QString path =
        QStringLiteral("%1/image/upload/v%2/%3.%4").arg(m_cloudName).arg(version).arg(publicId, format);
    QJsonArray tags;
    const QStringList tagList =
        request.fields.value(QStringLiteral("tags")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &tag : tagList)
        tags.append(tag);
    QJsonObject body{
        {QStringLiteral("asset_id"),
         QString::fromLatin1(
             hexDigest(publicId.toUtf8() + QByteArray::number(version), QCryptographicHash::Md5))},
        {QStringLiteral("public_id"), publicId},
        {QStringLiteral("version"), version},
        {QStringLiteral("version_id"),
         QString::fromLatin1(
             hexDigest(QByteArray::number(version) + publicId.toUtf8(), QCryptographicHash::Md5))},
        // The response signature Cloudinary documents: public_id and version, signed like a request.
        {QStringLiteral("signature"),
         QString::fromLatin1(hexDigest("public_id=" + publicId.toUtf8() +
                                           "&version=" + QByteArray::number(version) + m_apiSecret.toUtf8(),
                                       QCryptographicHash::Sha1))},
        {QStringLiteral("format"), format},
        {QStringLiteral("resource_type"), QStringLiteral("image")},
        {QStringLiteral("created_at"),
         QDateTime::fromSecsSinceEpoch(now, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"))},
        {QStringLiteral("tags"), tags},
        {QStringLiteral("bytes"), qint64(request.file.size())},
        {QStringLiteral("type"), QStringLiteral("upload")},
        {QStringLiteral("etag"), QString::fromLatin1(hexDigest(request.file, QCryptographicHash::Md5))},
        {QStringLiteral("placeholder"), false},
        {QStringLiteral("url"), QStringLiteral("http://res.cloudinary.com/") + path},
        {QStringLiteral("secure_url"), QStringLiteral("https://res.cloudinary.com/") + path},
        {QStringLiteral("folder"), folder},
        {QStringLiteral("original_filename"),
         QString::fromUtf8(request.fileName.left(request.fileName.lastIndexOf('.')))},
        {QStringLiteral("api_key"), m_apiKey},
    };
    if (existed)
        body.insert(QStringLiteral("overwritten"), true);
    QByteArray bytes = request.file;
    QBuffer buffer(&bytes);
    QImageReader reader(&buffer);
    if (const QSize size = reader.size(); size.isValid()) {
        body.insert(QStringLiteral("width"), size.width());
        body.insert(QStringLiteral("height"), size.height());
    }
    return {200, QJsonDocument(body).toJson(QJsonDocument::Compact), {}};
}

FakeCloudinaryServer::Answer FakeCloudinaryServer::destroy(const RecordedRequest &request)
{
    if (const std::optional<Answer> refused = refusal(request, false))
        return *refused;
    const bool removed = m_assets.remove(request.fields.value(QStringLiteral("public_id"))) > 0;
    const QJsonObject body{
        {QStringLiteral("result"), removed ? QStringLiteral("ok") : QStringLiteral("not found")}};
    return {200, QJsonDocument(body).toJson(QJsonDocument::Compact), {}};
}

qint64 FakeCloudinaryServer::nowSeconds() const
{
    return m_clock ? m_clock->nowMs() / 1000 : QDateTime::currentSecsSinceEpoch();
}

} // namespace atelier::test
