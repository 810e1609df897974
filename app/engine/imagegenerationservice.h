#pragma once

#include "domain/analytics.h"
#include "domain/generation.h"
#include "domain/historyquery.h"
#include "domain/ledgerentry.h"
#include "domain/modelcatalog.h"
#include "domain/profile.h"
#include "domain/progress.h"
#include "domain/queueplace.h"
#include "domain/queuestatus.h"
#include "domain/userstats.h"
#include "engine/changewatcher.h"
#include "engine/cloudsync.h"
#include "engine/curation.h"
#include "engine/enginesettings.h"
#include "engine/etaestimator.h"
#include "engine/generationexport.h"
#include "engine/historyexport.h"
#include "engine/historyimport.h"
#include "engine/jobqueue.h"
#include "engine/jobrunner.h"
#include "engine/leasekeeper.h"
#include "engine/profileaccounts.h"
#include "engine/profilereports.h"
#include "engine/queuecontrol.h"
#include "engine/queueforecast.h"
#include "engine/retrypolicy.h"
#include "engine/submissioncheck.h"
#include "engine/trash.h"
#include "engine/variations.h"
#include "storage/imagelibrary.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <optional>

namespace atelier {

class Clock;
class Provider;
class Store;

// The one entry point of the engine for the window and the CLI: submit, watch, cancel and retry generations,
// read history, statistics, the queue and the profiles' tokens. Every state change is written to the store
// before the signal that announces it.
class ImageGenerationService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageGenerationService)
public:
    struct Submission
    {
        qint64 id = 0;
        int position = 0; // 1-based place in the queue
        GenerationError error;
    };
    // Several queued at once, all or none: the submissions in order, or none and the error.
    struct Batch
    {
        QList<Submission> submissions;
        GenerationError error;
    };

    ImageGenerationService(Store &store, const ModelCatalog &catalog, const ImageLibrary &library,
                           Clock &clock, EngineSettings settings, QObject *parent = nullptr);
    ~ImageGenerationService() override;

    // Providers are owned by the caller (usually through parent ownership) and must outlive the service.
    void addProvider(Provider *provider);
    // Cloud copies of results, when the program has an uploader; owned by the caller like the providers.
    void setCloudSync(CloudSync *cloud);
    QList<Provider *> providers() const { return m_runner.providers(); }
    // Replaces the jitter of the retry back-off (tests make it deterministic).
    void setRetryRandom(std::function<double()> random01)
    {
        m_retryPolicy = RetryPolicy(m_settings.retry, std::move(random01));
    }

    // Reads the pending queue and the recent durations from the store, so that positions and estimates are
    // right in a process that only submits and reports. start() does it too; a second call changes nothing.
    void loadQueue();
    // Recovers what a previous run left processing, loads the pending queue and starts working; from then
    // on the signals tell also of what other processes on the same database do (see watch()).
    void start();
    // Follows what other processes (the window, atelier-cli run) do to the generations without running any:
    // the signals then tell of jobs queued, started, advanced and ended elsewhere within a second, as of
    // this process's own. start() does it too.
    void watch();
    // Stops starting jobs and hands every running job back to the queue uncharged (the process is leaving).
    void shutdown();

    const ModelCatalog &catalog() const { return m_catalog; }
    const QueueLimits &queueLimits() const { return m_queue.limits(); }
    // Jobs already running go on; the new limits decide what starts next.
    void setQueueLimits(const QueueLimits &limits)
    {
        m_settings.limits = limits;
        m_queue.setLimits(limits);
        requestSchedule();
    }

    // Steering the queue, shared by every process on the data folder (see QueueSteering). Paused, no job
    // starts anywhere and running ones finish; the state survives a restart.
    bool isQueuePaused() const { return m_paused; }
    GenerationError setQueuePaused(bool paused);
    // A pending job of the profile paused or resumed by hand, given a priority, or moved among the profile's
    // pending jobs (Before: just ahead of `beforeId`). generationSteered() follows.
    GenerationError setGenerationHeld(qint64 id, qint64 userId, bool held);
    GenerationError setGenerationPriority(qint64 id, qint64 userId, Priority priority);
    GenerationError moveGeneration(qint64 id, qint64 userId, QueuePlace place, qint64 beforeId = 0);
    // Cancels (and refunds) every pending job of the profile, paused ones too; running ones go on. Returns
    // how many it cancelled; when the database refused one, stops there with *error set.
    int cancelAllPending(qint64 userId, GenerationError *error = nullptr);

    // Validates and reserves synchronously; returns at once with the id and queue position, or an error and
    // no change at all. The job starts from the event loop, after the caller has the id.
    Submission generateImage(const GenerationRequest &request, Priority priority = Priority::Normal);
    // Checks a request as generateImage does, without queueing or reserving; gives its estimated cost.
    GenerationError validateRequest(const GenerationRequest &request, qint64 *estimatedCost = nullptr) const
    {
        return m_submissionCheck.validate(request, estimatedCost);
    }
    // "More like this": `count` new generations with the settings of the profile's generation `id`, each
    // naming it as its parent, with a new seed where the model draws from one (see Variations). All or none:
    // the balance must cover them together.
    Batch moreLikeThis(qint64 id, qint64 userId, int count, Priority priority = Priority::Normal);
    // The generation's parent, siblings and variations in the profile's history.
    GenerationFamily generationFamily(qint64 id, qint64 userId) const
    {
        return m_variations.family(id, userId);
    }
    std::optional<Generation> getGenerationStatus(qint64 id) const;
    // Only the owner may cancel. A pending job leaves the queue; a running one has its request aborted.
    GenerationError cancelGeneration(qint64 id, qint64 userId);
    // A new run of a failed or cancelled generation, reserving tokens again.
    Submission retryGeneration(qint64 id, qint64 userId);
    // Only the owner may delete, and only an ended generation (a pending or running one is cancelled first).
    // It leaves the history and the statistics, its files are removed; its ledger entries stay.
    // When the settings say so (deletesCloudCopies), its cloud copy is destroyed as well; remoteRemovalFailed
    // says when that fails, and the next start tries again.
    GenerationError deleteGeneration(qint64 id, qint64 userId);
    // Deleting as a person does it: ended results of the profile leave the history for its trash, all or
    // none, files, marks and cloud copy kept; generationDeleted() follows for each. restoreGenerations()
    // brings them back as they were (generationsRestored()).
    GenerationError trashGenerations(const QList<qint64> &ids, qint64 userId)
    {
        return m_trash.moveIn(ids, userId);
    }
    GenerationError restoreGenerations(const QList<qint64> &ids, qint64 userId)
    {
        return m_trash.restore(ids, userId);
    }
    // The last deleted first.
    QList<Generation> trashedGenerations(qint64 userId) const { return m_trash.contents(userId); }
    int countTrashedGenerations(qint64 userId) const { return m_trash.count(userId); }
    // Erases results in the trash for good (`ids`, or all of it when empty) as deleteGeneration does, their
    // cloud copies too with destroyCloudCopies; trashChanged() follows. Returns how many; stops at the first
    // refusal, with *error.
    int eraseFromTrash(qint64 userId, const QList<qint64> &ids, bool destroyCloudCopies,
                       GenerationError *error)
    {
        return m_trash.eraseFromTrash(userId, ids, destroyCloudCopies, error);
    }
    bool deletesCloudCopies() const { return m_cloud && m_cloud->deletesRemote(); }
    // Whether new results get a cloud copy (uploads on and the account complete).
    bool uploadsNewResults() const { return m_cloud && m_cloud->uploadsNewResults(); }
    // Whether uploadGeneration can start an upload (the account is complete).
    bool canUpload() const { return m_cloud && m_cloud->isReady(); }
    // Uploads the files of a completed generation again (after a failed upload, or one made before uploads
    // were on); cloudCopyChanged() tells how it ended. The local files are never touched.
    GenerationError uploadGeneration(qint64 id, qint64 userId);
    QList<Generation> getUserGenerationHistory(qint64 userId, const HistoryQuery &query) const
    {
        return m_reports.history(userId, query);
    }
    int countUserGenerationHistory(qint64 userId, const HistoryQuery &query) const
    {
        return m_reports.historyCount(userId, query);
    }
    // A page of the history as gallery tiles, and how many generations a query matches (as a page's total),
    // read on threads of their own over read-only connections: paging and searching never wait for the
    // database (one generation by id, for a tooltip or a drag, is read at once).
    // Cancelling a future skips a read that has not started and stops one that has.
    QFuture<HistoryPage> readHistoryTiles(qint64 userId, const HistoryQuery &query) const
    {
        return m_reports.tiles(userId, query);
    }
    QFuture<HistoryPage> countHistoryTiles(qint64 userId, const HistoryQuery &query) const
    {
        return m_reports.countTiles(userId, query);
    }
    // The images of completed generations of the profile, copied into a folder or a zip archive with their
    // sidecars on the thread pool (see GenerationExport). A refusal is a finished future holding the error,
    // with nothing written; a cancelled export has no result and leaves nothing behind.
    QFuture<ExportReport> exportGenerations(const QList<qint64> &ids, qint64 userId,
                                            const ExportOptions &options) const
    {
        return GenerationExport(m_store, m_catalog, m_library).start(ids, userId, options);
    }
    // Every generation of the profile the query matches, as a CSV or JSON file written atomically on the
    // thread pool (see HistoryExport). An existing file is replaced only with overwrite.
    QFuture<ExportReport> exportHistory(qint64 userId, const HistoryQuery &query, HistoryFormat format,
                                        const QString &target, bool overwrite = false,
                                        const StopToken &stop = {}) const
    {
        return HistoryExport(m_store, m_library).start(userId, query, format, target, overwrite, stop);
    }
    // Adds the PNGs of a folder that carry their parameters or an Atelier sidecar to the profile's history,
    // on this thread (see HistoryImport); generationsImported() follows when it added any.
    ImportReport importFolder(qint64 userId, const QString &folder, bool recursive,
                              const HistoryImport::Progress &progress = {});
    // Marks on the profile's results: a favourite star, a 0-5 rating, tags (as typed, normalised), boards.
    // Each change applies to every id or to none; generationsMarked() and boardsChanged() follow.
    GenerationError setFavorite(const QList<qint64> &ids, qint64 userId, bool favorite)
    {
        return m_curation.setFavorite(ids, userId, favorite);
    }
    GenerationError setRating(const QList<qint64> &ids, qint64 userId, int rating)
    {
        return m_curation.setRating(ids, userId, rating);
    }
    GenerationError changeTags(const QList<qint64> &ids, qint64 userId, const QStringList &add,
                               const QStringList &remove)
    {
        return m_curation.changeTags(ids, userId, add, remove);
    }
    QList<TagCount> tags(qint64 userId) const { return m_curation.tags(userId); }
    QList<Board> boards(qint64 userId) const { return m_curation.boards(userId); }
    std::optional<Board> createBoard(qint64 userId, const QString &name, GenerationError *error)
    {
        return m_curation.createBoard(userId, name, error);
    }
    GenerationError renameBoard(qint64 boardId, qint64 userId, const QString &name)
    {
        return m_curation.renameBoard(boardId, userId, name);
    }
    GenerationError deleteBoard(qint64 boardId, qint64 userId)
    {
        return m_curation.deleteBoard(boardId, userId);
    }
    GenerationError addToBoard(qint64 boardId, const QList<qint64> &ids, qint64 userId)
    {
        return m_curation.addToBoard(boardId, ids, userId);
    }
    GenerationError removeFromBoard(qint64 boardId, const QList<qint64> &ids, qint64 userId)
    {
        return m_curation.removeFromBoard(boardId, ids, userId);
    }

    QueueStatus getQueueStatus() const
    {
        QueueStatus status = m_forecast.status(int(m_runner.running().size()));
        status.paused = m_paused;
        return status;
    }
    UserStats getUserStats(qint64 userId) const { return m_reports.stats(userId); }
    // Per model and per day over the days [from, until] (UTC; every job that ended in them, deleted pictures
    // too), read against the profile's balance.
    Analytics getAnalytics(qint64 userId, QDate from, QDate until) const
    {
        return m_reports.analytics(userId, from, until);
    }
    // The profile's event log (who did what, when, with which details), newest first, and the kinds in it.
    QList<EventEntry> getEvents(qint64 userId, const EventQuery &query) const
    {
        return m_reports.events(userId, query);
    }
    QStringList eventKinds(qint64 userId) const { return m_reports.eventKinds(userId); }
    // Whether this process runs the job (rather than another process on the same data folder).
    bool runsHere(qint64 id) const { return m_runner.running().contains(id); }
    // 1-based place of a pending job; 0 when it is not waiting in this process's queue.
    int queuePosition(qint64 id) const { return m_queue.position(id); }
    // Every processing, then every pending generation of every profile, in queue order.
    QList<Generation> activeGenerations() const;
    // Estimated time until the generation is done; -1 when unknown or already ended.
    qint64 estimatedTimeRemainingMs(qint64 id) const;

    QList<Profile> profiles() const { return m_accounts.profiles(); }
    std::optional<Profile> profile(qint64 id) const { return m_accounts.profile(id); }
    std::optional<Profile> profileByName(const QString &name) const { return m_accounts.profileByName(name); }
    std::optional<Profile> createProfile(const QString &name, GenerationError *error)
    {
        return m_accounts.createProfile(name, error);
    }
    GenerationError renameProfile(qint64 profileId, const QString &name)
    {
        return m_accounts.renameProfile(profileId, name);
    }
    GenerationError topUp(qint64 profileId, qint64 amount, const QString &note)
    {
        return m_accounts.topUp(profileId, amount, note);
    }
    QList<LedgerEntry> ledgerEntries(qint64 profileId) const { return m_accounts.ledgerEntries(profileId); }
    // The profile to use when none is named: the first one, created ("default") on first use.
    std::optional<Profile> defaultProfile(GenerationError *error) { return m_accounts.defaultProfile(error); }

