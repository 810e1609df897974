#pragma once

#include <QString>

namespace atelier {

// One finished processing time, for the EtaEstimator to learn from.
struct DurationSample
{
    QString provider;
    QString model;
    QString size;
    QString quality;
    qint64 processingMs = 0;
    qint64 waitMs = 0; // from queued to started
};

} // namespace atelier
