#include "jobrunner.h"

#include "domain/clock.h"
#include "domain/modelcatalog.h"
#include "engine/etaestimator.h"
#include "engine/jobqueue.h"
#include "engine/leasekeeper.h"
#include "engine/retrypolicy.h"
#include "engine/runningjob.h"
#include "providers/provider.h"
#include "storage/store.h"

#include <QLoggingCategory>

#include <algorithm>
#include <utility>

Q_DECLARE_LOGGING_CATEGORY(lcEngine)

namespace atelier {

using Category = GenerationError::Category;

namespace {
// How soon a write the database refused (another process held it) is tried again: its transactions take
// milliseconds.
constexpr int kWriteRetryMs = 250;
// Leaving, the engine waits this long for the database rather than lose a result it has paid for.
constexpr int kShutdownBusyTimeoutMs = 5000;
} // namespace

JobRunner::JobRunner(Store &store, const ModelCatalog &catalog, const ImageLibrary &library, Clock &clock,
                     EtaEstimator &eta, JobQueue &queue, LeaseKeeper &leases, const RetryPolicy &retryPolicy,
                     std::function<bool()> uploadsNewResults, int busyTimeoutMs, QObject *parent)
    : QObject(parent), m_store(store), m_catalog(catalog), m_library(library), m_clock(clock), m_eta(eta),
      m_queue(queue), m_leases(leases), m_retryPolicy(retryPolicy),
      m_uploadsNewResults(std::move(uploadsNewResults)), m_busyTimeoutMs(busyTimeoutMs), m_running(eta, clock)
{
    m_writeTimer.setSingleShot(true);
    m_writeTimer.setInterval(kWriteRetryMs);
    connect(&m_writeTimer, &QTimer::timeout, this, &JobRunner::retryWrites);
    connect(&m_running, &RunningJobs::estimateAdvanced, this, &JobRunner::progressChanged);
}

void JobRunner::addProvider(Provider *provider)
{
    m_providers.insert(provider->id(), provider);
    connect(provider, &Provider::progressed, this, &JobRunner::onProgressed);
    connect(provider, &Provider::finished, this, &JobRunner::onFinished);
    connect(provider, &Provider::failed, this, &JobRunner::onFailed);
}

JobRunner::Start JobRunner::start(const QueueEntry &entry)
{
    const std::optional<Generation> generation = m_store.generation(entry.id);
    Provider *provider = m_providers.value(entry.provider);
    const qint64 at = m_clock.nowMs();
    const JobLeases::Claim claim =
        generation && provider ? m_leases.claim(*generation, m_queue.limits()) : JobLeases::Claim::Gone;
    if (claim != JobLeases::Claim::Claimed) {
        m_queue.release(entry.id);
        if (claim == JobLeases::Claim::Gone) { // its slot goes to the next job
            Q_EMIT movedOn(entry.id);
            return Start::Skipped;
        }
        m_queue.enqueue(entry);
        if (claim == JobLeases::Claim::Busy)
            return Start::Busy;
        return claim == JobLeases::Claim::ProviderTaken || claim == JobLeases::Claim::Shared
                   ? Start::ProviderFull
                   : Start::Stop;
    }
    auto *running = new RunningJob(provider, *generation, generation->attempts + 1, at,
                                   m_eta.expectedMs(entry.provider, generation->request.model,
                                                    generation->size, generation->request.quality));
    if (!m_running.add(entry.id, running)) {
        // An earlier attempt is still here (saving): this claim goes back untouched.
        m_queue.release(entry.id);
        m_store.handBack(entry.id, generation->run, at, m_leases.owner());
        return Start::Skipped;
    }
    m_eta.record({entry.provider, generation->request.model, generation->size, generation->request.quality,
                  -1, at - entry.timeoutBaseMs()});

    const ProviderJob job = running->providerJob();
    Q_EMIT started(entry.id, running->attempt());
    emitProgress(entry.id);
    // A listener may have cancelled it, or shut the engine down: then nothing is asked of the provider.
    if (m_running.value(entry.id) == running)
        provider->start(job);
    return Start::Started;
}

void JobRunner::abandon(qint64 id)
{
    if (RunningJob *running = m_running.value(id)) {
        running->provider()->cancel(id);
        // Saved, but the end never made it to the store: the files are this attempt's own names.
        if (running->saved())
            ImageLibrary::discard(running->saved()->paths);
        endRun(id);
    }
}

void JobRunner::shutdown()
{
    m_writeTimer.stop();
    m_unwritten.clear();
    if (m_running.isEmpty())
        return;
    if (std::exchange(m_leaving, true))
        return; // a listener of an end announced below shut down again: the loop below goes on
    // Leaving, waiting for the database is better than losing what is paid for.
    m_store.setBusyTimeout(std::max(m_busyTimeoutMs, kShutdownBusyTimeoutMs));
    const QList<qint64> ids = m_running.ids();
    for (const qint64 id : ids) {
        RunningJob *running = m_running.value(id);
        if (!running)
            continue; // ended by a listener of an end announced during this shutdown
        if (QFutureWatcher<SavedImages> *save = running->save()) {
            // The images are in and paid for: they are written and recorded rather than thrown away, and
            // a job handed back now would hand its attempt number to a claim whose file names this save
            // still writes.
            save->disconnect(this);
            save->deleteLater();
            save->waitForFinished();
            onSaved(id, save);
        } else if (running->failure()) {
            failOrRetry(id, *running->failure());
        } else if (running->saved()) {
            recordSaved(id);
        } else {
            running->provider()->cancel(id);
            m_store.handBack(id, running->run(), m_clock.nowMs(), m_leases.owner());
            endRun(id);
        }
    }
    m_store.setBusyTimeout(m_busyTimeoutMs);
    m_leaving = false;
}

void JobRunner::onProgressed(qint64 id, const ProviderProgress &progress)
{
    RunningJob *running = m_running.value(id);
    if (!running || running->isSaving())
        return;
    const qint64 at = m_clock.nowMs();
    if (running->takeProviderProgress(progress, at))
        m_store.updateStep(id, running->run(), running->percent(), running->step());
    Progress report = running->report(id, m_eta, at);
    report.preview = progress.preview;
    Q_EMIT progressChanged(report);
}

void JobRunner::onFinished(qint64 id, const ProviderResult &result)
{
    RunningJob *running = m_running.value(id);
    if (!running || running->isSaving())
        return;
    GenerationError error;
    if (!m_store.leases().releaseSlot(id, running->run(), m_leases.lease(), &error) && !error.isError()) {
        // Cancelled or taken over elsewhere: the answer is not this process's to save.
        abandon(id);
        Q_EMIT movedOn(id);
        Q_EMIT slotFreed();
        return;
    }
    const qint64 charged = m_catalog.costFromUsage(running->generation().request, result.usage);
    const int attempt = running->attempt();
    // Decoding and writing are slow: they run on the pool, and the result comes back to this thread.
    auto *watcher = new QFutureWatcher<SavedImages>(this);
    connect(watcher, &QFutureWatcher<SavedImages>::finished, this, [this, watcher, id] {
        watcher->deleteLater();
        onSaved(id, watcher);
    });
    watcher->setFuture(
        m_library.saveAsync(running->sidecar(m_catalog, charged, m_clock.nowMs()), result.images, attempt));
    running->startSaving(tr("Saving the images"), watcher, charged);
    emitProgress(id);
    // The provider's part is over: the slot goes to the next job while these images are checked and written.
    m_queue.release(id);
    Q_EMIT slotFreed();
}

void JobRunner::onSaved(qint64 id, QFutureWatcher<SavedImages> *save)
{
    // Lost meanwhile (and maybe claimed again here): the files are this attempt's, the job no longer is.
    RunningJob *running = m_running.value(id);
    if (!running || running->save() != save) {
        ImageLibrary::discard(save->result().paths); // the attempt's own names: no other attempt writes them
        return;
    }
    running->finishSaving(save->result());
    recordSaved(id);
}

void JobRunner::recordSaved(qint64 id)
{
    const RunningJob *running = m_running.value(id);
    const SavedImages saved = *running->saved();
    if (saved.error.isError()) {
        failOrRetry(id, saved.error);
        return;
    }
    const qint64 at = m_clock.nowMs();
    const Generation generation = running->generation();
    const qint64 elapsed = at - running->startedAtMs();
    const bool upload = m_uploadsNewResults();
    GenerationError error;
    if (!m_store.markCompleted(id, running->run(), saved.paths, running->charged(), at, upload,
                               m_leases.owner(), &error)) {
        if (writeLater(id, error))
            return;
        if (error.isError())
            qCWarning(lcEngine) << "generation" << id
                                << "is saved but could not be recorded; its lease will run out";
        ImageLibrary::discard(saved.paths); // the attempt's own names: no other attempt writes them
        endRun(id);
        Q_EMIT movedOn(id);
        Q_EMIT slotFreed();
        return;
    }
    endRun(id);
    m_eta.record({generation.provider, generation.request.model, generation.size, generation.request.quality,
                  elapsed, -1});
    Q_EMIT completed(id, generation.request.profileId, upload);
    Q_EMIT slotFreed();
}

void JobRunner::onFailed(qint64 id, const GenerationError &error)
{
    const RunningJob *running = m_running.value(id);
    if (!running || running->isSaving())
        return;
    failOrRetry(id, error);
}

void JobRunner::failOrRetry(qint64 id, GenerationError error)
{
    RunningJob *running = m_running.value(id);
    const int attempt = running->attempt();
    const int run = running->run();
    const qint64 profileId = running->profileId();
    const QString provider = running->provider()->id();
    const Priority priority = running->generation().priority;
    if (!running->failure())
        qCInfo(lcEngine) << "generation" << id << "attempt" << attempt
                         << "failed:" << categoryName(error.category) << error.httpStatus;
    running->failWith(error);
    const qint64 at = m_clock.nowMs();
    const std::optional<qint64> delay = m_retryPolicy.delayAfter(attempt, error);
    GenerationError refused;
    const bool recorded =
        delay ? m_store.scheduleRetry(id, run, error, at + *delay, at, m_leases.owner(), &refused)
              : m_store.markFailed(id, run, error, at, m_leases.owner(), &refused);
    if (!recorded && writeLater(id, refused))
        return;
    endRun(id);
    if (!recorded) {
        Q_EMIT movedOn(id);
    } else if (delay) {
        m_queue.enqueue(QueueEntry::queued(id, profileId, provider, priority, at, at + *delay));
        // The server said how long the whole account must wait, not only this job.
        if (error.category == Category::RateLimit && error.retryAfterMs)
            m_queue.throttle(provider, at + *delay);
        Q_EMIT retrying(id, attempt + 1, *delay, error);
        Q_EMIT requeued();
    } else {
        Q_EMIT ended(id, profileId);
    }
    Q_EMIT slotFreed();
}

bool JobRunner::writeLater(qint64 id, const GenerationError &error)
{
    if (!error.retryable || m_leaving)
        return false;
    m_unwritten.insert(id);
    if (!m_writeTimer.isActive())
        m_writeTimer.start();
    return true;
}

void JobRunner::retryWrites()
{
    QSet<qint64> ids = std::exchange(m_unwritten, {});
    while (!ids.isEmpty()) {
        const qint64 id = *ids.cbegin();
        ids.remove(id);
        // Gone when cancelled or taken over elsewhere meanwhile (see abandon()).
        const RunningJob *running = m_running.value(id);
        if (running && running->failure())
            failOrRetry(id, *running->failure());
        else if (running && running->saved())
            recordSaved(id);
        // Refused again: the others would each wait for the database too, so they wait for the next try.
        if (m_unwritten.contains(id)) {
            m_unwritten.unite(ids);
            return;
        }
    }
}

void JobRunner::endRun(qint64 id)
{
    m_queue.release(id);
    m_running.remove(id);
}

void JobRunner::emitProgress(qint64 id)
{
    if (const RunningJob *running = m_running.value(id))
        Q_EMIT progressChanged(running->report(id, m_eta, m_clock.nowMs()));
}

} // namespace atelier
