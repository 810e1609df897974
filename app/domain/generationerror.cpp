#include "generationerror.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace atelier {

namespace {
using Category = GenerationError::Category;

constexpr std::array<std::pair<Category, const char *>, 16> kNames{{
    {Category::None, "none"},
    {Category::Validation, "validation"},
    {Category::InsufficientTokens, "insufficient_tokens"},
    {Category::Auth, "auth"},
    {Category::Permission, "permission"},
    {Category::Quota, "quota"},
    {Category::RateLimit, "rate_limit"},
    {Category::ContentPolicy, "content_policy"},
    {Category::InvalidRequest, "invalid_request"},
    {Category::Server, "server"},
    {Category::Network, "network"},
    {Category::Timeout, "timeout"},
    {Category::BadResponse, "bad_response"},
    {Category::Cancelled, "cancelled"},
    {Category::Storage, "storage"},
    {Category::Internal, "internal"},
}};
} // namespace

GenerationError GenerationError::make(Category category, const QString &message, int httpStatus)
{
    GenerationError error;
    error.category = category;
    error.message = message;
    error.httpStatus = httpStatus;
    error.retryable = isTransient(category);
    return error;
}

bool isTransient(GenerationError::Category category)
{
    switch (category) {
    case Category::RateLimit:
    case Category::Server:
    case Category::Network:
    case Category::Timeout:
        return true;
    default:
        return false;
    }
}

QString categoryName(GenerationError::Category category)
{
    for (const auto &[value, name] : kNames) {
        if (value == category)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("internal");
}

std::optional<GenerationError::Category> categoryFromName(const QString &name)
{
    for (const auto &[value, text] : kNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

QString suggestedAction(const GenerationError &error)
{
    switch (error.category) {
    case Category::InvalidRequest:
        return QCoreApplication::translate("GenerationError", "Change the request and try again.");
    case Category::InsufficientTokens:
        return QCoreApplication::translate("GenerationError",
                                           "Top up the profile's tokens or pick a cheaper setting.");
    case Category::Auth:
        return QCoreApplication::translate(
            "GenerationError", "Save a valid API key in Settings (or with 'atelier-cli key set').");
    case Category::Permission:
        // A provider's refusal; "belongs to another profile" from this program needs no advice on keys.
        return error.httpStatus > 0
                   ? QCoreApplication::translate("GenerationError",
                                                 "Check that the key's project may use this model.")
                   : QString();
    case Category::Quota:
        return QCoreApplication::translate("GenerationError", "Check the billing of the provider's account.");
    case Category::RateLimit:
        return QCoreApplication::translate("GenerationError", "Wait a moment; it will be retried.");
    case Category::ContentPolicy:
        return QCoreApplication::translate("GenerationError", "Rephrase the prompt or change the images.");
    case Category::Server:
    case Category::Network:
    case Category::Timeout:
    case Category::BadResponse:
        return QCoreApplication::translate("GenerationError", "Retry in a little while.");
    case Category::Storage:
        // Retryable: another process held the database, and the message says to try again in a moment.
        if (!error.retryable)
            return QCoreApplication::translate("GenerationError", "Free some disk space and retry.");
        break;
    case Category::None:
    case Category::Validation: // its message already names the rule and the way out
    case Category::Cancelled:
    case Category::Internal:
        break;
    }
    return {};
}

} // namespace atelier
