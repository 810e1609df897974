#include "store.h"

#include "analyticsqueries.h"
#include "eventlog.h"
#include "generationeraser.h"
#include "generationrow.h"
#include "historyfilter.h"
#include "lineagequeries.h"
#include "migrations.h"
#include "profiletable.h"
#include "sql.h"
#include "statsqueries.h"
#include "statustransition.h"
#include "transaction.h"

#include <QDir>
#include <QFileInfo>
#include <QVersionNumber>

#include <atomic>

namespace atelier {

namespace {

const QString kPending = QStringLiteral("pending");
const QString kProcessing = QStringLiteral("processing");

GenerationError validation(const QString &message)
{
    return GenerationError::make(GenerationError::Category::Validation, message);
}

// Hands the error to a caller that asked for it, and reports failure.
bool fail(GenerationError *target, const GenerationError &error)
{
    if (target)
        *target = error;
    return false;
}

QString marks(qsizetype count)
{
    QStringList list;
    list.fill(QStringLiteral("?"), count);
    return list.join(QLatin1Char(','));
}

QVariantMap errorDetails(const GenerationError &error)
{
    QVariantMap details{{QStringLiteral("category"), categoryName(error.category)},
                        {QStringLiteral("message"), error.message}};
    if (error.httpStatus > 0)
        details.insert(QStringLiteral("httpStatus"), error.httpStatus);
    return details;
}

} // namespace

class Store::Private
{
public:
    explicit Private(const QString &connection)
        : db(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection)), events(db), stats(db)
    {}

    bool apply(const StatusTransition &change, qint64 nowMs, GenerationError *error)
    {
        return change.apply(db, events, nowMs, error);
    }
    // Returns the new ids, or none with *error set.
    QList<qint64> insert(const QList<Generation> &generations, const QList<qint64> &reserves, qint64 nowMs,
                         GenerationError *error);
    // `count`: how many the reservation is for.
    GenerationError checkBalance(qint64 profileId, qint64 reserve, int count = 1) const;

    QSqlDatabase db;
    EventLog events;
    StatsQueries stats;
    std::unique_ptr<ProfileTable> profiles;
    Ledger *ledger = nullptr; // the store's, which outlives every call
    bool open = false;
};

QList<qint64> Store::Private::insert(const QList<Generation> &generations, const QList<qint64> &reserves,
                                     qint64 nowMs, GenerationError *error)
{
    if (generations.isEmpty() || generations.size() != reserves.size()) {
        *error = validation(QStringLiteral("Each generation to queue needs its reservation."));
        return {};
    }
    const qint64 profileId = generations.constFirst().request.profileId;
    qint64 total = 0;
    for (qsizetype i = 0; i < generations.size(); ++i) {
        if (reserves.at(i) < 0) {
            *error = validation(QStringLiteral("A reservation cannot be negative."));
            return {};
        }
        if (generations.at(i).request.profileId != profileId) {
            *error = validation(QStringLiteral("Generations queued together belong to one profile."));
            return {};
        }
        total += reserves.at(i);
    }

    Transaction transaction(db, QStringLiteral("Could not queue the generation"), error);
    if (!transaction.isActive() || !profiles->exists(profileId, error))
        return {};
    // The balance is read under the write lock, so two submissions cannot both spend the same tokens.
    if ((*error = checkBalance(profileId, total, int(generations.size()))).isError())
        return {};
    QList<qint64> ids;
    for (qsizetype i = 0; i < generations.size(); ++i) {
        Generation row = generations.at(i);
        row.status = GenerationStatus::Pending;
        row.progress = 0;
        row.step.clear();
        row.run = 1;
        row.attempts = 0;
        row.createdAt = row.queuedAt = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
        row.startedAt = row.finishedAt = row.notBefore = QDateTime();
        row.resultPaths.clear();
        row.tokensReserved = reserves.at(i);
        row.tokensCharged = 0;
        const QVariantList values = GenerationRow::insertValues(row);
        Statement query(db);
        const QString sql = QStringLiteral("INSERT INTO generations (%1) VALUES (%2)")
                                .arg(GenerationRow::insertColumns(), marks(values.size()));
        if (!Sql::run(query, sql, values, QStringLiteral("Could not save the generation"), error))
            return {};
        const qint64 id = query.lastInsertId().toLongLong();
        QVariantMap details{{QStringLiteral("run"), 1},
                            {QStringLiteral("model"), row.request.model},
                            {QStringLiteral("reserved"), row.tokensReserved}};
        if (row.parentId > 0)
            details.insert(QStringLiteral("parent"), row.parentId);
        if ((row.tokensReserved > 0 &&
             !ledger->reserve(profileId, id, 1, row.tokensReserved, nowMs, error)) ||
            !events.write(nowMs, profileId, id, QStringLiteral("queued"), details, error))
            return {};
        ids.append(id);
    }
    return transaction.commit(error) ? ids : QList<qint64>();
}

