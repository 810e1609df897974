#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QQueue>
#include <QUrl>

class QSize;
class QTcpServer;
class QTcpSocket;

namespace atelier::test {

// A local server that speaks the OpenAI Images API wire format (shared/reference/openai-images-openapi.json)
// over loopback: POST /v1/images/generations (JSON) and /v1/images/edits (multipart), plain or streamed as
// server-sent events, with real images of the requested size. Each request can be scripted to fail the way
// the real service fails. Records every request for assertions.
class FakeOpenAiServer final : public QObject
{
    Q_OBJECT
public:
    struct Fault
    {
        enum class Kind
        {
            None,
            Status,          // `status` with an OpenAI error body {"error": {message, type, code, param}}
            SlowFirstByte,   // wait delayMs before the first byte of the answer
            DripFeed,        // the body in small pieces, one every delayMs
            ResetMidBody,    // half the body, then the connection is reset
            TruncatedImage,  // a 200 whose image bytes are cut short
            NotAnImage,      // a 200 whose b64_json decodes to bytes that are no image
            InvalidBase64,   // a 200 whose b64_json is not base64
            InvalidJson,     // a 200 whose body is not JSON
            EmptyData,       // a 200 with "data": []
            StreamEndsEarly, // a stream that closes after the partial images, before *.completed
            Oversized,       // a 200 whose body is oversizeBytes long
            Redirect,        // `status` (301, 302, 307, 308) with Location: `location`, and no body
        };
        // Every member has an initializer, so that designated initializers may leave any out (GCC warns
        // about members without one).
        Kind kind = Kind::None;
        int status = 0;
        QByteArray errorType{};
        QByteArray errorCode{};
        QByteArray errorParam{};
        QString errorMessage{};
        QByteArray retryAfter{};   // Retry-After header value (seconds or an HTTP date); empty: none
        QByteArray retryAfterMs{}; // retry-after-ms header value; empty: none
        QByteArray shouldRetry{};  // x-should-retry header value; empty: none
        int delayMs = 0;
        qint64 oversizeBytes = 0;
        QByteArray location{};
    };

    struct Part
    {
        QByteArray name;
        QByteArray fileName;
        QByteArray contentType;
        QByteArray data;
    };

    struct RecordedRequest
    {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers; // names lower-case
        QByteArray body;
        QJsonObject json;  // generations
        QList<Part> parts; // edits
        QByteArray header(const QByteArray &name) const;
    };

    explicit FakeOpenAiServer(QObject *parent = nullptr);
    ~FakeOpenAiServer() override;

    bool listen(quint16 port = 0); // loopback only
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT/v1

    void setLatencyMs(int ms);                  // before every answer
    void setExpectedKey(const QByteArray &key); // when set, 401 unless "Authorization: Bearer <key>"
    void script(const Fault &fault);            // what the next request (of any path) gets; queued in order
    void setRateLimitHeaders(bool send);        // x-ratelimit-remaining-requests / -reset-requests on answers
    // The window those headers describe: `limit` requests in all, the next one allowed after `reset` ("1s").
    void setRateLimitWindow(int limit, const QByteArray &reset);
    // DALL-E answers carry a URL to fetch the image from even when b64_json was asked for, as compatible
    // servers do.
    void setUrlAnswers(bool urls);
    // Images like real model output rather than flat colours that would flatter a decoder: noise over the
    // gradient (a 1024x1024 PNG of about 1.4 MB), in `variants` different pictures served in turn. 0: off.
    void setNoisyImages(int variants);
    // Renders the image of that size and format now, so that the first answers are not slowed by it.
    void prepareImage(QSize size, const QByteArray &format);
    QList<RecordedRequest> requests() const;
    // Requests whose client closed the connection before the whole answer was sent.
    QList<int> hungUp() const { return m_hungUp; }

Q_SIGNALS:
    void requestReceived(int index);
    void clientHungUp(int index);

private:
    struct Answer;
    void acceptConnections();
    void handle(QTcpSocket *socket, RecordedRequest request);
    Answer answer(const RecordedRequest &request, const Fault &fault);
    Answer imagesAnswer(const RecordedRequest &request, const Fault &fault);
    void send(QTcpSocket *socket, const Answer &answer, const Fault &fault);
    QByteArray encodedImage(QSize size, const QByteArray &format, int variant = 0);

    QTcpServer *m_server;
    int m_latencyMs = 0;
    QByteArray m_expectedKey;
    QQueue<Fault> m_faults;
    bool m_rateLimitHeaders = false;
    int m_rateLimit = 50;
    QByteArray m_rateLimitReset = "1s";
    bool m_urlAnswers = false;
    QList<int> m_hungUp;
    QList<RecordedRequest> m_requests;
    QHash<QByteArray, QByteArray> m_imageCache;  // "WxH.format[.variant]" -> encoded bytes
    QHash<QByteArray, QByteArray> m_base64Cache; // encoded bytes -> their base64
    int m_noisyVariants = 0;
    int m_imagesServed = 0;
    QHash<QByteArray, QByteArray> m_files; // served at /files/<name>, for dall-e url answers
};

} // namespace atelier::test
