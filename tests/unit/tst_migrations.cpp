#include "storage/migrations.h"
#include "storage/store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace atelier;
using Category = GenerationError::Category;

namespace {

const qint64 kT0 = QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 kMinute = 60LL * 1000;
constexpr qint64 kHour = 60 * kMinute;

// Schema version 1 as it shipped, frozen: a version that shipped is never edited, so this is what a person's
// database holds when this program first opens it.
const char *const kVersion1[] = {
    R"(CREATE TABLE profiles (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at INTEGER NOT NULL, balance INTEGER NOT NULL DEFAULT 0))",
    R"(CREATE TABLE generations (id INTEGER PRIMARY KEY, profile_id INTEGER NOT NULL REFERENCES profiles(id),
        status TEXT NOT NULL
         CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
        prompt TEXT NOT NULL, custom_prompt TEXT NOT NULL DEFAULT '', model TEXT NOT NULL,
        provider TEXT NOT NULL DEFAULT '', style TEXT NOT NULL DEFAULT '', quality TEXT NOT NULL DEFAULT '',
        aspect_ratio TEXT NOT NULL DEFAULT '', requested_size TEXT NOT NULL DEFAULT '',
        size TEXT NOT NULL DEFAULT '', image_count INTEGER NOT NULL DEFAULT 1,
        product_images TEXT NOT NULL DEFAULT '[]', model_images TEXT NOT NULL DEFAULT '[]',
        parameters TEXT NOT NULL DEFAULT '{}', progress INTEGER NOT NULL DEFAULT 0,
        step TEXT NOT NULL DEFAULT '', run INTEGER NOT NULL DEFAULT 1, attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL, queued_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER,
        not_before INTEGER, error_category TEXT, error_message TEXT, http_status INTEGER,
        result_paths TEXT NOT NULL DEFAULT '[]', tokens_reserved INTEGER NOT NULL DEFAULT 0,
        tokens_charged INTEGER NOT NULL DEFAULT 0))",
    "CREATE INDEX generations_profile_created ON generations(profile_id, created_at)",
    "CREATE INDEX generations_status_queued ON generations(status, queued_at)",
    "CREATE INDEX generations_profile_model ON generations(profile_id, model, created_at)",
    "CREATE INDEX generations_status_finished ON generations(status, finished_at)",
    R"(CREATE INDEX generations_profile_status
        ON generations(profile_id, status, started_at, finished_at, tokens_charged))",
    R"(CREATE VIRTUAL TABLE generations_fts USING fts5(prompt, custom_prompt,
        content='generations', content_rowid='id', tokenize='unicode61 remove_diacritics 2'))",
    R"(CREATE TRIGGER generations_fts_insert AFTER INSERT ON generations BEGIN
        INSERT INTO generations_fts(rowid, prompt, custom_prompt) VALUES (new.id, new.prompt, new.custom_prompt);
        END)",
    R"(CREATE TRIGGER generations_fts_delete AFTER DELETE ON generations BEGIN
        INSERT INTO generations_fts(generations_fts, rowid, prompt, custom_prompt)
         VALUES ('delete', old.id, old.prompt, old.custom_prompt);
        END)",
    R"(CREATE TRIGGER generations_fts_update AFTER UPDATE OF prompt, custom_prompt ON generations BEGIN
        INSERT INTO generations_fts(generations_fts, rowid, prompt, custom_prompt)
         VALUES ('delete', old.id, old.prompt, old.custom_prompt);
        INSERT INTO generations_fts(rowid, prompt, custom_prompt) VALUES (new.id, new.prompt, new.custom_prompt);
        END)",
    R"(CREATE TABLE ledger (id INTEGER PRIMARY KEY, profile_id INTEGER NOT NULL REFERENCES profiles(id),
        generation_id INTEGER REFERENCES generations(id), run INTEGER NOT NULL DEFAULT 0,
        kind TEXT NOT NULL CHECK (kind IN ('grant', 'topup', 'reserve', 'settle', 'refund')),
        amount INTEGER NOT NULL, at INTEGER NOT NULL, note TEXT, UNIQUE (generation_id, run, kind)))",
    "CREATE INDEX ledger_profile ON ledger(profile_id)",
    R"(CREATE TRIGGER ledger_balance AFTER INSERT ON ledger BEGIN
        UPDATE profiles SET balance = balance + new.amount WHERE id = new.profile_id;
        END)",
    R"(CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN
        SELECT RAISE(ABORT, 'the token ledger is append-only');
        END)",
    R"(CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN
        SELECT RAISE(ABORT, 'the token ledger is append-only');
        END)",
    R"(CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT, profile_id INTEGER,
        generation_id INTEGER, kind TEXT NOT NULL, details TEXT))",
    "CREATE INDEX events_profile_at ON events(profile_id, at)",
    "PRAGMA user_version = 1",
};

