#pragma once

#include "domain/generation.h"
#include "domain/generationsidecar.h"
#include "domain/progress.h"
#include "providers/provider.h"
#include "storage/imagelibrary.h"

#include <QFutureWatcher>

#include <QString>

#include <optional>

namespace atelier {

class EtaEstimator;
class ModelCatalog;
class Provider;
struct ProviderProgress;

// One attempt in flight: what the engine knows of it between start and end, and how its progress reads. The
// last tenth of the bar is kept for checking and saving the images; a provider that reports no steps moves
// along the EtaEstimator's estimate instead.
class RunningJob
{
public:
    RunningJob(Provider *provider, Generation generation, int attempt, qint64 startedAtMs, qint64 expectedMs);

    Provider *provider() const { return m_provider; }
    const Generation &generation() const { return m_generation; }
    int run() const { return m_generation.run; }
    qint64 profileId() const { return m_generation.request.profileId; }
    int attempt() const { return m_attempt; }
    qint64 startedAtMs() const { return m_startedAtMs; }
    int percent() const { return m_percent; }
    QString step() const { return m_step; }
    bool isSaving() const { return m_saving; }

    // Takes a provider's report. True when the step changed and is due for a disk write: at most once a
    // second and not in the first second, as a quick job is better written once, when it ends.
    bool takeProviderProgress(const ProviderProgress &progress, qint64 nowMs);
    // For providers that report no steps: the percent follows the estimate.
    void advanceEstimate(const EtaEstimator &eta, qint64 nowMs);
    // The provider delivered and charged `charged`; `save` writes the images on the pool.
    void startSaving(const QString &step, QFutureWatcher<SavedImages> *save, qint64 charged);
    // The save under way once saving started (owned by the engine), and what the attempt cost.
    QFutureWatcher<SavedImages> *save() const { return m_save; }
    qint64 charged() const { return m_charged; }
    // The save is over: what it wrote (or why it could not) is kept until the store has recorded the end,
    // which waits when another process holds the database.
    void finishSaving(const SavedImages &saved);
    const std::optional<SavedImages> &saved() const { return m_saved; }
    // The attempt failed with `error`, and the store has yet to record it.
    void failWith(const GenerationError &error) { m_failure = error; }
    const std::optional<GenerationError> &failure() const { return m_failure; }
    Progress report(qint64 id, const EtaEstimator &eta, qint64 nowMs) const;
    // What the library writes beside the files when the provider delivered at nowMs.
    GenerationSidecar sidecar(const ModelCatalog &catalog, qint64 charged, qint64 nowMs) const;
    // What the provider is asked to do for this attempt.
    ProviderJob providerJob() const;

private:
    Provider *m_provider;
    Generation m_generation; // as stored when this attempt started
    int m_attempt;
    qint64 m_startedAtMs;
    qint64 m_expectedMs;
    int m_percent = 0;
    QString m_step;
    int m_stepIndex = 0;
    int m_stepCount = 0;
    bool m_providerReportsSteps = false;
    bool m_saving = false;
    QFutureWatcher<SavedImages> *m_save = nullptr;
    std::optional<SavedImages> m_saved;
    std::optional<GenerationError> m_failure;
    qint64 m_charged = 0;
    qint64 m_stepWrittenAtMs;
};

} // namespace atelier