GenerationError Store::Private::checkBalance(qint64 profileId, qint64 reserve, int count) const
{
    GenerationError error;
    const qint64 balance = ledger->balance(profileId, &error);
    if (!error.isError() && balance < reserve)
        error = GenerationError::make(
            GenerationError::Category::InsufficientTokens,
            (count == 1
                 ? QStringLiteral("Not enough tokens: the balance is %1 and this costs %2.")
                 : QStringLiteral("Not enough tokens: the balance is %1 and these %3 cost %2 together."))
                .arg(balance)
                .arg(reserve)
                .arg(count));
    return error;
}

Store::Store()
{
    // Several stores may live in one process (a test reopening a file, say): each needs its own name.
    static std::atomic<int> counter{0};
    d = std::make_unique<Private>(QStringLiteral("atelier-store-%1").arg(++counter));
    m_ledger = std::make_unique<Ledger>(d->db);
    m_cloudCopies = std::make_unique<CloudCopyTable>(d->db, d->events);
    d->ledger = m_ledger.get();
    d->profiles = std::make_unique<ProfileTable>(d->db, *m_ledger, d->events);
    m_steering = std::make_unique<QueueSteering>(d->db, d->events);
    m_curation = std::make_unique<CurationTable>(d->db, d->events);
    m_trash = std::make_unique<TrashTable>(d->db, d->events);
    m_leases = std::make_unique<JobLeases>(d->db, d->events, *m_ledger, *m_steering);
}

Store::~Store()
{
    const QString connection = d->db.connectionName();
    m_leases.reset();
    m_curation.reset();
    m_trash.reset();
    m_steering.reset();
    m_ledger.reset();
    m_cloudCopies.reset();
    Statement::forgetConnection(d->db);
    d->db.close();
    d.reset(); // every handle on the connection goes before it is removed
    QSqlDatabase::removeDatabase(connection);
}

GenerationError Store::open(const QString &path)
{
    d->open = false;
    Statement::forgetConnection(d->db);
    d->db.close();
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        return Sql::error(QStringLiteral("Could not create the folder %1 for the database").arg(folder), {});
    d->db.setDatabaseName(path);
    if (!d->db.open())
        return Sql::error(QStringLiteral("Could not open the database %1").arg(path), d->db.lastError());

    GenerationError error;
    {
        Statement query(d->db);
        // The busy time-out first: the other pragmas may already have to wait for a second process.
        for (const char *pragma : {"PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON",
                                   "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"}) {
            if (!Sql::run(query, QString::fromLatin1(pragma), {},
                          QStringLiteral("Could not set up the database %1").arg(path), &error))
                break;
        }
        // Renewing leases reads back what it updated (RETURNING, SQLite 3.35).
        if (!error.isError() && Sql::run(query, QStringLiteral("SELECT sqlite_version()"), {}, {}, nullptr) &&
            query.next() && QVersionNumber::fromString(query.value(0).toString()) < QVersionNumber(3, 35, 0))
            error = GenerationError::make(
                GenerationError::Category::Internal,
                QStringLiteral("The database %1 needs SQLite 3.35 or newer; this program has SQLite %2.")
                    .arg(path, query.value(0).toString()));
        // SQLite keeps the old journal where WAL is impossible (some network file systems): it still works,
        // but a second process then waits longer for the window's writes.
        if (!error.isError() && Sql::run(query, QStringLiteral("PRAGMA journal_mode"), {}, {}, nullptr) &&
            query.next() && query.value(0).toString() != QLatin1String("wal"))
            qCWarning(lcStorage) << "The database" << path << "is not in WAL mode but"
                                 << query.value(0).toString();
    }
    if (!error.isError())
        error = Migrations::migrate(d->db);
    if (error.isError()) {
        Statement::forgetConnection(d->db);
        d->db.close();
        return error;
    }
    d->open = true;
    return error;
}

bool Store::isOpen() const
{
    return d->open;
}

QString Store::path() const
{
    return d->db.databaseName();
}

int Store::schemaVersion() const
{
    return d->db.isOpen() ? qMax(0, Migrations::currentVersion(d->db)) : 0;
}

