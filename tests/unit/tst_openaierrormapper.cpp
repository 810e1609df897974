#include "providers/openai/openaierrormapper.h"

#include <QTest>

using namespace atelier;
using Category = GenerationError::Category;
using Headers = OpenAiErrorMapper::Headers;

namespace {

// Wed, 21 Oct 2015 07:28:00 GMT, less 30 seconds: the HTTP dates below are 30 s ahead of "now".
constexpr qint64 kNowMs = 1445412480000 - 30'000;

QByteArray errorBody(const char *message, const char *type, const char *code, const char *param = nullptr)
{
    const auto quoted = [](const char *text) {
        return text ? '"' + QByteArray(text) + '"' : QByteArray("null");
    };
    return R"({"error":{"message":)" + quoted(message) + R"(,"type":)" + quoted(type) + R"(,"param":)" +
           quoted(param) + R"(,"code":)" + quoted(code) + "}}";
}

// "Name: value" lines, as a test reads more easily than pairs.
Headers headers(const QList<QByteArray> &lines)
{
    Headers result;
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        result.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    return result;
}

} // namespace

class TestOpenAiErrorMapper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void map_data();
    void map();
    void successIsNoError();
    void longMessageIsShortened();
    void mapNetwork_data();
    void mapNetwork();
    void scrubSecrets_data();
    void scrubSecrets();
};