// The rows of the version-1 fixture, written the way that version's Store wrote them.
constexpr qint64 kAda = 1;
constexpr qint64 kGrace = 2;
constexpr qint64 kLighthouse = 1; // completed, 40 reserved, 35 charged
constexpr qint64 kFox = 2;        // failed and refunded
constexpr qint64 kHarbour = 3;    // completed offline, 15 reserved and charged
constexpr qint64 kGarden = 4;     // pending, 20 reserved
constexpr qint64 kAdaBalance = 1000 - 40 + 5 - 10 + 10 - 15 + 0 - 20;
const QStringList kLighthouseFiles{QStringLiteral("/library/1-a.png"), QStringLiteral("/library/1-b.png")};

bool exec(const QSqlDatabase &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (query.exec())
        return true;
    qWarning() << sql << query.lastError().text();
    return false;
}

QVariant scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec() && query.next() ? query.value(0) : QVariant();
}

// Every table's columns and every index's columns, by name: what a migrated database must share with a new
// one.
QStringList schemaOf(const QSqlDatabase &db)
{
    QStringList schema;
    QSqlQuery objects(db);
    objects.exec(QStringLiteral("SELECT type, name FROM sqlite_master ORDER BY name"));
    while (objects.next()) {
        const QString type = objects.value(0).toString();
        const QString name = objects.value(1).toString();
        QStringList parts{type, name};
        QSqlQuery columns(db);
        if (type == QLatin1String("table"))
            columns.exec(
                QStringLiteral("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('%1')")
                    .arg(name));
        else if (type == QLatin1String("index"))
            columns.exec(QStringLiteral("SELECT name FROM pragma_index_info('%1') ORDER BY seqno").arg(name));
        while (columns.isActive() && columns.next()) {
            for (int i = 0; i < columns.record().count(); ++i)
                parts.append(columns.value(i).toString());
        }
        schema.append(parts.join(QLatin1Char(' ')));
    }
    return schema;
}

} // namespace

// The schema's upgrades run on a person's existing data, and the tombstones version 2 brought.
class TestMigrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void version1DatabaseKeepsItsRows();
    void deletingKeepsTheTokensSpent();
    void tombstonesOfVersion6StayOutOfTheTrash();
    void jobsLeftRunningBeforeLeasesAreRecovered();

private:
    bool writeVersion1(const QString &path);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMigrations::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestMigrations::cleanup()
{
    m_dir.reset();
}