void Store::setBusyTimeout(int ms)
{
    Statement query(d->db);
    Sql::run(query, QStringLiteral("PRAGMA busy_timeout = %1").arg(qMax(0, ms)), {},
             QStringLiteral("Could not set the busy time-out"), nullptr);
}

int Store::busyTimeout() const
{
    Statement query(d->db);
    if (!Sql::run(query, QStringLiteral("PRAGMA busy_timeout"), {},
                  QStringLiteral("Could not read the database"), nullptr) ||
        !query.next())
        return 0;
    return query.value(0).toInt();
}

void Store::setActor(const QString &actor)
{
    d->events.setActor(actor);
}

std::optional<Profile> Store::createProfile(const QString &name, qint64 initialGrant, qint64 nowMs,
                                            GenerationError *error)
{
    return d->profiles->create(name, initialGrant, nowMs, error);
}

bool Store::renameProfile(qint64 profileId, const QString &name, GenerationError *error)
{
    return d->profiles->rename(profileId, name, QDateTime::currentMSecsSinceEpoch(), error);
}

bool Store::topUp(qint64 profileId, qint64 amount, const QString &note, qint64 nowMs, GenerationError *error)
{
    return d->profiles->topUp(profileId, amount, note, nowMs, error);
}

QList<Profile> Store::profiles() const
{
    return d->profiles->list();
}

std::optional<Profile> Store::profile(qint64 profileId) const
{
    return d->profiles->byId(profileId);
}

std::optional<Profile> Store::profileByName(const QString &name) const
{
    return d->profiles->byName(name);
}

qint64 Store::insertGeneration(const Generation &generation, qint64 reserve, qint64 nowMs,
                               GenerationError *error)
{
    return insertGenerations({generation}, {reserve}, nowMs, error).value(0);
}

QList<qint64> Store::insertGenerations(const QList<Generation> &generations, const QList<qint64> &reserves,
                                       qint64 nowMs, GenerationError *error)
{
    GenerationError failure;
    const QList<qint64> ids = d->insert(generations, reserves, nowMs, &failure);
    if (ids.isEmpty())
        fail(error, failure);
    return ids;
}

bool Store::updateStep(qint64 id, int run, int percent, const QString &step)
{
    Statement query(d->db);
    const QString sql = QStringLiteral(
        "UPDATE generations SET progress = ?, step = ? WHERE id = ? AND run = ? AND status = 'processing'");
    return Sql::run(query, sql, {qBound(0, percent, 100), Sql::text(step), id, run},
                    QStringLiteral("Could not save the step of generation %1").arg(id), nullptr) &&
           query.numRowsAffected() == 1;
}

bool Store::markCompleted(qint64 id, int run, const QStringList &resultPaths, qint64 charged, qint64 nowMs,
                          bool uploadPending, const QString &leaseOwner, GenerationError *error)
{
    return d->apply(
        {id,
         run,
         {kProcessing},
         QStringLiteral("status = 'completed', result_paths = ?, finished_at = ?, progress = 100,"
                        " step = ?, error_category = NULL, error_message = NULL, http_status = NULL,"
                        " not_before = NULL, tokens_charged = ?, cloud_state = ?, cloud_error = NULL,"
                        " cloud_assets = '[]'"),
         {Sql::json(resultPaths), nowMs, QStringLiteral("Done"), charged,
          uploadPending ? QStringLiteral("pending") : QStringLiteral("none")},
         QStringLiteral("completed"),
         {{QStringLiteral("charged"), charged}, {QStringLiteral("images"), resultPaths.size()}},
         [=, this](GenerationError *failure) { return m_ledger->settle(id, run, charged, nowMs, failure); },
         leaseOwner},
        nowMs, error);
}

bool Store::markFailed(qint64 id, int run, const GenerationError &error, qint64 nowMs,
                       const QString &leaseOwner, GenerationError *failure)
{
    return failFrom(id, run, {kPending, kProcessing}, error, QStringLiteral("failed"), nowMs, leaseOwner,
                    failure);
}

bool Store::markExpired(qint64 id, int run, const GenerationError &error, qint64 nowMs,
                        GenerationError *failure)
{
    return failFrom(id, run, {kPending}, error, QStringLiteral("expired"), nowMs, {}, failure);
}