void TestOpenAiErrorMapper::map_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QList<QByteArray>>("headerLines");
    QTest::addColumn<int>("category");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<qint64>("retryAfterMs"); // -1: none
    QTest::addColumn<QString>("contains");
    QTest::addColumn<QString>("lacks");

    const QList<QByteArray> none;
    const QByteArray rateLimited =
        errorBody("Rate limit reached for images per minute.", "requests", "rate_limit_exceeded");
    const QString rateText = QStringLiteral("Rate limit reached");

    QTest::newRow("401 auth, key scrubbed")
        << 401
        << errorBody("Incorrect API key provided: sk-proj-abc123XYZ_def-456. You can find your API key at "
                     "https://platform.openai.com/account/api-keys.",
                     "invalid_request_error", "invalid_api_key")
        << none << int(Category::Auth) << false << qint64(-1) << QStringLiteral("Incorrect API key provided")
        << QStringLiteral("abc123");
    QTest::newRow("401 masked key scrubbed")
        << 401
        << errorBody("Incorrect API key provided: sk-proj-****************************wxyz.", nullptr,
                     nullptr)
        << none << int(Category::Auth) << false << qint64(-1) << QStringLiteral("API key")
        << QStringLiteral("wxyz");
    QTest::newRow("403 permission") << 403
                                    << errorBody("Project does not have access to model gpt-image-1.",
                                                 "invalid_request_error", "model_not_found")
                                    << none << int(Category::Permission) << false << qint64(-1)
                                    << QStringLiteral("does not have access") << QString();
    QTest::newRow("429 insufficient_quota is quota, never retried")
        << 429 << errorBody("You exceeded your current quota.", "insufficient_quota", "insufficient_quota")
        << QList<QByteArray>{"x-should-retry: true", "Retry-After: 20"} << int(Category::Quota) << false
        << qint64(20'000) << QStringLiteral("current quota") << QString();
    QTest::newRow("429 billing_hard_limit_reached is quota")
        << 429
        << errorBody("Billing hard limit has been reached.", "invalid_request_error",
                     "billing_hard_limit_reached")
        << none << int(Category::Quota) << false << qint64(-1) << QStringLiteral("Billing") << QString();
    QTest::newRow("429 rate limit without delay") << 429 << rateLimited << none << int(Category::RateLimit)
                                                  << true << qint64(-1) << rateText << QString();
    QTest::newRow("Retry-After seconds")
        << 429 << rateLimited << QList<QByteArray>{"Retry-After: 7"} << int(Category::RateLimit) << true
        << qint64(7000) << rateText << QString();
    QTest::newRow("Retry-After fractional seconds")
        << 429 << rateLimited << QList<QByteArray>{"retry-after: 1.5"} << int(Category::RateLimit) << true
        << qint64(1500) << rateText << QString();
    QTest::newRow("Retry-After RFC 1123 date")
        << 429 << rateLimited << QList<QByteArray>{"Retry-After: Wed, 21 Oct 2015 07:28:00 GMT"}
        << int(Category::RateLimit) << true << qint64(30'000) << rateText << QString();
    QTest::newRow("Retry-After RFC 850 date")
        << 429 << rateLimited << QList<QByteArray>{"Retry-After: Wednesday, 21-Oct-15 07:28:00 GMT"}
        << int(Category::RateLimit) << true << qint64(30'000) << rateText << QString();
    QTest::newRow("Retry-After RFC 850 date of the last century")
        << 429 << rateLimited << QList<QByteArray>{"Retry-After: Sunday, 06-Nov-94 08:49:37 GMT"}
        << int(Category::RateLimit) << true << qint64(0) << rateText << QString();
    QTest::newRow("Retry-After asctime date")
        << 429 << rateLimited << QList<QByteArray>{"Retry-After: Wed Oct 21 07:28:00 2015"}
        << int(Category::RateLimit) << true << qint64(30'000) << rateText << QString();
    QTest::newRow("Retry-After date in the past is 0")
        << 429 << rateLimited << QList<QByteArray>{"Retry-After: Tue, 20 Oct 2015 07:28:00 GMT"}
        << int(Category::RateLimit) << true << qint64(0) << rateText << QString();
    QTest::newRow("negative Retry-After is 0")
        << 429 << rateLimited << QList<QByteArray>{"Retry-After: -5"} << int(Category::RateLimit) << true
        << qint64(0) << rateText << QString();
    QTest::newRow("unreadable Retry-After is none")
        << 429 << rateLimited << QList<QByteArray>{"Retry-After: soon"} << int(Category::RateLimit) << true
        << qint64(-1) << rateText << QString();
    QTest::newRow("retry-after-ms wins over Retry-After")
        << 429 << rateLimited << QList<QByteArray>{"Retry-After: 7", "Retry-After-Ms: 250"}
        << int(Category::RateLimit) << true << qint64(250) << rateText << QString();
    QTest::newRow("400 content_policy_violation")
        << 400
        << errorBody("Your request was rejected by our safety system.", "invalid_request_error",
                     "content_policy_violation")
        << none << int(Category::ContentPolicy) << false << qint64(-1) << QStringLiteral("safety system")
        << QString();
    QTest::newRow("400 image_generation_user_error moderation_blocked")
        << 400
        << errorBody("Request blocked by moderation.", "image_generation_user_error", "moderation_blocked")
        << none << int(Category::ContentPolicy) << false << qint64(-1) << QStringLiteral("moderation")
        << QString();
    QTest::newRow("400 names the bad param")
        << 400 << errorBody("Invalid value: '999x999'.", "invalid_request_error", "invalid_value", "size")
        << none << int(Category::InvalidRequest) << false << qint64(-1)
        << QStringLiteral("Invalid value: '999x999'. (parameter 'size')") << QString();
    QTest::newRow("400 param without message")
        << 400 << errorBody(nullptr, "invalid_request_error", nullptr, "quality") << none
        << int(Category::InvalidRequest) << false << qint64(-1)
        << QStringLiteral("parameter 'quality' (HTTP 400)") << QString();
    QTest::newRow("404 invalid request") << 404 << QByteArray() << none << int(Category::InvalidRequest)
                                         << false << qint64(-1) << QStringLiteral("HTTP 404") << QString();
    QTest::newRow("422 invalid request") << 422 << QByteArray("{}") << none << int(Category::InvalidRequest)
                                         << false << qint64(-1) << QStringLiteral("HTTP 422") << QString();
    QTest::newRow("408 server") << 408 << QByteArray() << none << int(Category::Server) << true << qint64(-1)
                                << QStringLiteral("HTTP 408") << QString();
    QTest::newRow("409 server") << 409 << QByteArray() << none << int(Category::Server) << true << qint64(-1)
                                << QStringLiteral("HTTP 409") << QString();
    QTest::newRow("500 server with message")
        << 500 << errorBody("The server had an error while processing your request.", "server_error", nullptr)
        << none << int(Category::Server) << true << qint64(-1) << QStringLiteral("had an error") << QString();
    QTest::newRow("503 busy") << 503 << QByteArray() << QList<QByteArray>{"Retry-After: 2"}
                              << int(Category::Server) << true << qint64(2000)
                              << QStringLiteral("The server is busy (HTTP 503).") << QString();
    QTest::newRow("other 5xx is server") << 599 << QByteArray() << none << int(Category::Server) << true
                                         << qint64(-1) << QStringLiteral("HTTP 599") << QString();
    QTest::newRow("other 4xx is invalid request")
        << 418 << QByteArray() << none << int(Category::InvalidRequest) << false << qint64(-1)
        << QStringLiteral("HTTP 418") << QString();
    QTest::newRow("x-should-retry false overrides")
        << 503 << QByteArray() << QList<QByteArray>{"X-Should-Retry: false"} << int(Category::Server) << false
        << qint64(-1) << QStringLiteral("HTTP 503") << QString();
    QTest::newRow("x-should-retry true overrides")
        << 400 << QByteArray() << QList<QByteArray>{"x-should-retry: true"} << int(Category::InvalidRequest)
        << true << qint64(-1) << QStringLiteral("HTTP 400") << QString();
    QTest::newRow("non-JSON body") << 502 << QByteArray("<html><body>Bad Gateway</body></html>") << none
                                   << int(Category::Server) << true << qint64(-1)
                                   << QStringLiteral("The server is busy (HTTP 502).")
                                   << QStringLiteral("html");
    QTest::newRow("truncated JSON body")
        << 400 << QByteArray(R"({"error":{"message":"cut)") << none << int(Category::InvalidRequest) << false
        << qint64(-1) << QStringLiteral("HTTP 400") << QString();
    QTest::newRow("Bearer token scrubbed")
        << 401 << errorBody("Header 'Authorization: Bearer abc.def-ghi' is malformed.", nullptr, nullptr)
        << none << int(Category::Auth) << false << qint64(-1) << QStringLiteral("Bearer [redacted]")
        << QStringLiteral("abc.def");
}

void TestOpenAiErrorMapper::map()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QList<QByteArray>, headerLines);
    QFETCH(int, category);
    QFETCH(bool, retryable);
    QFETCH(qint64, retryAfterMs);
    QFETCH(QString, contains);
    QFETCH(QString, lacks);

    const GenerationError error = OpenAiErrorMapper::map(status, body, headers(headerLines), kNowMs);
    QCOMPARE(int(error.category), category);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.retryable, retryable);
    QCOMPARE(error.retryAfterMs.value_or(-1), retryAfterMs);
    QVERIFY2(error.message.contains(contains), qPrintable(error.message));
    if (!lacks.isEmpty())
        QVERIFY2(!error.message.contains(lacks), qPrintable(error.message));
    QVERIFY2(!error.message.contains(QLatin1String("sk-")), qPrintable(error.message));
}

