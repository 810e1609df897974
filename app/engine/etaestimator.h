#pragma once

#include "domain/durationsample.h"

#include <QHash>
#include <QList>
#include <QString>

#include <deque>

namespace atelier {

// Learns how long generations take from the ones that finished, and predicts the next: the median of the last
// samples for the closest match of (provider, model, size, quality), falling back to (provider, model), then
// to the provider, then to a configured default. Also keeps the average wait from queued to started.
class EtaEstimator
{
public:
    explicit EtaEstimator(int window = 50);

    void setDefault(const QString &provider, qint64 ms) { m_defaults.insert(provider, ms); }
    // Learns the sample's processing time and its wait; a negative value is "not measured" and skipped.
    void record(const DurationSample &sample);
    // record() of each, the last one first (as the store lists them, newest first).
    void recordNewestFirst(const QList<DurationSample> &samples);

    qint64 expectedMs(const QString &provider, const QString &model, const QString &size,
                      const QString &quality) const;
    // Time left for a job running for elapsedMs; never negative, and at least 1 s while it is still running
    // past the estimate, so a late job does not claim to be done.
    qint64 remainingMs(qint64 expectedMs, qint64 elapsedMs) const;
    // Progress in percent for a provider that reports none: elapsed over expected, capped at 95 until it
    // ends.
    int estimatedPercent(qint64 expectedMs, qint64 elapsedMs) const;

    qint64 averageWaitMs() const;
    // The median over the last window * 4 processing times of any kind (0 when none).
    qint64 overallMedianMs() const;

private:
    int m_window;
    QHash<QString, std::deque<qint64>> m_samples; // key -> newest last
    QHash<QString, qint64> m_defaults;
    std::deque<qint64> m_waits;
    std::deque<qint64> m_all;
};

} // namespace atelier