Q_SIGNALS:
    void generationQueued(const atelier::Generation &generation, int position);
    void generationStarted(qint64 id, int attempt);
    void progressChanged(const atelier::Progress &progress);
    // Places in the queue moved; ask queuePosition() for the rows that show them.
    void queuePositionsChanged();
    void generationRetrying(qint64 id, int nextAttempt, qint64 delayMs,
                            const atelier::GenerationError &error);
    void generationFinished(const atelier::Generation &generation);
    void generationFailed(const atelier::Generation &generation);
    void generationCancelled(const atelier::Generation &generation);
    // Gone from the history, after deleteGeneration.
    void generationDeleted(qint64 id, qint64 profileId);
    // An import added these generations to the profile's history.
    void generationsImported(qint64 profileId, const QList<qint64> &ids);
    // Back in the history from the trash, here or elsewhere.
    void generationsRestored(qint64 profileId, const QList<qint64> &ids);
    // Results went into the profile's trash, came back or were erased from it, here or elsewhere.
    void trashChanged(qint64 profileId);
    // The cloud copy of an announced generation moved on (uploading, uploaded, failed, removed).
    void cloudCopyChanged(const atelier::Generation &generation);
    // The marks of these generations of the profile may have changed (favourite, rating, tags, boards), here
    // or elsewhere: whatever shows them reads them again.
    void generationsMarked(qint64 profileId, const QList<qint64> &ids);
    // The profile's boards or the results on them changed here; elsewhere, changedElsewhere() says so.
    void boardsChanged(qint64 profileId);
    void cloudUploadProgressed(qint64 id, int percent);
    void remoteRemovalFailed(qint64 id, const atelier::GenerationError &error);
    void queueStatusChanged(const atelier::QueueStatus &status);
    void queuePausedChanged(bool paused);
    // A pending job was paused or resumed by hand, moved or given another priority, here or elsewhere.
    void generationSteered(const atelier::Generation &generation);
    void statsChanged(qint64 profileId);
    void balanceChanged(qint64 profileId, qint64 balance);
    void profilesChanged();
    // Nothing is pending or running in this process.
    void idle();
    // Another process wrote to the database; the signals above have told of what it did to generations.
    // `everything` when too much changed to tell one by one: whatever shows generations reads them again.
    void changedElsewhere(bool everything);

