#include "retrypolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace atelier {

RetryPolicy::RetryPolicy(Settings settings, std::function<double()> random01)
    : m_settings(settings), m_random01(std::move(random01))
{
    if (!m_random01)
        m_random01 = [] { return QRandomGenerator::global()->generateDouble(); };
}

std::optional<qint64> RetryPolicy::delayAfter(int attempt, const GenerationError &error) const
{
    if (!error.retryable || attempt >= m_settings.maxAttempts)
        return std::nullopt;
    if (error.retryAfterMs)
        return std::clamp<qint64>(*error.retryAfterMs, 0, m_settings.maxServerDelayMs);
    const double exponential = double(m_settings.baseDelayMs) * std::pow(2.0, std::max(0, attempt - 1));
    const double capped = std::min(exponential, double(m_settings.maxDelayMs));
    const double factor = 1.0 - m_settings.jitter * m_random01();
    return qint64(std::llround(capped * factor));
}

} // namespace atelier
