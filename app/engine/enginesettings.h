#pragma once

#include "engine/jobqueue.h"
#include "engine/retrypolicy.h"

#include <QHash>
#include <QString>

namespace atelier {

// How the engine runs: limits, retries and time-outs. Built once by the program from its preferences.
struct EngineSettings
{
    QueueLimits limits{4, 2, {{QStringLiteral("offline"), 2}, {QStringLiteral("openai"), 4}}};
    RetryPolicy::Settings retry;
    qint64 queueTimeoutMs = 60 * 60'000; // a job still waiting after an hour fails and is refunded
    // How long a running job stays this process's without a renewal (every third of it): when a process dies,
    // its jobs go back to the queue after this. ATELIER_LEASE_SECONDS overrides it (see EngineHost).
    qint64 leaseMs = 30'000;
    // How long a write waits for another process's transaction (see Store::setBusyTimeout). The window's
    // thread paints too, so it waits a tenth of a second at most: a user's action then says the database is
    // busy, and the engine's own writes are tried again a moment later. Shutting down waits the full 5 s.
    int busyTimeoutMs = 5000;
    qint64 initialGrant = 1000; // tokens a new profile starts with
    int statsDays = 30;         // days in UserStats::perDay
    int trashDays = 30;         // deleted results older than this are erased on start; 0 keeps them
    // The window shows every result at once, so it has the thumbnail made from the decode that checks it.
    bool thumbnailsOnSave = false;
    // What the EtaEstimator assumes for a provider before it has seen a generation finish.
    QHash<QString, qint64> defaultDurationsMs{{QStringLiteral("offline"), 1000},
                                              {QStringLiteral("openai"), 45'000}};
};

} // namespace atelier