bool TestMigrations::writeVersion1(const QString &path)
{
    const QString connection = QStringLiteral("version1");
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        ok = db.open() && exec(db, QStringLiteral("PRAGMA foreign_keys = ON")) &&
             exec(db, QStringLiteral("BEGIN IMMEDIATE"));
        for (const char *statement : kVersion1)
            ok = ok && exec(db, QString::fromUtf8(statement));

        const QVariant none;
        const QList<QPair<QString, QVariantMap>> rows{
            {"profiles", {{"id", kAda}, {"name", "Ada"}, {"created_at", kT0}}},
            {"profiles", {{"id", kGrace}, {"name", "Grace"}, {"created_at", kT0 + kMinute}}},
            {"generations",
             {{"id", kLighthouse},
              {"profile_id", kAda},
              {"status", "completed"},
              {"prompt", "a lighthouse at dusk"},
              {"custom_prompt", "oil on canvas"},
              {"model", "gpt-image-1"},
              {"provider", "openai"},
              {"style", "vivid"},
              {"quality", "high"},
              {"aspect_ratio", "1:1"},
              {"requested_size", "1024x1024"},
              {"size", "1024x1024"},
              {"image_count", 2},
              {"product_images", R"(["/refs/boat.png"])"},
              {"parameters", R"({"background":"transparent"})"},
              {"progress", 100},
              {"step", "Done"},
              {"attempts", 1},
              {"created_at", kT0},
              {"queued_at", kT0},
              {"started_at", kT0 + kMinute},
              {"finished_at", kT0 + kMinute + 8000},
              {"result_paths", R"(["/library/1-a.png","/library/1-b.png"])"},
              {"tokens_reserved", 40},
              {"tokens_charged", 35}}},
            {"generations",
             {{"id", kFox},
              {"profile_id", kAda},
              {"status", "failed"},
              {"prompt", "a fox in the snow"},
              {"model", "gpt-image-1"},
              {"provider", "openai"},
              {"attempts", 3},
              {"created_at", kT0 + kHour},
              {"queued_at", kT0 + kHour},
              {"started_at", kT0 + kHour + kMinute},
              {"finished_at", kT0 + kHour + 2 * kMinute},
              {"error_category", "server"},
              {"error_message", "The service is down."},
              {"http_status", 503},
              {"tokens_reserved", 10}}},
            {"generations",
             {{"id", kHarbour},
              {"profile_id", kAda},
              {"status", "completed"},
              {"prompt", "harbour at night"},
              {"model", "offline"},
              {"provider", "offline"},
              {"size", "512x512"},
              {"progress", 100},
              {"step", "Done"},
              {"attempts", 1},
              {"created_at", kT0 + 2 * kHour},
              {"queued_at", kT0 + 2 * kHour},
              {"started_at", kT0 + 2 * kHour + kMinute},
              {"finished_at", kT0 + 2 * kHour + kMinute + 2000},
              {"result_paths", R"(["/library/3.png"])"},
              {"tokens_reserved", 15},
              {"tokens_charged", 15}}},
            {"generations",
             {{"id", kGarden},
              {"profile_id", kAda},
              {"status", "pending"},
              {"prompt", "a quiet garden"},
              {"model", "gpt-image-1"},
              {"provider", "openai"},
              {"created_at", kT0 + 3 * kHour},
              {"queued_at", kT0 + 3 * kHour},
              {"tokens_reserved", 20}}},
            {"events",
             {{"at", kT0 + 3 * kHour},
              {"actor", "desktop"},
              {"profile_id", kAda},
              {"generation_id", kGarden},
              {"kind", "queued"},
              {"details", R"({"run":1})"}}},
        };
        for (const auto &[table, values] : rows) {
            const QStringList columns = values.keys();
            QStringList marks;
            marks.fill(QStringLiteral("?"), columns.size());
            ok = ok && exec(db,
                            QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                                .arg(table, columns.join(QLatin1Char(',')), marks.join(QLatin1Char(','))),
                            values.values());
        }

        // The ledger's trigger keeps profiles.balance, as it did for version 1.
        const QString entry =
            QStringLiteral("INSERT INTO ledger (profile_id, generation_id, run, kind, amount, at)"
                           " VALUES (?, ?, ?, ?, ?, ?)");
        const QList<QVariantList> entries{
            {kAda, none, 0, "grant", 1000, kT0},
            {kGrace, none, 0, "grant", 200, kT0},
            {kAda, kLighthouse, 1, "reserve", -40, kT0},
            {kAda, kLighthouse, 1, "settle", 5, kT0 + kMinute},
            {kAda, kFox, 1, "reserve", -10, kT0 + kHour},
            {kAda, kFox, 1, "refund", 10, kT0 + kHour},
            {kAda, kHarbour, 1, "reserve", -15, kT0 + 2 * kHour},
            {kAda, kHarbour, 1, "settle", 0, kT0 + 2 * kHour},
            {kAda, kGarden, 1, "reserve", -20, kT0 + 3 * kHour},
        };
        for (const QVariantList &values : entries)
            ok = ok && exec(db, entry, values);
        ok = ok && exec(db, QStringLiteral("COMMIT"));
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

void TestMigrations::version1DatabaseKeepsItsRows()
{
    const QString path = m_dir->filePath(QStringLiteral("atelier.sqlite"));
    QVERIFY(writeVersion1(path));

    Store store;
    const GenerationError opened = store.open(path);
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
    QCOMPARE(store.schemaVersion(), Migrations::latestVersion());

    // The same tables, columns and indexes as a database this version creates.
    Store fresh;
    QVERIFY(!fresh.open(m_dir->filePath(QStringLiteral("fresh.sqlite"))).isError());
    {
        QSqlDatabase migrated =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("migrated"));
        migrated.setDatabaseName(path);
        QSqlDatabase created =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("created"));
        created.setDatabaseName(m_dir->filePath(QStringLiteral("fresh.sqlite")));
        QVERIFY(migrated.open() && created.open());
        QCOMPARE(schemaOf(migrated), schemaOf(created));
        QVERIFY(schemaOf(migrated).contains(
            QStringLiteral("index generations_profile_status profile_id deleted_at"
                           " status started_at finished_at tokens_charged")));
        QCOMPARE(scalar(migrated, QStringLiteral("SELECT COUNT(*) FROM generations WHERE deleted_at IS NULL"))
                     .toInt(),
                 4);
        QCOMPARE(scalar(migrated, QStringLiteral("SELECT COUNT(*) FROM events")).toInt(), 1);
        migrated.close();
        created.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("migrated"));
    QSqlDatabase::removeDatabase(QStringLiteral("created"));

    const QList<Profile> profiles = store.profiles();
    QCOMPARE(profiles.size(), 2);
    QCOMPARE(store.profile(kAda)->name, QStringLiteral("Ada"));
    QCOMPARE(store.profile(kAda)->createdAt.toMSecsSinceEpoch(), kT0);
    QCOMPARE(store.profile(kAda)->balance, kAdaBalance);
    QCOMPARE(store.ledger().balance(kAda), kAdaBalance);
    QCOMPARE(store.ledger().balance(kGrace), 200);
    QCOMPARE(store.ledger().entries(kAda).size(), 8);
    QCOMPARE(store.ledger().heldFor(kGarden, 1), 20);

    const std::optional<Generation> lighthouse = store.generation(kLighthouse);
    QVERIFY(lighthouse);
    QCOMPARE(lighthouse->status, GenerationStatus::Completed);
    QCOMPARE(lighthouse->request.profileId, kAda);
    QCOMPARE(lighthouse->request.prompt, QStringLiteral("a lighthouse at dusk"));
    QCOMPARE(lighthouse->request.customPrompt, QStringLiteral("oil on canvas"));
    QCOMPARE(lighthouse->request.model, QStringLiteral("gpt-image-1"));
    QCOMPARE(lighthouse->provider, QStringLiteral("openai"));
    QCOMPARE(lighthouse->request.style, QStringLiteral("vivid"));
    QCOMPARE(lighthouse->request.quality, QStringLiteral("high"));
    QCOMPARE(lighthouse->request.aspectRatio, QStringLiteral("1:1"));
    QCOMPARE(lighthouse->request.size, QStringLiteral("1024x1024"));
    QCOMPARE(lighthouse->request.imageCount, 2);
    QCOMPARE(lighthouse->request.productImages, QStringList{QStringLiteral("/refs/boat.png")});
    QCOMPARE(lighthouse->request.parameters.value(QStringLiteral("background")).toString(),
             QStringLiteral("transparent"));
    QCOMPARE(lighthouse->step, QStringLiteral("Done"));
    QCOMPARE(lighthouse->attempts, 1);
    QCOMPARE(lighthouse->createdAt.toMSecsSinceEpoch(), kT0);
    QCOMPARE(lighthouse->finishedAt.toMSecsSinceEpoch(), kT0 + kMinute + 8000);
    QCOMPARE(lighthouse->resultPaths, kLighthouseFiles);
    QCOMPARE(lighthouse->tokensReserved, 40);
    QCOMPARE(lighthouse->tokensCharged, 35);
    const std::optional<Generation> fox = store.generation(kFox);
    QVERIFY(fox);
    QCOMPARE(fox->status, GenerationStatus::Failed);
    QCOMPARE(fox->error.category, Category::Server);
    QCOMPARE(fox->error.message, QStringLiteral("The service is down."));
    QCOMPARE(fox->error.httpStatus, 503);
    QCOMPARE(fox->attempts, 3);
    QCOMPARE(store.generation(kHarbour)->size, QStringLiteral("512x512"));
    const QList<Generation> pending = store.generationsWithStatus(GenerationStatus::Pending);
    QCOMPARE(pending.size(), 1);
    QCOMPARE(pending.first().id, kGarden);
    QVERIFY(!pending.first().startedAt.isValid());

    HistoryQuery everything;
    everything.limit = 0;
    const auto ids = [&store](const HistoryQuery &query) {
        QList<qint64> list;
        for (const Generation &g : store.history(kAda, query))
            list.append(g.id);
        return list;
    };
    QCOMPARE(ids(everything), (QList<qint64>{kGarden, kHarbour, kFox, kLighthouse}));
    QCOMPARE(store.historyCount(kAda, everything), 4);
    HistoryQuery search = everything;
    search.text = QStringLiteral("lighth");
    QCOMPARE(ids(search), QList<qint64>{kLighthouse});
    search.text = QStringLiteral("canvas");
    QCOMPARE(ids(search), QList<qint64>{kLighthouse});
    search.text = QStringLiteral("harbour");
    QCOMPARE(ids(search), QList<qint64>{kHarbour});

    const qint64 now = kT0 + 4 * kHour;
    const UserStats before = store.userStats(kAda, 1, now);
    QCOMPARE(before.total, 4);
    QCOMPARE(before.completed, 2);
    QCOMPARE(before.failed, 1);
    QCOMPARE(before.active, 1);
    QCOMPARE(before.averageProcessingMs, 5000); // (8000 + 2000) / 2
    QCOMPARE(before.tokensUsed, 50);            // 35 + 15
    QCOMPARE(before.balance, kAdaBalance);
    const QList<QPair<QString, int>> popular{{QStringLiteral("gpt-image-1"), 3},
                                             {QStringLiteral("offline"), 1}};
    QCOMPARE(before.popularModels, popular);
    QCOMPARE(before.perDay, (QList<QPair<QDate, int>>{{QDate(2024, 3, 1), 4}}));
    QCOMPARE(store.recentDurations(10).size(), 2);

    // A new generation takes the next id, and the queue picks up where version 1 left it.
    GenerationError error;
    Generation next;
    next.request.profileId = kAda;
    next.request.prompt = QStringLiteral("a lighthouse at dawn");
    next.request.model = QStringLiteral("gpt-image-1");
    const qint64 id = store.insertGeneration(next, 5, now, &error);
    QVERIFY2(id > kGarden, qPrintable(error.message));
    QCOMPARE(store.ledger().balance(kAda), kAdaBalance - 5);
    QCOMPARE(store.generationsWithStatus(GenerationStatus::Pending).size(), 2);

    QStringList removed;
    QVERIFY2(store.deleteGeneration(kLighthouse, kAda, now, &removed, &error), qPrintable(error.message));
    QCOMPARE(removed, kLighthouseFiles);
    QVERIFY(!store.generation(kLighthouse));
    QCOMPARE(ids(everything), (QList<qint64>{id, kGarden, kHarbour, kFox}));
    search.text = QStringLiteral("lighthouse");
    QCOMPARE(ids(search), QList<qint64>{id});
    const UserStats after = store.userStats(kAda, 1, now);
    QCOMPARE(after.total, before.total); // one deleted, one queued
    QCOMPARE(after.completed, 1);
    QCOMPARE(after.tokensUsed, before.tokensUsed);
    QCOMPARE(after.balance, kAdaBalance - 5);
    QCOMPARE(store.ledger().entries(kAda).size(), 9);
    QCOMPARE(store.events(kAda, 1).value(0).kind, QStringLiteral("deleted"));
    QCOMPARE(store.deleteGeneration(kGarden, kAda, now, &removed, &error), false);
    QCOMPARE(error.category, Category::Validation);
}

