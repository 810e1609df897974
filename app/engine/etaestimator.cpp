#include "etaestimator.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace atelier {

namespace {

constexpr qint64 FallbackMs = 30'000;
// What remainingMs claims for a job running past its estimate: it is not done until it says so.
constexpr qint64 OverdueRemainingMs = 1000;
constexpr int MaxEstimatedPercent = 95;

qint64 median(const std::deque<qint64> &samples)
{
    if (samples.empty())
        return 0;
    std::vector<qint64> values(samples.begin(), samples.end());
    const auto middle = values.begin() + values.size() / 2;
    std::nth_element(values.begin(), middle, values.end());
    if (values.size() % 2 == 1)
        return *middle;
    const qint64 lower = *std::max_element(values.begin(), middle);
    return lower + (*middle - lower) / 2;
}

void push(std::deque<qint64> &samples, qint64 value, size_t window)
{
    samples.push_back(value);
    while (samples.size() > window)
        samples.pop_front();
}

QString modelKey(const QString &provider, const QString &model)
{
    return provider + QLatin1Char('|') + model;
}

QString fullKey(const QString &provider, const QString &model, const QString &size, const QString &quality)
{
    return modelKey(provider, model) + QLatin1Char('|') + size + QLatin1Char('|') + quality;
}

} // namespace

EtaEstimator::EtaEstimator(int window) : m_window(std::max(window, 1)) {}

void EtaEstimator::recordNewestFirst(const QList<DurationSample> &samples)
{
    for (auto it = samples.crbegin(); it != samples.crend(); ++it)
        record(*it);
}

void EtaEstimator::record(const DurationSample &sample)
{
    const auto window = size_t(m_window);
    // A negative value means "not measured": the engine records the wait when a job starts and the processing
    // time when it ends, as two samples.
    if (sample.processingMs >= 0) {
        push(m_samples[fullKey(sample.provider, sample.model, sample.size, sample.quality)],
             sample.processingMs, window);
        push(m_samples[modelKey(sample.provider, sample.model)], sample.processingMs, window);
        push(m_samples[sample.provider], sample.processingMs, window);
        push(m_all, sample.processingMs, window * 4);
    }
    if (sample.waitMs >= 0)
        push(m_waits, sample.waitMs, window);
}

qint64 EtaEstimator::expectedMs(const QString &provider, const QString &model, const QString &size,
                                const QString &quality) const
{
    for (const QString &key :
         {fullKey(provider, model, size, quality), modelKey(provider, model), provider}) {
        const auto it = m_samples.constFind(key);
        if (it != m_samples.cend() && !it->empty())
            return median(*it);
    }
    return m_defaults.value(provider, FallbackMs);
}

qint64 EtaEstimator::remainingMs(qint64 expectedMs, qint64 elapsedMs) const
{
    const qint64 left = expectedMs - elapsedMs;
    return left > 0 ? left : OverdueRemainingMs;
}

int EtaEstimator::estimatedPercent(qint64 expectedMs, qint64 elapsedMs) const
{
    if (expectedMs <= 0)
        return 0;
    return int(std::clamp<qint64>(elapsedMs * 100 / expectedMs, 0, MaxEstimatedPercent));
}

qint64 EtaEstimator::averageWaitMs() const
{
    if (m_waits.empty())
        return 0;
    return std::accumulate(m_waits.begin(), m_waits.end(), qint64(0)) / qint64(m_waits.size());
}

qint64 EtaEstimator::overallMedianMs() const
{
    return median(m_all);
}

} // namespace atelier