bool Store::failFrom(qint64 id, int run, const QStringList &from, const GenerationError &error,
                     const QString &event, qint64 nowMs, const QString &leaseOwner, GenerationError *failure)
{
    return d->apply(
        {id, run, from,
         QStringLiteral("status = 'failed', error_category = ?, error_message = ?, http_status = ?,"
                        " finished_at = ?, not_before = NULL"),
         GenerationRow::errorValues(error) << nowMs, event, errorDetails(error),
         [=, this](GenerationError *refundError) { return m_ledger->refund(id, run, nowMs, refundError); },
         leaseOwner},
        nowMs, failure);
}

bool Store::markCancelled(qint64 id, int run, qint64 nowMs, bool waitingOnly, GenerationError *error)
{
    const GenerationError cancelled =
        GenerationError::make(GenerationError::Category::Cancelled, QStringLiteral("Cancelled."));
    return d->apply(
        {id,
         run,
         waitingOnly ? QStringList{kPending} : QStringList{kPending, kProcessing},
         QStringLiteral("status = 'cancelled', error_category = ?, error_message = ?, http_status = ?,"
                        " finished_at = ?, not_before = NULL"),
         GenerationRow::errorValues(cancelled) << nowMs,
         QStringLiteral("cancelled"),
         {},
         [=, this](GenerationError *failure) { return m_ledger->refund(id, run, nowMs, failure); },
         {}},
        nowMs, error);
}

bool Store::scheduleRetry(qint64 id, int run, const GenerationError &error, qint64 notBeforeMs, qint64 nowMs,
                          const QString &leaseOwner, GenerationError *failure)
{
    QVariantMap details = errorDetails(error);
    details.insert(QStringLiteral("notBefore"), notBeforeMs);
    // The error stays on the row while it waits, so the queue can say what it is retrying after.
    return d->apply(
        {id,
         run,
         {kProcessing},
         QStringLiteral("status = 'pending', error_category = ?, error_message = ?, http_status = ?,"
                        " not_before = ?, queued_at = ?, queue_rank = ?, progress = 0, step = '',"
                        " lease_owner = NULL, lease_expires_at = NULL, holds_slot = 0"),
         GenerationRow::errorValues(error) << notBeforeMs << nowMs << double(nowMs),
         QStringLiteral("retry_scheduled"),
         details,
         {},
         leaseOwner},
        nowMs, failure);
}

bool Store::handBack(qint64 id, int run, qint64 nowMs, const QString &leaseOwner, GenerationError *error)
{
    // The attempt was cut short by the shutdown, not by the provider: it does not count, and the job keeps
    // its place in the queue.
    return d->apply(
        {id,
         run,
         {kProcessing},
         QStringLiteral("status = 'pending', attempts = MAX(attempts - 1, 0), progress = 0, step = '',"
                        " lease_owner = NULL, lease_expires_at = NULL, holds_slot = 0"),
         {},
         QStringLiteral("handed_back"),
         {},
         {},
         leaseOwner},
        nowMs, error);
}

bool Store::retry(qint64 id, qint64 reserve, qint64 nowMs, GenerationError *error)
{
    if (reserve < 0)
        return fail(error, validation(QStringLiteral("A reservation cannot be negative.")));
    GenerationError failure;
    Transaction transaction(d->db, QStringLiteral("Could not retry generation %1").arg(id), &failure);
    if (!transaction.isActive())
        return fail(error, failure);
    Statement query(d->db);
    if (!Sql::run(query,
                  QStringLiteral(
                      "SELECT profile_id, run, status FROM generations WHERE id = ? AND deleted_at IS NULL"),
                  {id}, QStringLiteral("Could not read generation %1").arg(id), &failure))
        return fail(error, failure);
    if (!query.next())
        return fail(error, validation(QStringLiteral("There is no generation with the id %1.").arg(id)));
    const qint64 profileId = query.value(0).toLongLong();
    const int run = query.value(1).toInt() + 1;
    const QString status = query.value(2).toString();
    query.finish();
    if (status != QLatin1String("failed") && status != QLatin1String("cancelled"))
        return fail(error, validation(QStringLiteral("Only a failed or cancelled generation can be retried; "
                                                     "this one is %1.")
                                          .arg(status)));
    if ((failure = d->checkBalance(profileId, reserve)).isError())
        return fail(error, failure);
    const QString sql = QStringLiteral(
        "UPDATE generations SET status = 'pending', run = ?, attempts = 0, progress = 0, step = '',"
        " error_category = NULL, error_message = NULL, http_status = NULL,"
        " started_at = NULL, finished_at = NULL, not_before = NULL, result_paths = '[]',"
        " queued_at = ?, queue_rank = ?, held = 0, tokens_reserved = ?, tokens_charged = 0"
        " WHERE id = ? AND run = ? AND status IN ('failed', 'cancelled')");
    const QVariantMap details{{QStringLiteral("run"), run}, {QStringLiteral("reserved"), reserve}};
    if (!Sql::run(query, sql, {run, nowMs, double(nowMs), reserve, id, run - 1},
                  QStringLiteral("Could not retry generation %1").arg(id), &failure) ||
        query.numRowsAffected() != 1 ||
        (reserve > 0 && !m_ledger->reserve(profileId, id, run, reserve, nowMs, &failure)) ||
        !d->events.write(nowMs, profileId, id, QStringLiteral("retried"), details, &failure) ||
        !transaction.commit(&failure))
        return fail(error, failure);
    return true;
}

