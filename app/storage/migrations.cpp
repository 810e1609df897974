#include "migrations.h"

#include "sql.h"
#include "transaction.h"

#include <QStringList>

#include <algorithm>

namespace atelier {

namespace {

QStringList version1()
{
    return {
        QStringLiteral("CREATE TABLE profiles ("
                       " id INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
                       " created_at INTEGER NOT NULL,"
                       // The sum of the profile's ledger amounts, kept by a trigger on every ledger insert so
                       // that reading a balance does not grow with the history.
                       " balance INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE TABLE generations ("
                       " id INTEGER PRIMARY KEY,"
                       " profile_id INTEGER NOT NULL REFERENCES profiles(id),"
                       " status TEXT NOT NULL"
                       "  CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),"
                       " prompt TEXT NOT NULL,"
                       " custom_prompt TEXT NOT NULL DEFAULT '',"
                       " model TEXT NOT NULL,"
                       " provider TEXT NOT NULL DEFAULT '',"
                       " style TEXT NOT NULL DEFAULT '',"
                       " quality TEXT NOT NULL DEFAULT '',"
                       " aspect_ratio TEXT NOT NULL DEFAULT '',"
                       " requested_size TEXT NOT NULL DEFAULT '',"
                       " size TEXT NOT NULL DEFAULT '',"
                       " image_count INTEGER NOT NULL DEFAULT 1,"
                       " product_images TEXT NOT NULL DEFAULT '[]',"
                       " model_images TEXT NOT NULL DEFAULT '[]',"
                       " parameters TEXT NOT NULL DEFAULT '{}',"
                       " progress INTEGER NOT NULL DEFAULT 0,"
                       " step TEXT NOT NULL DEFAULT '',"
                       " run INTEGER NOT NULL DEFAULT 1,"
                       " attempts INTEGER NOT NULL DEFAULT 0,"
                       " created_at INTEGER NOT NULL,"
                       " queued_at INTEGER NOT NULL,"
                       " started_at INTEGER,"
                       " finished_at INTEGER,"
                       " not_before INTEGER,"
                       " error_category TEXT,"
                       " error_message TEXT,"
                       " http_status INTEGER,"
                       " result_paths TEXT NOT NULL DEFAULT '[]',"
                       " tokens_reserved INTEGER NOT NULL DEFAULT 0,"
                       " tokens_charged INTEGER NOT NULL DEFAULT 0)"),
        // History pages by profile and date, the queue loads by status, filters and statistics go by model;
        // the ETA estimator reads the newest completed ones.
        QStringLiteral("CREATE INDEX generations_profile_created ON generations(profile_id, created_at)"),
        QStringLiteral("CREATE INDEX generations_status_queued ON generations(status, queued_at)"),
        QStringLiteral(
            "CREATE INDEX generations_profile_model ON generations(profile_id, model, created_at)"),
        QStringLiteral("CREATE INDEX generations_status_finished ON generations(status, finished_at)"),
        // Covers the statistics, which read every row of a profile.
        QStringLiteral("CREATE INDEX generations_profile_status"
                       " ON generations(profile_id, status, started_at, finished_at, tokens_charged)"),
        QStringLiteral(
            "CREATE VIRTUAL TABLE generations_fts USING fts5(prompt, custom_prompt,"
            " content='generations', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"),
        QStringLiteral("CREATE TRIGGER generations_fts_insert AFTER INSERT ON generations BEGIN"
                       " INSERT INTO generations_fts(rowid, prompt, custom_prompt)"
                       "  VALUES (new.id, new.prompt, new.custom_prompt);"
                       " END"),
        QStringLiteral("CREATE TRIGGER generations_fts_delete AFTER DELETE ON generations BEGIN"
                       " INSERT INTO generations_fts(generations_fts, rowid, prompt, custom_prompt)"
                       "  VALUES ('delete', old.id, old.prompt, old.custom_prompt);"
                       " END"),
        QStringLiteral(
            "CREATE TRIGGER generations_fts_update AFTER UPDATE OF prompt, custom_prompt ON generations"
            " BEGIN"
            " INSERT INTO generations_fts(generations_fts, rowid, prompt, custom_prompt)"
            "  VALUES ('delete', old.id, old.prompt, old.custom_prompt);"
            " INSERT INTO generations_fts(rowid, prompt, custom_prompt)"
            "  VALUES (new.id, new.prompt, new.custom_prompt);"
            " END"),
        // NULL generation ids are distinct under UNIQUE, so grants and top-ups repeat freely while a run's
        // reserve, settle and refund can each be written once.
        QStringLiteral(
            "CREATE TABLE ledger ("
            " id INTEGER PRIMARY KEY,"
            " profile_id INTEGER NOT NULL REFERENCES profiles(id),"
            " generation_id INTEGER REFERENCES generations(id),"
            " run INTEGER NOT NULL DEFAULT 0,"
            " kind TEXT NOT NULL CHECK (kind IN ('grant', 'topup', 'reserve', 'settle', 'refund')),"
            " amount INTEGER NOT NULL,"
            " at INTEGER NOT NULL,"
            " note TEXT,"
            " UNIQUE (generation_id, run, kind))"),
        QStringLiteral("CREATE INDEX ledger_profile ON ledger(profile_id)"),
        QStringLiteral("CREATE TRIGGER ledger_balance AFTER INSERT ON ledger BEGIN"
                       " UPDATE profiles SET balance = balance + new.amount WHERE id = new.profile_id;"
                       " END"),
        QStringLiteral("CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN"
                       " SELECT RAISE(ABORT, 'the token ledger is append-only');"
                       " END"),
        QStringLiteral("CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN"
                       " SELECT RAISE(ABORT, 'the token ledger is append-only');"
                       " END"),
        QStringLiteral("CREATE TABLE events ("
                       " id INTEGER PRIMARY KEY,"
                       " at INTEGER NOT NULL,"
                       " actor TEXT,"
                       " profile_id INTEGER,"
                       " generation_id INTEGER,"
                       " kind TEXT NOT NULL,"
                       " details TEXT)"),
        QStringLiteral("CREATE INDEX events_profile_at ON events(profile_id, at)"),
    };
}

// A deleted generation stays as a tombstone: its ledger entries still name it (they are history), and its id
// is never handed out again. Pages of the history and the statistics skip tombstones through the indexes.
QStringList version2()
{
    return {
        QStringLiteral("ALTER TABLE generations ADD COLUMN deleted_at INTEGER"),
        QStringLiteral("DROP INDEX generations_profile_created"),
        QStringLiteral("CREATE INDEX generations_profile_created"
                       " ON generations(profile_id, deleted_at, created_at)"),
        QStringLiteral("DROP INDEX generations_profile_status"),
        QStringLiteral(
            "CREATE INDEX generations_profile_status ON generations(profile_id, deleted_at, status,"
            " started_at, finished_at, tokens_charged)"),
    };
}

// Cloud copies of results (their state, why one failed, the assets as JSON in the order of result_paths;
// "removing" for a deleted generation whose copy is still to be destroyed) and results imported from files,
// known by the source file's hash so that importing a folder twice adds nothing. The store's own random id
// keeps the cloud names of two data folders apart.
QStringList version3()
{
    return {
        QStringLiteral("ALTER TABLE generations ADD COLUMN cloud_state TEXT NOT NULL DEFAULT 'none'"
                       " CHECK (cloud_state IN ('none', 'pending', 'uploaded', 'failed', 'removing'))"),
        QStringLiteral("ALTER TABLE generations ADD COLUMN cloud_error TEXT"),
        QStringLiteral("ALTER TABLE generations ADD COLUMN cloud_assets TEXT NOT NULL DEFAULT '[]'"),
        QStringLiteral("ALTER TABLE generations ADD COLUMN imported_sha256 TEXT"),
        QStringLiteral("CREATE UNIQUE INDEX generations_imported ON generations(profile_id, imported_sha256)"
                       " WHERE imported_sha256 IS NOT NULL"),
        QStringLiteral("CREATE INDEX generations_cloud_pending ON generations(cloud_state)"
                       " WHERE cloud_state IN ('pending', 'removing')"),
        QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
        QStringLiteral("INSERT INTO meta (key, value) VALUES ('store_id', lower(hex(randomblob(6))))"),
    };
}

// Leases, so that several processes can share the queue: the process running a job (lease_owner, an id it
// makes when it starts) and until when (lease_expires_at, ms) unless it renews the lease, and whether the job
// holds a slot of the concurrency limits (it gives it back once its provider has answered). Rows left
// processing by an earlier version have no lease and count as expired.
QStringList version4()
{
    return {
        QStringLiteral("ALTER TABLE generations ADD COLUMN lease_owner TEXT"),
        QStringLiteral("ALTER TABLE generations ADD COLUMN lease_expires_at INTEGER"),
        QStringLiteral("ALTER TABLE generations ADD COLUMN holds_slot INTEGER NOT NULL DEFAULT 0"),
        // Processes whose claim the global limit refused, until when they are known to wait.
        QStringLiteral("CREATE TABLE queue_waiters (owner TEXT PRIMARY KEY, until INTEGER NOT NULL)"),
        // Steering the queue: a pending job's priority (-1 low, 0 normal, 1 high), its place among its
        // profile's pending jobs of that priority (the time it was queued until moved by hand), and whether
        // it is paused by hand. Whether the whole queue is paused lives in meta (queue_paused).
        QStringLiteral("ALTER TABLE generations ADD COLUMN priority INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE generations ADD COLUMN queue_rank REAL NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE generations ADD COLUMN held INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("UPDATE generations SET queue_rank = queued_at"),
        // Which generations changed, in order, whichever process changed them (see ChangeFeed). Lease
        // renewals and the slot flag are left out: nobody shows them.
        QStringLiteral("CREATE TABLE generation_changes"
                       " (seq INTEGER PRIMARY KEY AUTOINCREMENT, generation_id INTEGER NOT NULL)"),
        QStringLiteral("CREATE TRIGGER generation_changes_insert AFTER INSERT ON generations BEGIN"
                       " INSERT INTO generation_changes (generation_id) VALUES (NEW.id); END"),
        QStringLiteral("CREATE TRIGGER generation_changes_update AFTER UPDATE OF status, progress, step, run,"
                       " attempts, not_before, result_paths, tokens_charged, cloud_state, deleted_at,"
                       " priority, queue_rank, held"
                       " ON generations BEGIN"
                       " INSERT INTO generation_changes (generation_id) VALUES (NEW.id); END"),
    };
}

// Which process uploads a pending cloud copy (a lease owner), so that two processes that start with the
// same unfinished upload do not both send it. Cleared whenever the copy's state changes.
QStringList version5()
{
    return {QStringLiteral("ALTER TABLE generations ADD COLUMN cloud_owner TEXT")};
}

// Curation: a favourite star and a 0-5 rating on each generation, free tags, and boards (named collections
// of a profile; a result can be on several). Changes to them reach the other processes through the change
// feed like any other change of a generation. The partial indexes keep "favourites only" and "rated at
// least N" a short walk at 100,000 rows (the rating in the index, so that a count reads no row).
QStringList version6()
{
    return {
        QStringLiteral("ALTER TABLE generations ADD COLUMN favorite INTEGER NOT NULL DEFAULT 0"
                       " CHECK (favorite IN (0, 1))"),
        QStringLiteral("ALTER TABLE generations ADD COLUMN rating INTEGER NOT NULL DEFAULT 0"
                       " CHECK (rating BETWEEN 0 AND 5)"),
        QStringLiteral("CREATE INDEX generations_favorite ON generations(profile_id, deleted_at, created_at)"
                       " WHERE favorite = 1"),
        QStringLiteral("CREATE INDEX generations_rated"
                       " ON generations(profile_id, deleted_at, created_at, rating) WHERE rating > 0"),
        QStringLiteral("CREATE TABLE generation_tags ("
                       " generation_id INTEGER NOT NULL REFERENCES generations(id),"
                       " tag TEXT NOT NULL,"
                       " PRIMARY KEY (generation_id, tag)) WITHOUT ROWID"),
        QStringLiteral("CREATE INDEX generation_tags_tag ON generation_tags(tag, generation_id)"),
        QStringLiteral("CREATE TABLE boards ("
                       " id INTEGER PRIMARY KEY,"
                       " profile_id INTEGER NOT NULL REFERENCES profiles(id),"
                       " name TEXT NOT NULL COLLATE NOCASE,"
                       " created_at INTEGER NOT NULL,"
                       " UNIQUE (profile_id, name))"),
        QStringLiteral("CREATE TABLE board_items ("
                       " board_id INTEGER NOT NULL REFERENCES boards(id),"
                       " generation_id INTEGER NOT NULL REFERENCES generations(id),"
                       " added_at INTEGER NOT NULL,"
                       " PRIMARY KEY (board_id, generation_id)) WITHOUT ROWID"),
        QStringLiteral("CREATE INDEX board_items_generation ON board_items(generation_id)"),
        QStringLiteral("DROP TRIGGER generation_changes_update"),
        QStringLiteral("CREATE TRIGGER generation_changes_update AFTER UPDATE OF status, progress, step, run,"
                       " attempts, not_before, result_paths, tokens_charged, cloud_state, deleted_at,"
                       " priority, queue_rank, held, favorite, rating"
                       " ON generations BEGIN"
                       " INSERT INTO generation_changes (generation_id) VALUES (NEW.id); END"),
        QStringLiteral("CREATE TRIGGER generation_changes_tag_insert AFTER INSERT ON generation_tags BEGIN"
                       " INSERT INTO generation_changes (generation_id) VALUES (NEW.generation_id); END"),
        QStringLiteral("CREATE TRIGGER generation_changes_tag_delete AFTER DELETE ON generation_tags BEGIN"
                       " INSERT INTO generation_changes (generation_id) VALUES (OLD.generation_id); END"),
        QStringLiteral("CREATE TRIGGER generation_changes_board_insert AFTER INSERT ON board_items BEGIN"
                       " INSERT INTO generation_changes (generation_id) VALUES (NEW.generation_id); END"),
        QStringLiteral("CREATE TRIGGER generation_changes_board_delete AFTER DELETE ON board_items BEGIN"
                       " INSERT INTO generation_changes (generation_id) VALUES (OLD.generation_id); END"),
    };
}

// The trash: a deleted result keeps its row, files and marks (deleted_at set) until it is erased for good
// (erased_at set too, and what it said cleared: the tombstone of earlier versions). Everything that lists or
// counts results already skips deleted_at; the partial index keeps the trash a short walk.
QStringList version7()
{
    return {
        QStringLiteral("ALTER TABLE generations ADD COLUMN erased_at INTEGER"),
        QStringLiteral("UPDATE generations SET erased_at = deleted_at WHERE deleted_at IS NOT NULL"),
        QStringLiteral("CREATE INDEX generations_trash ON generations(profile_id, deleted_at)"
                       " WHERE deleted_at IS NOT NULL AND erased_at IS NULL"),
    };
}

// Lineage: a variation ("more like this") names the generation it came from. Rows are never removed (an
// erased one stays a tombstone), so the reference always holds; the partial index finds a generation's
// variations.
QStringList version8()
{
    return {
        QStringLiteral("ALTER TABLE generations ADD COLUMN parent_id INTEGER REFERENCES generations(id)"),
        QStringLiteral(
            "CREATE INDEX generations_parent ON generations(parent_id, id) WHERE parent_id IS NOT NULL"),
    };
}

// Index i holds the statements of version i + 1.
const QList<QStringList> &versions()
{
    static const QList<QStringList> all{version1(), version2(), version3(), version4(),
                                        version5(), version6(), version7(), version8()};
    return all;
}

} // namespace

int Migrations::latestVersion()
{
    return int(versions().size());
}

GenerationError Migrations::newerSchema(int version)
{
    return GenerationError::make(
        GenerationError::Category::Storage,
        QStringLiteral("The database was written by a newer Atelier (schema version %1, "
                       "this one knows %2).")
            .arg(version)
            .arg(latestVersion()));
}

int Migrations::currentVersion(const QSqlDatabase &db)
{
    Statement query(db);
    if (!Sql::run(query, QStringLiteral("PRAGMA user_version"), {},
                  QStringLiteral("Could not read the schema version"), nullptr) ||
        !query.next())
        return -1;
    return query.value(0).toInt();
}

GenerationError Migrations::migrate(const QSqlDatabase &db)
{
    // Nearly every open finds the schema current: a read, which under WAL waits for no writer, says so
    // without the write lock that another process may hold.
    const int found = currentVersion(db);
    if (found > latestVersion())
        return newerSchema(found);
    GenerationError error;
    for (int version = std::max(found, 0) + 1; version <= latestVersion(); ++version) {
        const QString what = QStringLiteral("Could not upgrade the database to version %1").arg(version);
        Transaction transaction(db, what, &error);
        if (!transaction.isActive())
            return error;
        // Read under the write lock: another process may have migrated while this one waited.
        const int current = currentVersion(db);
        if (current < 0)
            return GenerationError::make(GenerationError::Category::Storage,
                                         QStringLiteral("%1: the schema version is unreadable.").arg(what));
        if (current > latestVersion())
            return newerSchema(current);
        if (current >= version)
            continue;
        Statement query(db);
        for (const QString &statement : versions().at(version - 1)) {
            if (!Sql::run(query, statement, {}, what, &error))
                return error;
        }
        // PRAGMA takes no bound values; the number comes from this program, not from input.
        if (!Sql::run(query, QStringLiteral("PRAGMA user_version = %1").arg(version), {}, what, &error))
            return error;
        if (!transaction.commit(&error))
            return error;
    }
    return error;
}

} // namespace atelier
