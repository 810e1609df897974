#include "openaierrormapper.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace atelier {

namespace {
using Category = GenerationError::Category;
using Headers = OpenAiErrorMapper::Headers;

constexpr qsizetype kMaxMessageChars = 300;
// A day: far beyond any back-off the engine honours, and it keeps absurd header values from overflowing.
constexpr double kMaxDelayMs = 24.0 * 3600 * 1000;

struct ApiError
{
    QString message;
    QString type;
    QString code;
    QString param;
};

ApiError parseApiError(const QByteArray &body)
{
    ApiError result;
    const QJsonValue error = QJsonDocument::fromJson(body).object().value(QLatin1String("error"));
    if (error.isString()) {
        result.message = error.toString();
        return result;
    }
    const QJsonObject object = error.toObject();
    // code is a string in practice, but the spec allows null and compatible servers send numbers.
    const auto text = [&object](QLatin1String key) {
        const QJsonValue value = object.value(key);
        return value.isDouble() ? QString::number(value.toInteger()) : value.toString();
    };
    result.message = text(QLatin1String("message"));
    result.type = text(QLatin1String("type"));
    result.code = text(QLatin1String("code"));
    result.param = text(QLatin1String("param"));
    return result;
}

std::optional<QByteArray> header(const Headers &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return std::nullopt;
}

// A delay in milliseconds from a header number; negative delays mean "now".
std::optional<qint64> delayMs(const QByteArray &text, double scale)
{
    bool ok = false;
    const double value = text.toDouble(&ok) * scale;
    if (!ok || std::isnan(value))
        return std::nullopt;
    return qint64(std::clamp(value, 0.0, kMaxDelayMs));
}

std::optional<QDateTime> parseHttpDate(const QString &text, qint64 nowMs)
{
    const QLocale c = QLocale::c();
    // The weekday is left out of the parse: it adds nothing, and Qt checks it against a two-digit year's
    // 19xx reading, which would refuse every RFC 850 date of this century.
    const QString afterWeekday = text.mid(text.indexOf(QLatin1Char(',')) + 1).trimmed();
    // RFC 1123, the preferred form: "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime date = c.toDateTime(afterWeekday, QStringLiteral("dd MMM yyyy HH:mm:ss t"));
    if (date.isValid())
        return date;
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT". A two-digit year more than 50 years ahead is in the past.
    date = c.toDateTime(afterWeekday, QStringLiteral("dd-MMM-yy HH:mm:ss t"));
    if (date.isValid()) {
        const int nowYear = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).date().year();
        int year = nowYear - nowYear % 100 + date.date().year() % 100;
        if (year > nowYear + 50)
            year -= 100;
        return date.addYears(year - date.date().year());
    }
    // asctime: "Sun Nov  6 08:49:37 1994", which Qt's RFC 2822 parser reads as UTC.
    date = QDateTime::fromString(text, Qt::RFC2822Date);
    if (date.isValid())
        return date;
    return std::nullopt;
}

QString plainMessage(Category category, int status, const QString &param)
{
    const QString code = QString::number(status);
    switch (category) {
    case Category::Auth:
        return QStringLiteral("The API key was not accepted (HTTP %1).").arg(code);
    case Category::Permission:
        return QStringLiteral("This API key is not allowed to do that (HTTP %1).").arg(code);
    case Category::Quota:
        return QStringLiteral("The account has run out of credit or reached its billing limit (HTTP %1).")
            .arg(code);
    case Category::RateLimit:
        return QStringLiteral("Too many requests; the server asked to slow down (HTTP %1).").arg(code);
    case Category::ContentPolicy:
        return QStringLiteral("The request was refused by the content policy (HTTP %1).").arg(code);
    case Category::InvalidRequest:
        if (!param.isEmpty())
            return QStringLiteral("The server did not accept the parameter '%1' (HTTP %2).").arg(param, code);
        if (status == 404)
            return QStringLiteral("The server did not find what was asked for (HTTP %1).").arg(code);
        return QStringLiteral("The server did not accept the request (HTTP %1).").arg(code);
    default:
        break;
    }
    if (status == 408)
        return QStringLiteral("The server timed out waiting for the request (HTTP %1).").arg(code);
    if (status == 409)
        return QStringLiteral("The server reported a conflict (HTTP %1).").arg(code);
    if (status == 500)
        return QStringLiteral("The server ran into an error (HTTP %1).").arg(code);
    if (status > 500)
        return QStringLiteral("The server is busy (HTTP %1).").arg(code);
    return QStringLiteral("The server answered with an unexpected status (HTTP %1).").arg(code);
}

// The server's own words, made safe and short enough for a status line.
QString serverMessage(const ApiError &error, Category category)
{
    QString message = OpenAiErrorMapper::scrubSecrets(error.message).simplified();
    if (message.size() > kMaxMessageChars) {
        const qsizetype cut = message.lastIndexOf(QLatin1Char(' '), kMaxMessageChars);
        message.truncate(cut > kMaxMessageChars / 2 ? cut : kMaxMessageChars);
        message.append(QChar(0x2026)); // an ellipsis
    }
    if (!message.isEmpty() && category == Category::InvalidRequest && !error.param.isEmpty() &&
        !message.contains(error.param)) {
        message += QStringLiteral(" (parameter '%1')").arg(error.param);
    }
    return message;
}

