#pragma once

#include "domain/generationerror.h"

#include <functional>
#include <optional>

namespace atelier {

// When an attempt failed: whether to try again and after how long. Only transient errors are retried
// (network, time-out, 408/409/5xx, rate limits), at most maxAttempts attempts in all, after an exponential
// back-off with jitter; a delay the server asked for (Retry-After) wins over the back-off.
class RetryPolicy
{
public:
    struct Settings
    {
        int maxAttempts = 3;
        qint64 baseDelayMs = 1000;
        qint64 maxDelayMs = 60'000;
        qint64 maxServerDelayMs = 10 * 60'000; // a Retry-After beyond this is capped
        double jitter = 0.5;                   // the back-off is scaled by a random factor in [1 - jitter, 1]
    };

    // random01 yields uniform numbers in [0, 1); tests pass a fixed one.
    explicit RetryPolicy(Settings settings, std::function<double()> random01 = {});

    const Settings &settings() const { return m_settings; }
    // The delay before the next attempt after `attempt` (1-based) failed with `error`; nothing when it must
    // not be retried.
    std::optional<qint64> delayAfter(int attempt, const GenerationError &error) const;

private:
    Settings m_settings;
    std::function<double()> m_random01;
};

} // namespace atelier