bool Store::deleteGeneration(qint64 id, qint64 profileId, qint64 nowMs, QStringList *resultPaths,
                             GenerationError *error, const QList<CloudAsset> *removeRemote, bool fromTrash)
{
    return GenerationEraser(d->db, d->events)
        .erase(id, profileId, nowMs, resultPaths, error, removeRemote, fromTrash);
}

GenerationImporter::Result Store::importGeneration(const Generation &generation, const QString &source,
                                                   qint64 nowMs,
                                                   const GenerationImporter::FileWriter &writeFiles)
{
    return GenerationImporter(d->db, d->events).import(generation, source, nowMs, writeFiles);
}

GenerationFamily Store::family(qint64 profileId, qint64 id) const
{
    return LineageQueries(d->db).family(profileId, id);
}

std::optional<Generation> Store::generation(qint64 id) const
{
    const QList<Generation> found =
        GenerationRow::select(d->db, QStringLiteral("WHERE g.id = ? AND g.deleted_at IS NULL"), {id});
    return found.isEmpty() ? std::nullopt : std::optional<Generation>(found.first());
}

QList<Generation> Store::generationsWithStatus(GenerationStatus status) const
{
    return GenerationRow::select(
        d->db, QStringLiteral("WHERE g.status = ? ORDER BY g.priority DESC, g.queue_rank, g.id"),
        {statusName(status)});
}

QList<qint64> Store::pendingIds() const
{
    QList<qint64> ids;
    Statement query(d->db);
    if (Sql::run(query, QStringLiteral("SELECT id FROM generations WHERE status = 'pending'"), {},
                 QStringLiteral("Could not read the queue"), nullptr)) {
        while (query.next())
            ids.append(query.value(0).toLongLong());
    }
    return ids;
}

ChangeFeed Store::changes() const
{
    return ChangeFeed(d->db);
}

qint64 Store::dataVersion() const
{
    Statement query(d->db);
    if (!Sql::run(query, QStringLiteral("PRAGMA data_version"), {},
                  QStringLiteral("Could not read the database"), nullptr) ||
        !query.next())
        return 0;
    return query.value(0).toLongLong();
}

QList<Generation> Store::history(qint64 profileId, const HistoryQuery &query) const
{
    HistoryFilter filter(profileId, query);
    filter.startAfter(query);
    return GenerationRow::select(d->db, filter.pageTail(query), filter.pageValues(query));
}

int Store::historyCount(qint64 profileId, const HistoryQuery &query) const
{
    const HistoryFilter filter(profileId, query);
    Statement sql(d->db);
    if (!Sql::run(sql, QStringLiteral("SELECT COUNT(*) FROM generations g WHERE %1").arg(filter.countWhere()),
                  filter.values(), QStringLiteral("Could not count the history"), nullptr) ||
        !sql.next())
        return 0;
    return sql.value(0).toInt();
}

UserStats Store::userStats(qint64 profileId, int days, qint64 nowMs) const
{
    UserStats stats = d->stats.userStats(profileId, days, nowMs);
    stats.balance = m_ledger->balance(profileId);
    return stats;
}

Analytics Store::analytics(qint64 profileId, QDate from, QDate until) const
{
    Analytics analytics = AnalyticsQueries(d->db).analytics(profileId, from, until);
    analytics.balance = m_ledger->balance(profileId);
    return analytics;
}

QList<DurationSample> Store::recentDurations(int limit) const
{
    return d->stats.recentDurations(limit);
}

QList<Store::Event> Store::events(qint64 profileId, int limit) const
{
    EventQuery query;
    query.limit = limit;
    return events(profileId, query);
}

QList<EventEntry> Store::events(qint64 profileId, const EventQuery &query) const
{
    return d->events.read(profileId, query);
}

QStringList Store::eventKinds(qint64 profileId) const
{
    return d->events.kinds(profileId);
}

} // namespace atelier