private:
    // Inserts checked generations of one profile, all or none, and queues them.
    Batch queueNew(QList<Generation> generations);
    // New work is in the queue and the profile's balance moved.
    void announceQueued(qint64 profileId);
    void requestSchedule();
    void schedule();
    // The queue was paused or resumed, here or elsewhere.
    void applyPause(bool paused);
    // The generations a steering changed (none, and `error`, when it was refused).
    GenerationError announceSteered(const QList<Generation> &steered, const GenerationError &error);
    // Recovery failed these (out of attempts): said once the event loop runs.
    void announceLater(const QList<Generation> &failed);
    // The heartbeat: renews this process's leases and takes over jobs whose lease ran out.
    void keepLeases();
    // Queues what other processes queued or put back, and tries the queue again.
    void takeForeignWork();
    // A job this process ran is recorded as completed: announced now, or once its first upload has ended.
    void onCompleted(qint64 id, qint64 profileId, bool uploadPending);
    void announceEnded(qint64 id, qint64 profileId);
    void announceQueue();
    // After a transition that no longer applied: if another process ended the job, say so here too.
    void announceIfEnded(qint64 id);
    void onCloudCopyEnded(qint64 id);
    // A generation left the history (into the trash, or erased): this process stops waiting for it.
    void forget(qint64 id, qint64 profileId, bool announce);
    // Says each profile's generations are back from the trash; gives the profiles.
    QSet<qint64> announceRestored(const QList<Generation> &generations);
    void emitUploadProgress(qint64 id, int percent);
    qint64 now() const;

    Store &m_store;
    const ModelCatalog &m_catalog;
    const ImageLibrary m_library;
    Clock &m_clock;
    EngineSettings m_settings;
    RetryPolicy m_retryPolicy;
    JobQueue m_queue;
    EtaEstimator m_eta;
    QueueForecast m_forecast{m_queue, m_eta, m_settings};
    ProfileAccounts m_accounts{m_store, m_clock, m_settings.initialGrant};
    Curation m_curation{m_store, m_clock};
    Trash m_trash{m_store, m_clock};
    ProfileReports m_reports{m_store, m_clock, m_settings.statsDays};
    QueueControl m_control{m_store, m_accounts, m_queue, m_clock};
    bool m_paused = false;
    CloudSync *m_cloud = nullptr;
    QSet<qint64> m_uploadingFirst; // completed, announced once their first upload has ended
    LeaseKeeper m_leases{m_store, m_library, m_clock, m_settings.leaseMs};
    JobRunner m_runner{m_store,
                       m_catalog,
                       m_library,
                       m_clock,
                       m_eta,
                       m_queue,
                       m_leases,
                       m_retryPolicy,
                       [this] { return uploadsNewResults(); },
                       m_settings.busyTimeoutMs};
    SubmissionCheck m_submissionCheck{m_store, m_catalog, m_runner.providersById()};
    Variations m_variations{m_store, m_catalog, m_accounts, m_submissionCheck};
    // A quarter second, or less for the short leases of tests: a slot freed or a job queued elsewhere is
    // seen this soon.
    ChangeWatcher m_watcher{m_store, m_clock, int(std::clamp<qint64>(m_settings.leaseMs / 3, 1, 250))};
    QTimer m_wakeTimer;
    bool m_started = false;
    bool m_loaded = false;
    bool m_scheduleRequested = false;
    QueueStatus m_lastQueueStatus;
};

} // namespace atelier
