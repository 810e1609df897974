#pragma once

#include "changefeed.h"
#include "cloudcopytable.h"
#include "curationtable.h"
#include "domain/analytics.h"
#include "domain/durationsample.h"
#include "domain/evententry.h"
#include "domain/generation.h"
#include "domain/generationerror.h"
#include "domain/generationfamily.h"
#include "domain/historyquery.h"
#include "domain/profile.h"
#include "domain/userstats.h"
#include "generationimporter.h"
#include "jobleases.h"
#include "ledger.h"
#include "queuesteering.h"
#include "trashtable.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace atelier {

// The SQLite database: profiles, generations, the token ledger and the event log. All SQL of Atelier lives in
// storage/. Every state change is one transaction that also writes its ledger entries and its event, and each
// is a compare-and-set on the status, so a transition that no longer applies (the job was cancelled
// meanwhile) changes nothing and returns false. Several processes may open one database: a running job is
// held by a lease (see JobLeases), and a transition out of processing that names a lease owner applies only
// while that owner holds the job.
class Store
{
public:
    Store();
    ~Store();
    Q_DISABLE_COPY_MOVE(Store)

    // Opens (creating if needed) the database at path and migrates it to the newest version.
    GenerationError open(const QString &path);
    bool isOpen() const;
    // The database file, for connections of other threads (see HistoryReader).
    QString path() const;
    int schemaVersion() const;
    // How long a write waits for another process's transaction before it gives up with a retryable Storage
    // error: 5 s after open(). The window's thread takes a short one, so that it never waits long.
    void setBusyTimeout(int ms);
    int busyTimeout() const;
    // Who the event log names as the actor of changes made through this store ("cli", "desktop").
    void setActor(const QString &actor);
    Ledger &ledger() { return *m_ledger; }
    const Ledger &ledger() const { return *m_ledger; }
    CloudCopyTable &cloudCopies() { return *m_cloudCopies; }
    JobLeases &leases() { return *m_leases; }
    CurationTable &curation() { return *m_curation; }
    const CurationTable &curation() const { return *m_curation; }
    TrashTable &trash() { return *m_trash; }
    const TrashTable &trash() const { return *m_trash; }
    QueueSteering &steering() { return *m_steering; }
    const QueueSteering &steering() const { return *m_steering; }

    // Profiles. Names are unique regardless of case; a new profile gets initialGrant tokens.
    std::optional<Profile> createProfile(const QString &name, qint64 initialGrant, qint64 nowMs,
                                         GenerationError *error);
    bool renameProfile(qint64 profileId, const QString &name, GenerationError *error);
    bool topUp(qint64 profileId, qint64 amount, const QString &note, qint64 nowMs, GenerationError *error);
    QList<Profile> profiles() const;
    std::optional<Profile> profile(qint64 profileId) const;
    std::optional<Profile> profileByName(const QString &name) const;

    // Inserts a pending generation (run 1) and reserves its tokens in one transaction; refuses with
    // InsufficientTokens when the balance does not cover the reservation. Returns the new id, 0 on failure.
    qint64 insertGeneration(const Generation &generation, qint64 reserve, qint64 nowMs,
                            GenerationError *error);
    // Several of one profile as insertGeneration() does each, all or none: the balance must cover the sum.
    // Returns the new ids in the order given, none on failure.
    QList<qint64> insertGenerations(const QList<Generation> &generations, const QList<qint64> &reserves,
                                    qint64 nowMs, GenerationError *error);

    // pending -> processing for the given run; attempts becomes `attempt`. Without a lease or limits, for a
    // job started by hand: the engine claims through leases().claim().
    bool markStarted(qint64 id, int run, int attempt, qint64 nowMs)
    {
        return m_leases->claim(id, run, attempt, {}, {}, nowMs) == JobLeases::Claim::Claimed;
    }
    // Records the current step (not every percent: progress is not worth a disk write).
    bool updateStep(qint64 id, int run, int percent, const QString &step);
    // The transitions out of processing below take the lease owner of the process that ran the job; an empty
    // owner skips that check (tools and tests that own the whole database). Each returns false when it no
    // longer applies, and false with *error set when the database refused it (retryable when another process
    // held it too long: the same call may succeed later).
    // processing -> completed, settle the run to `charged`. With uploadPending the cloud copy is "pending" in
    // the same transaction, so an upload cut short by a crash is resumed on the next start.
    bool markCompleted(qint64 id, int run, const QStringList &resultPaths, qint64 charged, qint64 nowMs,
                       bool uploadPending = false, const QString &leaseOwner = {},
                       GenerationError *error = nullptr);
    // pending|processing -> failed, refund the run.
    bool markFailed(qint64 id, int run, const GenerationError &error, qint64 nowMs,
                    const QString &leaseOwner = {}, GenerationError *failure = nullptr);
    // pending -> failed, refund the run: a queue time-out, which must not touch a job that has started since.
    bool markExpired(qint64 id, int run, const GenerationError &error, qint64 nowMs,
                     GenerationError *failure = nullptr);
    // pending|processing -> cancelled, refund the run. A person's decision: it needs no lease, and the
    // process running the job finds out when it next renews its leases.
    // `waitingOnly`: a job that started meanwhile (in any process) goes on.
    bool markCancelled(qint64 id, int run, qint64 nowMs, bool waitingOnly = false,
                       GenerationError *error = nullptr);
    // processing -> pending for an automatic retry after a transient error; the reservation stays held.
    bool scheduleRetry(qint64 id, int run, const GenerationError &error, qint64 notBeforeMs, qint64 nowMs,
                       const QString &leaseOwner = {}, GenerationError *failure = nullptr);
    // processing -> pending without counting the attempt (the process is shutting down).
    bool handBack(qint64 id, int run, qint64 nowMs, const QString &leaseOwner = {},
                  GenerationError *error = nullptr);
    // failed|cancelled -> pending as run+1, reserving again; InsufficientTokens when the balance is short.
    bool retry(qint64 id, qint64 reserve, qint64 nowMs, GenerationError *error);