void TestMigrations::deletingKeepsTheTokensSpent()
{
    Store store;
    QVERIFY(!store.open(m_dir->filePath(QStringLiteral("atelier.sqlite"))).isError());
    GenerationError error;
    const std::optional<Profile> profile = store.createProfile(QStringLiteral("Ada"), 100, kT0, &error);
    QVERIFY(profile);
    Generation request;
    request.request.profileId = profile->id;
    request.request.prompt = QStringLiteral("a fox");
    request.request.model = QStringLiteral("gpt-image-1");
    QList<qint64> ids;
    for (const qint64 charged : {8, 12}) {
        const qint64 id = store.insertGeneration(request, 20, kT0, &error);
        QVERIFY2(id > 0, qPrintable(error.message));
        QVERIFY(store.markStarted(id, 1, 1, kT0 + 1000));
        QVERIFY(store.markCompleted(id, 1, {}, charged, kT0 + 1000 + charged * 1000));
        ids.append(id);
    }
    const UserStats before = store.userStats(profile->id, 1, kT0 + kHour);
    QCOMPARE(before.total, 2);
    QCOMPARE(before.tokensUsed, 20);
    QCOMPARE(before.balance, 80);

    QStringList removed;
    QVERIFY2(store.deleteGeneration(ids.first(), profile->id, kT0 + kHour, &removed, &error),
             qPrintable(error.message));
    const UserStats after = store.userStats(profile->id, 1, kT0 + kHour);
    // What the history still shows is counted; what was charged stays charged, as the ledger says.
    QCOMPARE(after.total, before.total - 1);
    QCOMPARE(after.completed, before.completed - 1);
    QCOMPARE(after.averageProcessingMs, 12000);
    QCOMPARE(after.perDay.value(0).second, 1);
    QCOMPARE(after.tokensUsed, before.tokensUsed);
    QCOMPARE(after.balance, before.balance);
}

