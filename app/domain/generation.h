#pragma once

#include "cloudcopy.h"
#include "generationerror.h"
#include "generationmarks.h"
#include "generationrequest.h"
#include "generationstatus.h"
#include "priority.h"

#include <QDateTime>
#include <QStringList>

namespace atelier {

// One generation as the store knows it. A "run" is one submission or one manual retry; a run makes up to
// maxAttempts provider attempts. Tokens are reserved per run and settled or refunded once per run.
struct Generation
{
    qint64 id = 0;
    GenerationRequest request;
    QString provider; // the catalog's provider id for request.model
    QString size;     // the resolved WIDTHxHEIGHT (or "auto")
    GenerationStatus status = GenerationStatus::Pending;
    int progress = 0; // 0-100
    QString step;     // the current step in words
    int run = 1;
    int attempts = 0; // provider attempts made in this run
    QDateTime createdAt;
    QDateTime queuedAt; // when it last entered the queue (submit, retry, automatic retry)
    QDateTime startedAt;
    QDateTime finishedAt;
    QDateTime notBefore; // back-off: not started before this time
    QDateTime trashedAt; // set while it is in the trash
    // Where it stands among its profile's pending jobs: by priority, then by rank (ascending). The rank is
    // the time it was queued until the person moves it.
    Priority priority = Priority::Normal;
    double queueRank = 0;
    bool held = false; // pending, but paused by hand: it does not start until resumed
    GenerationError error;
    QStringList resultPaths;
    qint64 tokensReserved = 0;
    qint64 tokensCharged = 0;
    CloudCopy cloud;
    // An imported result: the SHA-256 (hex) of the file it came from, so the same file is not imported twice
    // into a profile. Empty for what a provider generated.
    QString importedSha256;
    GenerationMarks marks;
    // The generation it is a variation of ("more like this"); 0 when it came from no other.
    qint64 parentId = 0;

    qint64 processingMs() const
    {
        return startedAt.isValid() && finishedAt.isValid() ? startedAt.msecsTo(finishedAt) : -1;
    }
};

} // namespace atelier
