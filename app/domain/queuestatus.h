#pragma once

#include <QtGlobal>

namespace atelier {

struct QueueStatus
{
    int pending = 0;
    int processing = 0;
    qint64 averageWaitMs = 0;         // from queued to started, over recent generations
    qint64 estimatedProcessingMs = 0; // median processing time the EtaEstimator expects
    qint64 estimatedDrainMs = 0;      // until the current queue is empty, at the current concurrency
    bool paused = false;              // no job starts until the queue is resumed

    bool operator==(const QueueStatus &) const = default;
};

} // namespace atelier