void TestOpenAiErrorMapper::successIsNoError()
{
    QVERIFY(!OpenAiErrorMapper::map(200, QByteArray("{}"), {}, kNowMs).isError());
}

void TestOpenAiErrorMapper::longMessageIsShortened()
{
    const QByteArray words = QByteArray("word ").repeated(200);
    const GenerationError error = OpenAiErrorMapper::map(
        400, errorBody(words.constData(), "invalid_request_error", nullptr), {}, kNowMs);
    QVERIFY(error.message.size() <= 301);
    QVERIFY(error.message.startsWith(QLatin1String("word word")));
    QVERIFY(error.message.endsWith(QChar(0x2026)));
}

void TestOpenAiErrorMapper::mapNetwork_data()
{
    using E = QNetworkReply::NetworkError;
    QTest::addColumn<int>("error");
    QTest::addColumn<bool>("cancelledByUser");
    QTest::addColumn<bool>("timedOut");
    QTest::addColumn<int>("category");
    QTest::addColumn<bool>("retryable");

    const int network = int(Category::Network);
    QTest::newRow("refused") << int(E::ConnectionRefusedError) << false << false << network << true;
    QTest::newRow("reset") << int(E::RemoteHostClosedError) << false << false << network << true;
    QTest::newRow("DNS") << int(E::HostNotFoundError) << false << false << network << true;
    QTest::newRow("connect timeout") << int(E::TimeoutError) << false << false << network << true;
    QTest::newRow("temporary failure")
        << int(E::TemporaryNetworkFailureError) << false << false << network << true;
    QTest::newRow("session failed") << int(E::NetworkSessionFailedError) << false << false << network << true;
    QTest::newRow("proxy refused") << int(E::ProxyConnectionRefusedError) << false << false << network
                                   << true;
    QTest::newRow("proxy closed") << int(E::ProxyConnectionClosedError) << false << false << network << true;
    QTest::newRow("unknown network") << int(E::UnknownNetworkError) << false << false << network << true;
    QTest::newRow("TLS") << int(E::SslHandshakeFailedError) << false << false << network << true;
    QTest::newRow("transfer time-out")
        << int(E::OperationCanceledError) << false << true << int(Category::Timeout) << true;
    QTest::newRow("user cancel") << int(E::OperationCanceledError) << true << false
                                 << int(Category::Cancelled) << false;
    QTest::newRow("user cancel beats time-out")
        << int(E::OperationCanceledError) << true << true << int(Category::Cancelled) << false;
    QTest::newRow("unsupported protocol is not retried")
        << int(E::ProtocolUnknownError) << false << false << network << false;
}

