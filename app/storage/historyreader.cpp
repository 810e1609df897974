#include "historyreader.h"

#include "generationrow.h"
#include "historyfilter.h"
#include "sql.h"

#include <atomic>

namespace atelier {

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
    m_open = true;
    return {};
}

HistoryPage HistoryReader::page(qint64 profileId, const HistoryQuery &query)
{
    HistoryPage page;
    if ((page.error = open()).isError())
        return page;
    HistoryFilter filter(profileId, query);
    filter.startAfter(query);
    Statement rows(m_db);
    const QString sql = QStringLiteral("SELECT %1 FROM generations g %2")
                            .arg(GenerationRow::tileColumns(), filter.pageTail(query));
    if (Sql::run(rows, sql, filter.pageValues(query), QStringLiteral("Could not read the history"),
                 &page.error)) {
        while (rows.next())
            page.tiles.append(GenerationRow::readTile(rows));
    }
    return page;
}

HistoryPage HistoryReader::count(qint64 profileId, const HistoryQuery &query)
{
    HistoryPage page;
    if ((page.error = open()).isError())
        return page;
    const HistoryFilter filter(profileId, query);
    Statement count(m_db);
    if (Sql::run(count, QStringLiteral("SELECT COUNT(*) FROM generations g WHERE %1").arg(filter.where()),
                 filter.values(), QStringLiteral("Could not count the history"), &page.error) &&
        count.next())
        page.total = count.value(0).toInt();
    return page;
}

} // namespace atelier
