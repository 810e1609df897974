#pragma once

#include "domain/generationerror.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>

#include <optional>

namespace atelier {

// Turns what the OpenAI Images API answered (status, `{"error": {...}}` body, headers) or what the network
// did into a GenerationError: a category the engine acts on and words a person understands. Never lets a key
// through.
class OpenAiErrorMapper final
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // A 2xx status yields no error (Category::None). nowMs is the clock that turns an HTTP date in
    // Retry-After into a delay.
    static GenerationError map(int httpStatus, const QByteArray &body, const Headers &headers, qint64 nowMs);
    // For a reply that ended without an HTTP status. A time-out from setTransferTimeout and a user's abort()
    // both end as OperationCanceledError, hence the two flags.
    static GenerationError mapNetwork(QNetworkReply::NetworkError error, bool cancelledByUser, bool timedOut);

    // The delay a response asked for: retry-after-ms first, then Retry-After in seconds or as an HTTP date.
    static std::optional<qint64> retryAfterMs(const Headers &headers, qint64 nowMs);
    // Replaces anything that looks like an API key (sk-..., Bearer ...) so it can be shown or logged.
    static QString scrubSecrets(QString text);
};

} // namespace atelier