Category categoryFor(int status, const ApiError &error)
{
    const auto isOneOf = [&error](std::initializer_list<QLatin1String> names) {
        return std::any_of(names.begin(), names.end(),
                           [&error](QLatin1String name) { return error.code == name || error.type == name; });
    };
    switch (status) {
    case 401:
        return Category::Auth;
    case 403:
        return Category::Permission;
    case 429:
        return isOneOf({QLatin1String("insufficient_quota"), QLatin1String("billing_hard_limit_reached")})
                   ? Category::Quota
                   : Category::RateLimit;
    case 400:
        // image_generation_user_error is the type the image endpoints give these codes.
        if (isOneOf({QLatin1String("content_policy_violation"), QLatin1String("moderation_blocked")}))
            return Category::ContentPolicy;
        return Category::InvalidRequest;
    case 404:
    case 422:
        return Category::InvalidRequest;
    case 408:
    case 409:
        return Category::Server;
    default:
        return status >= 500 ? Category::Server : Category::InvalidRequest;
    }
}
} // namespace

GenerationError OpenAiErrorMapper::map(int httpStatus, const QByteArray &body, const Headers &headers,
                                       qint64 nowMs)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return {};
    const ApiError apiError = parseApiError(body);
    const Category category = categoryFor(httpStatus, apiError);
    QString message = serverMessage(apiError, category);
    if (message.isEmpty())
        message = plainMessage(category, httpStatus, apiError.param);

    // Scrubbed again: the param name in a plain sentence came from the server too.
    GenerationError error = GenerationError::make(category, scrubSecrets(message), httpStatus);
    error.retryAfterMs = retryAfterMs(headers, nowMs);
    // The server knows best whether another attempt can succeed, except that an exhausted quota stays
    // exhausted whatever a proxy in between says.
    if (const auto shouldRetry = header(headers, "x-should-retry");
        shouldRetry && category != Category::Quota) {
        if (shouldRetry->compare("true", Qt::CaseInsensitive) == 0)
            error.retryable = true;
        else if (shouldRetry->compare("false", Qt::CaseInsensitive) == 0)
            error.retryable = false;
    }
    return error;
}

GenerationError OpenAiErrorMapper::mapNetwork(QNetworkReply::NetworkError error, bool cancelledByUser,
                                              bool timedOut)
{
    using E = QNetworkReply::NetworkError;
    // The user's cancel wins over a time-out that raced with it: nobody wants a retry of what they stopped.
    if (cancelledByUser)
        return GenerationError::make(Category::Cancelled, QStringLiteral("Cancelled."));
    if (timedOut)
        return GenerationError::make(Category::Timeout, QStringLiteral("The server did not answer in time."));

    const auto network = [](const QString &message) {
        return GenerationError::make(Category::Network, message);
    };
    switch (error) {
    case E::ConnectionRefusedError:
        return network(QStringLiteral("The server refused the connection."));
    case E::RemoteHostClosedError:
        return network(QStringLiteral("The server closed the connection unexpectedly."));
    case E::HostNotFoundError:
        return network(QStringLiteral("The server could not be found. Check the internet connection."));
    case E::TimeoutError:
        return network(QStringLiteral("The connection to the server timed out."));
    case E::TemporaryNetworkFailureError:
    case E::NetworkSessionFailedError:
        return network(QStringLiteral("The network is not available right now."));
    case E::ProxyConnectionRefusedError:
    case E::ProxyConnectionClosedError:
    case E::ProxyNotFoundError:
    case E::ProxyTimeoutError:
        return network(QStringLiteral("The proxy server could not be reached."));
    case E::SslHandshakeFailedError:
        return network(QStringLiteral("A secure connection to the server could not be established."));
    case E::OperationCanceledError:
        // Aborted by neither the user nor the time-out: the connection went away under us.
        return network(QStringLiteral("The connection was interrupted."));
    case E::UnknownNetworkError:
        return network(QStringLiteral("The network request failed."));
    default:
        break;
    }
    // Anything else (redirect loops, unsupported protocol, proxy authentication) will fail the same way
    // again.
    GenerationError result = network(
        QStringLiteral("The request could not be sent (network error %1).").arg(static_cast<int>(error)));
    result.retryable = false;
    return result;
}

std::optional<qint64> OpenAiErrorMapper::retryAfterMs(const Headers &headers, qint64 nowMs)
{
    if (const auto ms = header(headers, "retry-after-ms")) {
        if (const auto delay = delayMs(*ms, 1))
            return delay;
    }
    const auto retryAfter = header(headers, "retry-after");
    if (!retryAfter)
        return std::nullopt;
    if (const auto delay = delayMs(*retryAfter, 1000))
        return delay;
    if (const auto date = parseHttpDate(QString::fromLatin1(*retryAfter), nowMs))
        return qint64(std::clamp(double(date->toMSecsSinceEpoch() - nowMs), 0.0, kMaxDelayMs));
    return std::nullopt;
}

QString OpenAiErrorMapper::scrubSecrets(QString text)
{
    // OpenAI keys (sk-..., sk-proj-..., also the masked "sk-proj-****abcd" its 401 message echoes) and any
    // bearer token an upstream proxy might quote back.
    static const QRegularExpression key(QStringLiteral("\\bsk-[A-Za-z0-9_*\\-]+"));
    static const QRegularExpression bearer(QStringLiteral("\\bBearer\\s+\\S+"),
                                           QRegularExpression::CaseInsensitiveOption);
    // The bearer first: the key after it goes with it, rather than leaving "Bearer [redacted] key]".
    text.replace(bearer, QStringLiteral("Bearer [redacted]"));
    text.replace(key, QStringLiteral("[redacted key]"));
    return text;
}

} // namespace atelier
