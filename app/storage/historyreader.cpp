#include "historyreader.h"

#include "generationrow.h"
#include "historyfilter.h"
#include "sql.h"

#include <QScopeGuard>
#include <QSqlDriver>

#include <sqlite3.h>

#include <atomic>

namespace atelier {

namespace {
// Up to this many matches, the search looks them up by id (a few milliseconds at most).
constexpr int kFewMatches = 2000;
} // namespace

HistoryReader::HistoryReader(const QString &databasePath)
{
    static std::atomic<int> counter{0};
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                     QStringLiteral("atelier-history-reader-%1").arg(++counter));
    m_db.setDatabaseName(databasePath);
    // Read-only: nothing here can change the history, and SQLite takes no write lock for it.
    m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
}

HistoryReader::~HistoryReader()
{
    const QString connection = m_db.connectionName();
    Statement::forgetConnection(m_db);
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(connection);
}

GenerationError HistoryReader::open()
{
    if (m_open)
        return {};
    if (!m_db.open())
        return Sql::error(QStringLiteral("Could not open the history %1").arg(m_db.databaseName()),
                          m_db.lastError());
    // Qt's driver and this program link the same SQLite library, so its handle is ours to use.
    const QVariant handle = m_db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") == 0) {
        if (auto *connection = *static_cast<sqlite3 *const *>(handle.constData()))
            sqlite3_progress_handler(connection, 1000, &HistoryReader::progress, this);
    }
    m_open = true;
    return {};
}

int HistoryReader::progress(void *reader)
{
    auto *self = static_cast<HistoryReader *>(reader);
    self->m_stopped = self->m_abandoned && self->m_abandoned();
    return self->m_stopped ? 1 : 0;
}

GenerationError HistoryReader::read(const QString &sql, const QVariantList &values, const QString &what,
                                    const Abandoned &abandoned, const std::function<void(Statement &)> &take)
{
    if (const GenerationError error = open(); error.isError())
        return error;
    m_abandoned = abandoned;
    m_stopped = false;
    const auto done = qScopeGuard([this] { m_abandoned = {}; });
    Statement rows(m_db);
    if (rows.exec(sql, values)) {
        take(rows);
        // A step can fail after the first row as well.
        if (!rows.lastError().isValid())
            return {};
    }
    // Nobody waits for the answer: no warning in the log for every key typed into the search.
    if (m_stopped)
        return GenerationError::make(GenerationError::Category::Cancelled, what);
    return Sql::error(what, rows.lastError());
}

GenerationError HistoryReader::narrow(HistoryFilter &filter, const Abandoned &abandoned)
{
    if (filter.match().isEmpty())
        return {};
    // SQLite cannot tell how many prompts hold the words. Walking the history in its order and testing each
    // row finds a page of a common word at once but reads every row for a rare one; looking the matches up
    // by id is the other way round. A look at the first matches tells which of the two this is.
    QList<qint64> ids;
    const GenerationError error =
        read(QStringLiteral("SELECT rowid FROM generations_fts WHERE generations_fts MATCH ? LIMIT ?"),
             {filter.match(), kFewMatches + 1}, QStringLiteral("Could not search the history"), abandoned,
             [&ids](Statement &rows) {
                 while (rows.next())
                     ids.append(rows.value(0).toLongLong());
             });
    if (!error.isError() && ids.size() <= kFewMatches)
        filter.matchAmong(ids);
    return error;
}

HistoryPage HistoryReader::page(qint64 profileId, const HistoryQuery &query, const Abandoned &abandoned)
{
    HistoryFilter filter(profileId, query);
    filter.startAfter(query);
    HistoryPage page;
    if ((page.error = narrow(filter, abandoned)).isError())
        return page;
    page.error = read(QStringLiteral("SELECT %1 FROM generations g %2")
                          .arg(GenerationRow::tileColumns(), filter.pageTail(query)),
                      filter.pageValues(query), QStringLiteral("Could not read the history"), abandoned,
                      [&page](Statement &rows) {
                          while (rows.next())
                              page.tiles.append(GenerationRow::readTile(rows));
                      });
    if (page.error.isError())
        page.tiles.clear();
    return page;
}

HistoryPage HistoryReader::count(qint64 profileId, const HistoryQuery &query, const Abandoned &abandoned)
{
    HistoryFilter filter(profileId, query);
    HistoryPage page;
    if ((page.error = narrow(filter, abandoned)).isError())
        return page;
    page.error = read(QStringLiteral("SELECT COUNT(*) FROM generations g WHERE %1").arg(filter.countWhere()),
                      filter.values(), QStringLiteral("Could not count the history"), abandoned,
                      [&page](Statement &count) {
                          if (count.next())
                              page.total = count.value(0).toInt();
                      });
    return page;
}

} // namespace atelier
