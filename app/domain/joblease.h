#pragma once

#include <QString>

namespace atelier {

// Who runs a job and until when. A process claims a job with a lease and renews it while it works on it; a
// lease that has run out means its process died or stalled, and the job may go to another process.
struct JobLease
{
    QString owner;          // the process's id, unique across processes and restarts
    qint64 expiresAtMs = 0; // milliseconds since the Unix epoch
};

} // namespace atelier