// Version 7 tells the trash (deleted_at) from a tombstone (erased_at too): a result deleted for good by an
// earlier version must not come back as something to restore.
void TestMigrations::tombstonesOfVersion6StayOutOfTheTrash()
{
    const QString path = m_dir->filePath(QStringLiteral("atelier.sqlite"));
    qint64 profileId = 0;
    qint64 erased = 0;
    qint64 kept = 0;
    {
        Store store;
        QVERIFY(!store.open(path).isError());
        GenerationError error;
        profileId = store.createProfile(QStringLiteral("Ada"), 100, kT0, &error)->id;
        Generation request;
        request.request.profileId = profileId;
        request.request.prompt = QStringLiteral("a fox");
        request.request.model = QStringLiteral("gpt-image-1");
        for (qint64 *id : {&erased, &kept}) {
            *id = store.insertGeneration(request, 0, kT0, &error);
            QVERIFY(store.markStarted(*id, 1, 1, kT0) && store.markCompleted(*id, 1, {}, 0, kT0));
        }
        QStringList removed;
        QVERIFY(store.deleteGeneration(erased, profileId, kT0, &removed, &error));
    }
    {
        // Back to what version 6 wrote: the tombstone had deleted_at only, and no generation a parent.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("version6"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        for (const char *sql :
             {"DROP INDEX generations_parent", "ALTER TABLE generations DROP COLUMN parent_id",
              "DROP INDEX generations_trash", "ALTER TABLE generations DROP COLUMN erased_at",
              "PRAGMA user_version = 6"})
            QVERIFY2(query.exec(QString::fromLatin1(sql)), qPrintable(query.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("version6"));

    Store store;
    QVERIFY(!store.open(path).isError());
    QCOMPARE(store.schemaVersion(), Migrations::latestVersion());
    QVERIFY(store.trash().list(profileId).isEmpty());
    QCOMPARE(store.generation(kept)->parentId, 0);
    GenerationError error;
    QVERIFY(!store.trash().restore({erased}, profileId, kT0, &error));
    QCOMPARE(error.category, Category::Validation);
    QVERIFY(store.trash().trash({kept}, profileId, kT0, &error));
    QCOMPARE(store.trash().list(profileId).size(), 1);
}

// A version without leases left a job processing: it has no lease, so it counts as abandoned, holds no slot
// of the limits, and the first process to look puts it back in the queue, once.
void TestMigrations::jobsLeftRunningBeforeLeasesAreRecovered()
{
    const QString path = m_dir->filePath(QStringLiteral("atelier.sqlite"));
    QVERIFY(writeVersion1(path));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QVERIFY(
            exec(db,
                 QStringLiteral("UPDATE generations SET status = 'processing', attempts = 1, started_at = ?"
                                " WHERE id = ?"),
                 {kT0 + 4 * kHour, kGarden}));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old"));

    Store window;
    Store cli;
    QVERIFY(!window.open(path).isError());
    QVERIFY(!cli.open(path).isError());
    Generation next;
    next.request.profileId = kAda;
    next.request.prompt = QStringLiteral("a lighthouse at dawn");
    next.request.model = QStringLiteral("gpt-image-1");
    next.provider = QStringLiteral("openai");
    GenerationError error;
    const qint64 id = window.insertGeneration(next, 5, kT0 + 5 * kHour, &error);
    QVERIFY2(id > 0, qPrintable(error.message));
    // The old job holds no slot: a limit of one still lets a new job start.
    const qint64 now = kT0 + 5 * kHour;
    QCOMPARE(cli.leases().claim(id, 1, 1, {QStringLiteral("cli"), now + 30'000}, {1, 1}, now),
             JobLeases::Claim::Claimed);
    QCOMPARE(window.recoverInterrupted(3, now).requeued, QList<qint64>{kGarden});
    QVERIFY(cli.recoverInterrupted(3, now).requeued.isEmpty());
    QCOMPARE(cli.generation(kGarden)->status, GenerationStatus::Pending);
    QCOMPARE(cli.generation(id)->status, GenerationStatus::Processing);
    QCOMPARE(cli.ledger().balance(kAda), kAdaBalance - 5);
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
