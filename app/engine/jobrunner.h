#pragma once

#include "domain/generationerror.h"
#include "domain/progress.h"
#include "engine/runningjobs.h"
#include "storage/imagelibrary.h"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace atelier {

class Clock;
class EtaEstimator;
class JobQueue;
class LeaseKeeper;
class ModelCatalog;
class Provider;
class RetryPolicy;
class Store;
struct ProviderProgress;
struct ProviderResult;
struct QueueEntry;

// Runs the jobs this process claims, from the provider's first step to the end recorded in the store: the
// images saved on the pool and the run settled, or the attempt failed and retried under the RetryPolicy.
// When another process holds the database, the end stays this process's (its lease is renewed) and the
// write is tried again shortly: nothing paid for is thrown away while the process runs.
class JobRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobRunner)
public:
    // What came of trying to start a queued job.
    enum class Start
    {
        Started,
        Skipped,      // cancelled or taken elsewhere since it was queued
        ProviderFull, // its provider's limit (or this process's share) is reached: try other providers
        Stop,         // the global limit is reached in some process, or the database failed
        Busy,         // another process held the database: the queue is tried again shortly
    };

    // Every reference must outlive the runner; `uploadsNewResults` says whether a completed job gets a cloud
    // copy (recorded as pending with the completion). `busyTimeoutMs` is the store's usual wait, which
    // shutdown() lengthens for a while.
    JobRunner(Store &store, const ModelCatalog &catalog, const ImageLibrary &library, Clock &clock,
              EtaEstimator &eta, JobQueue &queue, LeaseKeeper &leases, const RetryPolicy &retryPolicy,
              std::function<bool()> uploadsNewResults, int busyTimeoutMs, QObject *parent = nullptr);

    void addProvider(Provider *provider);
    Provider *provider(const QString &id) const { return m_providers.value(id); }
    QList<Provider *> providers() const { return m_providers.values(); }
    const QHash<QString, Provider *> &providersById() const { return m_providers; }

    const RunningJobs &running() const { return m_running; }
    // Claims the queue entry's job in the store (counting the jobs of all processes against the limits) and
    // starts it.
    Start start(const QueueEntry &entry);
    // Stops this process's attempt at a job, if it has one (cancelled or taken over elsewhere); the store is
    // the caller's business.
    void abandon(qint64 id);
    // Starts nothing more; a save under way, or an end not yet recorded, is recorded now (waiting for the
    // database up to 5 s each; one still refused is left to recovery, its lease running out), and every
    // other running job goes back to the queue uncharged.
    void shutdown();

Q_SIGNALS:
    void started(qint64 id, int attempt);
    void progressChanged(const atelier::Progress &progress);
    void retrying(qint64 id, int nextAttempt, qint64 delayMs, const atelier::GenerationError &error);
    // The store recorded the end of this process's attempt: failed, or completed (with its cloud copy
    // pending when `uploadPending`).
    void ended(qint64 id, qint64 profileId);
    void completed(qint64 id, qint64 profileId, bool uploadPending);
    // The end no longer applied: the job was cancelled or taken over elsewhere meanwhile.
    void movedOn(qint64 id);
    // A retry joined the queue.
    void requeued();
    // A provider slot, or the database, may let the next job start.
    void slotFreed();

private:
    void onProgressed(qint64 id, const ProviderProgress &progress);
    void onFinished(qint64 id, const ProviderResult &result);
    void onFailed(qint64 id, const GenerationError &error);
    void onSaved(qint64 id, QFutureWatcher<SavedImages> *save);
    // Records the end of an attempt whose images are saved (or could not be).
    void recordSaved(qint64 id);
    // `error` by value: it may be the one the running job keeps, which ending the run deletes.
    void failOrRetry(qint64 id, GenerationError error);
    // The store refused to record how a running job ended because another process held the database: the
    // write is tried again shortly. False for any other failure, and while shutting down.
    bool writeLater(qint64 id, const GenerationError &error);
    void retryWrites();
    void endRun(qint64 id);
    void emitProgress(qint64 id);

    Store &m_store;
    const ModelCatalog &m_catalog;
    const ImageLibrary &m_library;
    Clock &m_clock;
    EtaEstimator &m_eta;
    JobQueue &m_queue;
    LeaseKeeper &m_leases;
    const RetryPolicy &m_retryPolicy;
    const std::function<bool()> m_uploadsNewResults;
    const int m_busyTimeoutMs;
    QHash<QString, Provider *> m_providers;
    RunningJobs m_running;
    QSet<qint64> m_unwritten; // running jobs whose end waits to be recorded
    QTimer m_writeTimer;
    bool m_leaving = false; // inside shutdown(): ends are recorded now or never
};

} // namespace atelier
