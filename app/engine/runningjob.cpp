#include "runningjob.h"

#include "domain/modelcatalog.h"
#include "engine/etaestimator.h"
#include "providers/provider.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <algorithm>

namespace atelier {

namespace {
constexpr qint64 kStepWriteIntervalMs = 1000;
constexpr int kProviderShare = 90; // percent of the bar the provider's steps fill
} // namespace

RunningJob::RunningJob(Provider *provider, Generation generation, int attempt, qint64 startedAtMs,
                       qint64 expectedMs)
    : m_provider(provider), m_generation(std::move(generation)), m_attempt(attempt),
      m_startedAtMs(startedAtMs), m_expectedMs(expectedMs),
      m_step(QCoreApplication::translate("RunningJob", "Starting")), m_stepWrittenAtMs(startedAtMs)
{}

bool RunningJob::takeProviderProgress(const ProviderProgress &progress, qint64 nowMs)
{
    const QString previousStep = m_step;
    if (progress.stepCount > 0) {
        m_providerReportsSteps = true;
        m_stepIndex = progress.stepIndex;
        m_stepCount = progress.stepCount;
        m_percent = std::max(
            m_percent, std::min(kProviderShare, progress.stepIndex * kProviderShare / progress.stepCount));
    }
    if (!progress.step.isEmpty())
        m_step = progress.step;
    if (m_step == previousStep || nowMs - m_stepWrittenAtMs < kStepWriteIntervalMs)
        return false;
    m_stepWrittenAtMs = nowMs;
    return true;
}

void RunningJob::advanceEstimate(const EtaEstimator &eta, qint64 nowMs)
{
    if (!m_providerReportsSteps && !m_saving)
        m_percent = std::max(m_percent, eta.estimatedPercent(m_expectedMs, nowMs - m_startedAtMs));
}

void RunningJob::startSaving(const QString &step, QFutureWatcher<SavedImages> *save, qint64 charged)
{
    m_saving = true;
    m_save = save;
    m_charged = charged;
    m_percent = std::max(m_percent, 95);
    m_step = step;
}

void RunningJob::finishSaving(const SavedImages &saved)
{
    m_save = nullptr; // the engine deletes the watcher now
    m_saved = saved;
}

Progress RunningJob::report(qint64 id, const EtaEstimator &eta, qint64 nowMs) const
{
    Progress report;
    report.generationId = id;
    report.percent = m_percent;
    report.step = m_step;
    report.stepIndex = m_stepIndex;
    report.stepCount = m_stepCount;
    report.etaMs = m_saving ? 0 : eta.remainingMs(m_expectedMs, nowMs - m_startedAtMs);
    report.estimated = !m_providerReportsSteps;
    return report;
}

GenerationSidecar RunningJob::sidecar(const ModelCatalog &catalog, qint64 charged, qint64 nowMs) const
{
    GenerationSidecar sidecar;
    sidecar.generationId = m_generation.id;
    sidecar.run = m_generation.run;
    sidecar.request = m_generation.request;
    sidecar.provider = m_generation.provider;
    const ModelSpec *spec = catalog.model(m_generation.request.model);
    sidecar.modelLabel = spec ? spec->label : m_generation.request.model;
    sidecar.size = m_generation.size;
    bool isNumber = false;
    const qint64 seed = m_generation.request.parameters.value(QStringLiteral("seed")).toLongLong(&isNumber);
    if (isNumber)
        sidecar.seed = seed;
    sidecar.durationMs = nowMs - m_startedAtMs;
    sidecar.tokensCharged = charged;
    sidecar.createdAt = m_generation.createdAt;
    sidecar.finishedAt = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    return sidecar;
}

ProviderJob RunningJob::providerJob() const
{
    ProviderJob job;
    job.generationId = m_generation.id;
    job.attempt = m_attempt;
    job.request = m_generation.request;
    job.size = m_generation.size;
    // A stable tag for the profile that names nobody, for providers that want an end-user id.
    const QByteArray input = "atelier-profile:" + QByteArray::number(m_generation.request.profileId);
    job.userTag =
        QString::fromLatin1(QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex().left(24));
    return job;
}

} // namespace atelier
