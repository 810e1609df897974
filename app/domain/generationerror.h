#pragma once

#include <QString>

#include <optional>

namespace atelier {

// An error is a value that travels from where it happened to the person: a category the engine can act on
// (retry or not) and words a person understands. Never holds a secret.
struct GenerationError
{
    enum class Category
    {
        None,
        Validation, // the request breaks a rule of the catalog; nothing was queued
        InsufficientTokens,
        Auth,           // 401: the API key is missing or wrong
        Permission,     // 403
        Quota,          // 429 insufficient_quota / billing limit: never retried
        RateLimit,      // 429 otherwise: retried after the server's delay
        ContentPolicy,  // the prompt or an image was refused by moderation
        InvalidRequest, // 400/404/422 that is not content policy
        Server,         // 408, 409, 5xx
        Network,        // refused, reset, DNS, TLS
        Timeout,        // a transfer or queue time-out
        BadResponse,    // a 200 whose body is unusable
        Cancelled,
        Storage, // the disk or the database refused a write
        Internal,
    };

    Category category = Category::None;
    QString message;
    int httpStatus = 0;
    bool retryable = false;
    // Delay the server asked for (Retry-After), in milliseconds; unset when it asked for none.
    std::optional<qint64> retryAfterMs;

    bool isError() const { return category != Category::None; }

    static GenerationError make(Category category, const QString &message, int httpStatus = 0);
};

// Whether errors of this category are worth another attempt when nothing more specific is known.
bool isTransient(GenerationError::Category category);
// Stable lower-case names for storage, JSON and the CLI ("rate_limit", "content_policy", ...).
QString categoryName(GenerationError::Category category);
std::optional<GenerationError::Category> categoryFromName(const QString &name);
// What the person can do about it, in a few words ("Add an API key in Settings."); nothing when the message
// says it already.
QString suggestedAction(const GenerationError &error);

} // namespace atelier
