#pragma once

#include <QByteArray>
#include <QString>

namespace atelier {

// A progress report for one generation, as the service announces it.
struct Progress
{
    qint64 generationId = 0;
    int percent = 0; // 0-100
    QString step;    // the current step in words
    int stepIndex = 0;
    int stepCount = 0;
    qint64 etaMs = -1;      // estimated time remaining; -1 when unknown
    bool estimated = false; // true when the percent comes from the EtaEstimator, not the provider
    QByteArray preview;     // an encoded partial image, when the provider streams them
};

} // namespace atelier
