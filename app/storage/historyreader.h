#pragma once

#include "domain/generationtile.h"
#include "domain/historyquery.h"

#include <QSqlDatabase>
#include <QString>

namespace atelier {

// A read-only connection of its own to the database, for the gallery's pages, counts and searches on a worker
// thread. SQLite in WAL mode lets it read while the store writes, so neither waits for the other. A
// connection belongs to the thread that opens it: make, use and destroy a reader on one thread.
class HistoryReader final
{
public:
    explicit HistoryReader(const QString &databasePath);
    ~HistoryReader();
    Q_DISABLE_COPY_MOVE(HistoryReader)

    QString path() const { return m_db.databaseName(); }
    // The page of tiles the query asks for (limit, cursor, offset).
    HistoryPage page(qint64 profileId, const HistoryQuery &query);
    // How many generations the query matches, as the page's total (no tiles).
    HistoryPage count(qint64 profileId, const HistoryQuery &query);

private:
    GenerationError open();

    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace atelier
