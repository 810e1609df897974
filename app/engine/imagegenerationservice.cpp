#include "imagegenerationservice.h"

#include "cloudsync.h"
#include "domain/clock.h"
#include "providers/provider.h"
#include "runningjob.h"
#include "storage/store.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcEngine, "atelier.engine")

namespace atelier {

using Category = GenerationError::Category;

namespace {
// How soon a claim the database refused (another process held it) is tried again: its transactions take
// milliseconds.
constexpr int kClaimRetryMs = 250;
} // namespace

ImageGenerationService::ImageGenerationService(Store &store, const ModelCatalog &catalog,
                                               const ImageLibrary &library, Clock &clock,
                                               EngineSettings settings, QObject *parent)
    : QObject(parent), m_store(store), m_catalog(catalog), m_library(library), m_clock(clock),
      m_settings(std::move(settings)), m_retryPolicy(m_settings.retry), m_queue(m_settings.limits)
{
    for (auto it = m_settings.defaultDurationsMs.cbegin(); it != m_settings.defaultDurationsMs.cend(); ++it)
        m_eta.setDefault(it.key(), it.value());
    m_wakeTimer.setSingleShot(true);
    connect(&m_wakeTimer, &QTimer::timeout, this, &ImageGenerationService::schedule);
    connect(&m_runner, &JobRunner::started, this, &ImageGenerationService::generationStarted);
    connect(&m_runner, &JobRunner::progressChanged, this, &ImageGenerationService::progressChanged);
    connect(&m_runner, &JobRunner::retrying, this, &ImageGenerationService::generationRetrying);
    connect(&m_runner, &JobRunner::ended, this, &ImageGenerationService::announceEnded);
    connect(&m_runner, &JobRunner::completed, this, &ImageGenerationService::onCompleted);
    connect(&m_runner, &JobRunner::movedOn, this, &ImageGenerationService::announceIfEnded);
    connect(&m_runner, &JobRunner::requeued, this, &ImageGenerationService::announceQueue);
    connect(&m_runner, &JobRunner::slotFreed, this, &ImageGenerationService::requestSchedule);
    connect(&m_clock, &Clock::jumped, this, &ImageGenerationService::requestSchedule);
    connect(&m_leases, &LeaseKeeper::heartbeat, this, &ImageGenerationService::keepLeases);
    connect(&m_watcher, &ChangeWatcher::changed, this, &ImageGenerationService::takeForeignWork);
    connect(&m_accounts, &ProfileAccounts::profilesChanged, this, &ImageGenerationService::profilesChanged);
    connect(&m_accounts, &ProfileAccounts::balanceChanged, this, &ImageGenerationService::balanceChanged);
    connect(&m_curation, &Curation::marked, this, &ImageGenerationService::generationsMarked);
    connect(&m_curation, &Curation::boardsChanged, this, &ImageGenerationService::boardsChanged);
    connect(&m_trash, &Trash::trashed, this, [this](qint64 profileId, const QList<qint64> &ids) {
        for (const qint64 id : ids)
            forget(id, profileId, true);
        Q_EMIT statsChanged(profileId);
        Q_EMIT boardsChanged(profileId); // their counts
    });
    connect(&m_trash, &Trash::restored, this, [this](const QList<Generation> &generations) {
        m_watcher.noteRestored(generations);
        announceRestored(generations);
    });
    // One from the trash left the history before.
    connect(&m_trash, &Trash::erased, this, [this](const Generation &generation) {
        forget(generation.id, generation.request.profileId, !generation.trashedAt.isValid());
    });
    connect(&m_trash, &Trash::changed, this, &ImageGenerationService::trashChanged);
}

ImageGenerationService::~ImageGenerationService()
{
    shutdown();
}

void ImageGenerationService::addProvider(Provider *provider)
{
    m_runner.addProvider(provider);
    connect(provider, &Provider::throttled, this, [this, id = provider->id()](qint64 forMs) {
        m_queue.throttle(id, m_clock.nowMs() + forMs);
        requestSchedule();
    });
}

void ImageGenerationService::setCloudSync(CloudSync *cloud)
{
    m_cloud = cloud;
    m_trash.setCloudSync(cloud);
    connect(cloud, &CloudSync::ended, this, &ImageGenerationService::onCloudCopyEnded);
    connect(cloud, &CloudSync::remoteRemoved, this, &ImageGenerationService::onCloudCopyEnded);
    connect(cloud, &CloudSync::remoteRemovalFailed, this, &ImageGenerationService::remoteRemovalFailed);
    connect(cloud, &CloudSync::progressed, this, [this](qint64 id, int percent) {
        if (m_uploadingFirst.contains(id))
            emitUploadProgress(id, percent);
        Q_EMIT cloudUploadProgressed(id, percent);
    });
}

qint64 ImageGenerationService::now() const
{
    return m_clock.nowMs();
}

void ImageGenerationService::loadQueue()
{
    if (m_loaded)
        return;
    m_loaded = true;
    m_eta.recordNewestFirst(m_store.recentDurations(200));
    m_paused = m_store.steering().isPaused();
    for (const Generation &generation : m_store.generationsWithStatus(GenerationStatus::Pending))
        QueueControl::follow(m_queue, generation, now()); // paused ones stay out
}

void ImageGenerationService::start()
{
    if (m_started)
        return;
    m_started = true;
    announceLater(m_leases.recover(m_queue, m_settings.retry.maxAttempts));
    loadQueue();
    if (m_cloud)
        m_cloud->resume();
    m_trash.eraseExpired(m_settings.trashDays, deletesCloudCopies());
    m_leases.start();
    m_watcher.start();
    requestSchedule();
}

void ImageGenerationService::watch()
{
    loadQueue();
    m_watcher.start();
}

void ImageGenerationService::announceLater(const QList<Generation> &failed)
{
    // Once the event loop runs: atelier-cli run waits for them, and starts its loop after start().
    for (const Generation &generation : failed)
        QMetaObject::invokeMethod(
            this,
            [this, id = generation.id, profileId = generation.request.profileId] {
                announceEnded(id, profileId);
            },
            Qt::QueuedConnection);
}

void ImageGenerationService::keepLeases()
{
    const LeaseKeeper::Beat beat =
        m_leases.beat(m_runner.running().runs(), m_queue, m_settings.retry.maxAttempts);
    // Cancelled or taken over elsewhere: this attempt is void, and nothing is written for it.
    for (const qint64 id : beat.lost) {
        m_runner.abandon(id);
        announceIfEnded(id);
    }
    announceLater(beat.failed);
    requestSchedule();
}

void ImageGenerationService::takeForeignWork()
{
    // A job this process runs, or whose end waits for its first upload, is announced when it ends here.
    const ChangeWatcher::Seen seen = m_watcher.catchUp(m_queue, [this](qint64 id) {
        return m_runner.running().contains(id) || m_uploadingFirst.contains(id);
    });
    QSet<qint64> balances;
    for (const Generation &generation : seen.queued) {
        Q_EMIT generationQueued(generation, m_queue.position(generation.id));
        balances.insert(generation.request.profileId);
    }
    for (const Generation &generation : seen.started)
        Q_EMIT generationStarted(generation.id, generation.attempts);
    for (const Generation &generation : seen.advanced)
        Q_EMIT progressChanged(m_runner.running().elsewhere(generation, now()));
    for (const Generation &generation : seen.ended)
        announceEnded(generation.id, generation.request.profileId);
    for (const Generation &generation : seen.touched)
        Q_EMIT cloudCopyChanged(generation);
    QHash<qint64, QList<qint64>> marked;
    for (const Generation &generation : seen.marked)
        marked[generation.request.profileId].append(generation.id);
    for (auto it = marked.cbegin(); it != marked.cend(); ++it)
        Q_EMIT generationsMarked(it.key(), it.value());
    for (const Generation &generation : seen.steered)
        Q_EMIT generationSteered(generation);
    if (seen.paused)
        applyPause(*seen.paused);
    QSet<qint64> trashes = seen.erased; // that changed elsewhere
    for (auto it = seen.deleted.cbegin(); it != seen.deleted.cend(); ++it) {
        Q_EMIT generationDeleted(it.key(), it.value());
        Q_EMIT statsChanged(it.value());
        trashes.insert(it.value());
    }
    trashes.unite(announceRestored(seen.restored));
    for (const qint64 profileId : std::as_const(trashes))
        Q_EMIT trashChanged(profileId);
    for (const qint64 profileId : std::as_const(balances))
        Q_EMIT balanceChanged(profileId, m_store.ledger().balance(profileId));
    if (seen.queueChanged)
        announceQueue();
    requestSchedule(); // a slot may have freed in another process
    Q_EMIT changedElsewhere(seen.everything);
}

GenerationError ImageGenerationService::setQueuePaused(bool paused)
{
    const GenerationError error = m_control.setPaused(paused);
    if (!error.isError())
        applyPause(paused);
    return error;
}

void ImageGenerationService::applyPause(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    // The wait that counts toward the queue time-out starts again: a paused queue makes nobody late.
    if (!paused)
        m_queue.restartWaiting(now());
    Q_EMIT queuePausedChanged(paused);
    announceQueue();
    requestSchedule();
}

GenerationError ImageGenerationService::setGenerationHeld(qint64 id, qint64 userId, bool held)
{
    GenerationError error;
    const std::optional<Generation> steered = m_control.setHeld(id, userId, held, &error);
    return announceSteered(steered ? QList{*steered} : QList<Generation>(), error);
}

GenerationError ImageGenerationService::setGenerationPriority(qint64 id, qint64 userId, Priority priority)
{
    GenerationError error;
    const std::optional<Generation> steered = m_control.setPriority(id, userId, priority, &error);
    return announceSteered(steered ? QList{*steered} : QList<Generation>(), error);
}

GenerationError ImageGenerationService::moveGeneration(qint64 id, qint64 userId, QueuePlace place,
                                                       qint64 beforeId)
{
    GenerationError error;
    return announceSteered(m_control.move(id, userId, place, beforeId, &error), error);
}

GenerationError ImageGenerationService::announceSteered(const QList<Generation> &steered,
                                                        const GenerationError &error)
{
    if (steered.isEmpty())
        return error;
    for (const Generation &generation : steered)
        m_watcher.noteWaiting(generation); // all first: a listener may read the queue
    for (const Generation &generation : steered)
        Q_EMIT generationSteered(generation);
    announceQueue();
    requestSchedule();
    return {};
}

int ImageGenerationService::cancelAllPending(qint64 userId, GenerationError *error)
{
    const QList<qint64> cancelled = m_control.cancelAllPending(userId, error);
    for (const qint64 id : cancelled)
        announceEnded(id, userId);
    requestSchedule();
    return int(cancelled.size());
}

void ImageGenerationService::shutdown()
{
    m_started = false;
    m_watcher.stop();
    m_wakeTimer.stop();
    m_runner.shutdown();
    m_leases.stop(); // after the runner, which names this process's lease while it leaves
}

ImageGenerationService::Submission ImageGenerationService::generateImage(const GenerationRequest &request,
                                                                         Priority priority)
{
    Generation generation;
    generation.request = m_catalog.withDefaults(request);
    generation.priority = priority;
    if (const GenerationError error = m_submissionCheck.check(generation.request, &generation.provider);
        error.isError())
        return {0, 0, error};
    const Batch batch = queueNew({generation});
    return batch.error.isError() ? Submission{0, 0, batch.error} : batch.submissions.constFirst();
}

ImageGenerationService::Batch ImageGenerationService::moreLikeThis(qint64 id, qint64 userId, int count,
                                                                   Priority priority)
{
    GenerationError error;
    const QList<Generation> variations = m_variations.prepare(id, userId, count, priority, &error);
    return error.isError() ? Batch{{}, error} : queueNew(variations);
}

ImageGenerationService::Batch ImageGenerationService::queueNew(QList<Generation> generations)
{
    Batch batch;
    QList<qint64> costs;
    for (Generation &generation : generations) {
        generation.size = m_catalog.resolveSize(generation.request);
        costs.append(m_catalog.reservation(generation.request));
    }
    const qint64 at = now();
    const QList<qint64> ids = m_store.insertGenerations(generations, costs, at, &batch.error);
    for (qsizetype i = 0; i < ids.size(); ++i) {
        // What the store just wrote, without reading it back.
        Generation &generation = generations[i];
        generation.id = ids.at(i);
        generation.createdAt = generation.queuedAt = QDateTime::fromMSecsSinceEpoch(at, Qt::UTC);
        generation.tokensReserved = costs.at(i);
        generation.queueRank = double(at);
        m_queue.enqueue(QueueEntry::queued(generation.id, generation.request.profileId, generation.provider,
                                           generation.priority, at));
    }
    for (qsizetype i = 0; i < ids.size(); ++i) { // all first: a listener may read the queue
        batch.submissions.append({ids.at(i), m_queue.position(ids.at(i)), {}});
        Q_EMIT generationQueued(generations.at(i), batch.submissions.constLast().position);
    }
    if (!ids.isEmpty())
        announceQueued(generations.constFirst().request.profileId);
    return batch;
}

void ImageGenerationService::announceQueued(qint64 profileId)
{
    Q_EMIT balanceChanged(profileId, m_store.ledger().balance(profileId));
    announceQueue();
    requestSchedule();
}

std::optional<Generation> ImageGenerationService::getGenerationStatus(qint64 id) const
{
    std::optional<Generation> generation = m_store.generation(id);
    if (const RunningJob *running = generation ? m_runner.running().value(id) : nullptr) {
        generation->progress = running->percent();
        generation->step = running->step();
    }
    return generation;
}

GenerationError ImageGenerationService::cancelGeneration(qint64 id, qint64 userId)
{
    GenerationError error;
    const std::optional<Generation> generation = m_accounts.ownedGeneration(id, userId, &error);
    if (!generation)
        return error;
    if (isTerminal(generation->status))
        return GenerationError::make(Category::Validation,
                                     tr("Generation %1 is already %2; there is nothing to cancel.")
                                         .arg(id)
                                         .arg(statusName(generation->status)));
    // A job another process runs is cancelled in the store; that process stops it on its next heartbeat.
    if (!m_store.markCancelled(id, generation->run, now(), false, &error))
        return error.isError()
                   ? error
                   : GenerationError::make(Category::Validation,
                                           tr("Generation %1 ended before it could be cancelled.").arg(id));
    m_runner.abandon(id);
    m_queue.remove(id);
    announceEnded(id, userId);
    requestSchedule();
    return {};
}

ImageGenerationService::Submission ImageGenerationService::retryGeneration(qint64 id, qint64 userId)
{
    Submission submission;
    const std::optional<Generation> generation = m_accounts.ownedGeneration(id, userId, &submission.error);
    if (!generation)
        return submission;
    if (generation->status != GenerationStatus::Failed && generation->status != GenerationStatus::Cancelled) {
        submission.error = GenerationError::make(
            Category::Validation, tr("Generation %1 is %2; only failed or cancelled ones can be retried.")
                                      .arg(id)
                                      .arg(statusName(generation->status)));
        return submission;
    }
    QString provider;
    submission.error = m_submissionCheck.check(generation->request, &provider);
    if (submission.error.isError())
        return submission;
    const qint64 at = now();
    if (!m_store.retry(id, m_catalog.reservation(generation->request), at, &submission.error))
        return submission;
    // Another process ended it while this one still ran it: that attempt is void now.
    m_runner.abandon(id);
    submission.id = id;
    m_queue.enqueue(QueueEntry::queued(id, userId, provider, generation->priority, at));
    submission.position = m_queue.position(id);
    if (const auto stored = m_store.generation(id))
        Q_EMIT generationQueued(*stored, submission.position);
    announceQueued(userId);
    return submission;
}

GenerationError ImageGenerationService::deleteGeneration(qint64 id, qint64 userId)
{
    GenerationError error;
    const std::optional<Generation> generation = m_accounts.ownedGeneration(id, userId, &error);
    if (generation)
        error = m_trash.erase(*generation, deletesCloudCopies());
    if (!error.isError())
        Q_EMIT statsChanged(userId);
    return error;
}

void ImageGenerationService::forget(qint64 id, qint64 profileId, bool announce)
{
    m_runner.abandon(id); // ended by another process while this one still ran it
    m_watcher.noteDeleted(id);
    if (m_uploadingFirst.remove(id))
        requestSchedule(); // it may have been the last thing this process waited for
    if (announce)
        Q_EMIT generationDeleted(id, profileId);
}

QSet<qint64> ImageGenerationService::announceRestored(const QList<Generation> &generations)
{
    QHash<qint64, QList<qint64>> ids;
    for (const Generation &generation : generations)
        ids[generation.request.profileId].append(generation.id);
    for (auto it = ids.cbegin(); it != ids.cend(); ++it) {
        Q_EMIT generationsRestored(it.key(), it.value());
        Q_EMIT statsChanged(it.key());
        Q_EMIT boardsChanged(it.key());
    }
    return QSet<qint64>(ids.keyBegin(), ids.keyEnd());
}

GenerationError ImageGenerationService::uploadGeneration(qint64 id, qint64 userId)
{
    GenerationError error;
    const std::optional<Generation> generation = m_accounts.ownedGeneration(id, userId, &error);
    if (generation && !m_cloud)
        error = GenerationError::make(Category::Validation, tr("This program makes no cloud copies."));
    else if (generation)
        if (const std::optional<Generation> pending =
                m_cloud->uploadAgain(*generation, m_clock.nowMs(), &error))
            Q_EMIT cloudCopyChanged(*pending);
    return error;
}

ImportReport ImageGenerationService::importFolder(qint64 userId, const QString &folder, bool recursive,
                                                  const HistoryImport::Progress &progress)
{
    const ImportReport report =
        HistoryImport(m_store, m_catalog, m_library).run(userId, folder, recursive, now(), progress);
    if (report.imported.isEmpty())
        return report;
    m_watcher.noteImported(report.imported); // announced here as imported, not again as ended elsewhere
    Q_EMIT generationsImported(userId, report.imported);
    Q_EMIT statsChanged(userId);
    return report;
}

QList<Generation> ImageGenerationService::activeGenerations() const
{
    return m_store.activeGenerations();
}

qint64 ImageGenerationService::estimatedTimeRemainingMs(qint64 id) const
{
    if (const RunningJob *running = m_runner.running().value(id))
        return running->report(id, m_eta, now()).etaMs;
    // Paused, no time can be told.
    const int position = m_paused ? 0 : m_queue.position(id);
    const std::optional<Generation> generation = position > 0 ? m_store.generation(id) : std::nullopt;
    return generation ? m_forecast.remainingForPendingMs(position, *generation) : -1;
}

void ImageGenerationService::requestSchedule()
{
    if (m_scheduleRequested || !m_started)
        return;
    m_scheduleRequested = true;
    QTimer::singleShot(0, this, &ImageGenerationService::schedule);
}

void ImageGenerationService::schedule()
{
    m_scheduleRequested = false;
    if (!m_started)
        return;
    const qint64 at = now();
    // Paused, nothing starts and nobody is late.
    const QList<qint64> expired = m_paused ? QList<qint64>() : m_queue.expired(at, m_settings.queueTimeoutMs);
    // The database was busy: the rest of this pass waits, since each write would wait for it again.
    bool refused = false;
    for (const qint64 id : expired) {
        const std::optional<Generation> generation = m_store.generation(id);
        const GenerationError timeout = GenerationError::make(
            Category::Timeout,
            tr("It waited in the queue for more than %1 minutes.").arg(m_settings.queueTimeoutMs / 60'000));
        GenerationError failure;
        if (generation && !m_store.markExpired(id, generation->run, timeout, at, &failure) &&
            failure.retryable) {
            refused = true;
            break;
        }
        m_queue.remove(id);
        if (generation)
            announceIfEnded(id);
    }
    bool started = false;
    QSet<QString> full; // providers full in the store: their jobs wait, the others' may still start
    // A listener may have shut the engine down from inside announceEnded.
    while (m_started && !m_paused && !refused) {
        const std::optional<QueueEntry> next = m_queue.takeNext(at, full);
        const JobRunner::Start start = next ? m_runner.start(*next) : JobRunner::Start::Stop;
        refused = start == JobRunner::Start::Busy;
        if (start == JobRunner::Start::Stop)
            break; // the rest waits for a slot to free in any process
        started = started || start == JobRunner::Start::Started;
        if (start == JobRunner::Start::ProviderFull)
            full.insert(next->provider);
    }
    if (refused && m_started)
        m_wakeTimer.start(kClaimRetryMs);
    else if (const std::optional<qint64> wake =
                 m_paused ? std::nullopt : m_queue.nextWakeUp(at, m_settings.queueTimeoutMs))
        m_wakeTimer.start(int(std::clamp<qint64>(*wake - at, 0, 24 * 3600'000)));
    else
        m_wakeTimer.stop();
    if (started || !expired.isEmpty())
        announceQueue();
    if (m_queue.pendingCount() == 0 && m_runner.running().isEmpty() && m_uploadingFirst.isEmpty())
        Q_EMIT idle();
}

void ImageGenerationService::emitUploadProgress(qint64 id, int percent)
{
    Q_EMIT progressChanged(
        {.generationId = id, .percent = percent, .step = tr("Uploading to cloud storage"), .preview = {}});
}

void ImageGenerationService::announceEnded(qint64 id, qint64 profileId)
{
    if (const std::optional<Generation> generation = m_store.generation(id)) {
        // Said once, whether this process ended it or saw another one end it.
        if (!m_watcher.noteEnded(*generation))
            return;
        if (generation->status == GenerationStatus::Completed)
            Q_EMIT generationFinished(*generation);
        else if (generation->status == GenerationStatus::Failed)
            Q_EMIT generationFailed(*generation);
        else if (generation->status == GenerationStatus::Cancelled)
            Q_EMIT generationCancelled(*generation);
    }
    Q_EMIT balanceChanged(profileId, m_store.ledger().balance(profileId));
    Q_EMIT statsChanged(profileId);
    announceQueue();
}

void ImageGenerationService::onCompleted(qint64 id, qint64 profileId, bool uploadPending)
{
    // The generation is announced once its cloud copy is settled, so that it arrives whole.
    // A process that is leaving leaves the upload to the next start (the store says it is pending).
    const std::optional<Generation> completed =
        uploadPending && m_started && m_cloud ? m_store.generation(id) : std::nullopt;
    if (completed) {
        m_uploadingFirst.insert(id);
        emitUploadProgress(id, 0);
        m_cloud->upload(*completed); // may end at once: another process took the upload on
    } else {
        announceEnded(id, profileId);
    }
}

void ImageGenerationService::onCloudCopyEnded(qint64 id)
{
    const std::optional<Generation> generation = m_store.generation(id);
    if (m_uploadingFirst.remove(id) && generation) {
        announceEnded(id, generation->request.profileId);
    } else if (generation) {
        m_watcher.noteEnded(*generation);
        Q_EMIT cloudCopyChanged(*generation);
    }
    requestSchedule();
}

void ImageGenerationService::announceIfEnded(qint64 id)
{
    const std::optional<Generation> generation = m_store.generation(id);
    if (generation && isTerminal(generation->status))
        announceEnded(id, generation->request.profileId);
}

void ImageGenerationService::announceQueue()
{
    Q_EMIT queuePositionsChanged();
    const QueueStatus status = getQueueStatus();
    if (status == m_lastQueueStatus)
        return;
    m_lastQueueStatus = status;
    Q_EMIT queueStatusChanged(status);
}

} // namespace atelier