void TestOpenAiErrorMapper::mapNetwork()
{
    QFETCH(int, error);
    QFETCH(bool, cancelledByUser);
    QFETCH(bool, timedOut);
    QFETCH(int, category);
    QFETCH(bool, retryable);

    const GenerationError result =
        OpenAiErrorMapper::mapNetwork(QNetworkReply::NetworkError(error), cancelledByUser, timedOut);
    QCOMPARE(int(result.category), category);
    QCOMPARE(result.retryable, retryable);
    QCOMPARE(result.httpStatus, 0);
    QVERIFY(!result.message.isEmpty());
}

void TestOpenAiErrorMapper::scrubSecrets_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("project key") << QStringLiteral("key sk-proj-abc123_DEF-456 used")
                                 << QStringLiteral("key [redacted key] used");
    QTest::newRow("legacy key") << QStringLiteral("sk-abcdefghijklmnop.")
                                << QStringLiteral("[redacted key].");
    QTest::newRow("bearer") << QStringLiteral("Authorization: bearer eyJhbGciOi.x")
                            << QStringLiteral("Authorization: Bearer [redacted]");
    QTest::newRow("bearer key") << QStringLiteral("sent Bearer sk-proj-abc123_DEF-456.")
                                << QStringLiteral("sent Bearer [redacted]");
    QTest::newRow("words that merely contain sk- stay")
        << QStringLiteral("a task-based risk-free ask") << QStringLiteral("a task-based risk-free ask");
    QTest::newRow("nothing to scrub") << QStringLiteral("Invalid size.") << QStringLiteral("Invalid size.");
}

void TestOpenAiErrorMapper::scrubSecrets()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(OpenAiErrorMapper::scrubSecrets(input), expected);
}

QTEST_GUILESS_MAIN(TestOpenAiErrorMapper)
#include "tst_openaierrormapper.moc"
