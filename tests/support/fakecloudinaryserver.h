#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QQueue>
#include <QStringList>
#include <QUrl>

#include <optional>

class QTcpServer;
class QTcpSocket;

namespace atelier {
class Clock;
}

namespace atelier::test {

// A local server that answers like Cloudinary's Upload API over loopback: POST /v1_1/<cloud>/image/upload
// (multipart/form-data) and /v1_1/<cloud>/image/destroy (form-urlencoded or multipart). It checks each
// request as Cloudinary does: the required fields, the API key, a timestamp within an hour of its clock and
// the signature, which it computes with its own code so that a wrong client cannot agree with itself. It
// keeps the bytes it stored, records every request, and can be told to fail the next requests.
class FakeCloudinaryServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeCloudinaryServer)
public:
    enum class Fault
    {
        ServerError,  // HTTP 500
        Unavailable,  // HTTP 503 with Retry-After: RetryAfterSeconds
        RateLimited,  // HTTP 429
        Unauthorized, // HTTP 401 naming the key it was sent, as Cloudinary does
        Drop,         // the connection is reset once the request's head has arrived
        Stall,        // the request is read and never answered
        InvalidJson,  // HTTP 200 with a body cut short
        Redirect,     // HTTP 302 to another address
        Oversized,    // HTTP 200 with a body of OversizedBytes
    };

    struct RecordedRequest
    {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers; // names lower-case
        QMap<QString, QString> fields;                // every form field but the file
        QByteArray fileName;
        QByteArray fileContentType;
        QByteArray file;
        int status = 0; // of the answer; 0 when none was given

        QByteArray header(const QByteArray &name) const;
    };

    static constexpr int RetryAfterSeconds = 7;
    static constexpr qsizetype OversizedBytes = 2 * 1024 * 1024;

    FakeCloudinaryServer(const QString &cloudName, const QString &apiKey, const QString &apiSecret,
                         QObject *parent = nullptr);
    ~FakeCloudinaryServer() override;

    bool listen(quint16 port = 0); // loopback only
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT, without /v1_1

    // The clock timestamps are checked against; the system's when none is set.
    void setClock(const Clock *clock);
    // The next `count` requests (of any path) fail this way.
    void failNext(int count, Fault fault);

    QList<RecordedRequest> requests() const { return m_requests; }
    // The bytes stored under a public id (with its folder), empty when there are none.
    QByteArray stored(const QString &publicId) const { return m_assets.value(publicId); }
    QStringList storedIds() const { return m_assets.keys(); }

Q_SIGNALS:
    void requestReceived(int index);

private:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    void acceptConnection(QTcpSocket *socket);
    void handle(QTcpSocket *socket, RecordedRequest request);
    Answer upload(const RecordedRequest &request);
    Answer destroy(const RecordedRequest &request);
    // Why the request is refused, as Cloudinary would say it; no answer when it is accepted.
    std::optional<Answer> refusal(const RecordedRequest &request, bool upload) const;
    QByteArray expectedSignature(const QMap<QString, QString> &fields) const;
    qint64 nowSeconds() const;

    QTcpServer *m_server;
    QString m_cloudName;
    QString m_apiKey;
    QString m_apiSecret;
    const Clock *m_clock = nullptr;
    QQueue<Fault> m_faults;
    QList<RecordedRequest> m_requests;
    QMap<QString, QByteArray> m_assets;
    qint64 m_lastVersion = 0;
};

} // namespace atelier::test