    // completed|failed|cancelled, in the history or in the trash -> a tombstone of the profile's generation:
    // gone from the history, the statistics (except the tokens used: they stay spent) and generation(); its
    // ledger entries stay.
    // *resultPaths gets the files it named, for the caller to remove.
    // `fromTrash`: one in the trash (see GenerationEraser).
    bool deleteGeneration(qint64 id, qint64 profileId, qint64 nowMs, QStringList *resultPaths,
                          GenerationError *error, const QList<CloudAsset> *removeRemote = nullptr,
                          bool fromTrash = false);
    // A result made elsewhere, as a completed generation of its profile without ledger entries; see
    // GenerationImporter.
    GenerationImporter::Result importGeneration(const Generation &generation, const QString &source,
                                                qint64 nowMs,
                                                const GenerationImporter::FileWriter &writeFiles);

    // Generations left processing by a process that died, known by a lease that ran out before nowMs: back to
    // pending when attempts < maxAttempts, otherwise failed and refunded. Exactly once, in one transaction.
    // The jobs in `runsHere` are left alone: this process still works on them.
    // Also those whose owner `ownerGone` says has stopped, before their lease runs out.
    RecoveryReport recoverInterrupted(int maxAttempts, qint64 nowMs, const QList<qint64> &runsHere = {},
                                      const JobLeases::OwnerGone &ownerGone = {})
    {
        return m_leases->recoverExpired(maxAttempts, nowMs, runsHere, ownerGone);
    }

    std::optional<Generation> generation(qint64 id) const;
    GenerationFamily family(qint64 profileId, qint64 id) const;             // see LineageQueries
    QList<Generation> generationsWithStatus(GenerationStatus status) const; // oldest queue entry first
    // Processing, then pending, in every process.
    QList<Generation> activeGenerations() const
    {
        return generationsWithStatus(GenerationStatus::Processing) +
               generationsWithStatus(GenerationStatus::Pending);
    }
    QList<qint64> pendingIds() const;
    // Which generations changed since a point, in any process.
    ChangeFeed changes() const;
    // Changes when another connection (another process) commits a change, and only then; 0 when unreadable.
    qint64 dataVersion() const;
    QList<Generation> history(qint64 profileId, const HistoryQuery &query) const;
    int historyCount(qint64 profileId, const HistoryQuery &query) const;
    UserStats userStats(qint64 profileId, int days, qint64 nowMs) const;
    // Per model and per day over the days [from, until] (UTC), with the balance now (see AnalyticsQueries).
    Analytics analytics(qint64 profileId, QDate from, QDate until) const;
    QList<DurationSample> recentDurations(int limit) const; // newest first, completed only

    // The event log: who did what, when, with which details (JSON), newest first.
    using Event = EventEntry;
    QList<Event> events(qint64 profileId, int limit) const;
    QList<EventEntry> events(qint64 profileId, const EventQuery &query) const;
    // The kinds of event the profile's log holds, by name.
    QStringList eventKinds(qint64 profileId) const;

private:
    bool failFrom(qint64 id, int run, const QStringList &from, const GenerationError &error,
                  const QString &event, qint64 nowMs, const QString &leaseOwner, GenerationError *failure);

    class Private;
    std::unique_ptr<Private> d;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<CloudCopyTable> m_cloudCopies;
    std::unique_ptr<JobLeases> m_leases;
    std::unique_ptr<QueueSteering> m_steering;
    std::unique_ptr<CurationTable> m_curation;
    std::unique_ptr<TrashTable> m_trash;
};

} // namespace atelier
