#pragma once

#include "domain/generationtile.h"
#include "domain/historyquery.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace atelier {

// A read-only connection of its own to the database, for the gallery's pages, counts and searches on a worker
// thread. SQLite in WAL mode lets it read while the store writes, so neither waits for the other. A
// connection belongs to the thread that opens it: make, use and destroy a reader on one thread.
class HistoryFilter;
class Statement;

class HistoryReader final
{
public:
    // Asked while a read runs, every thousand steps of SQLite's machine or so: true stops the read at once
    // (its answer is an error nobody takes). A search typed key by key asks for a page at each key; the
    // read for the previous key must not hold the next one up.
    using Abandoned = std::function<bool()>;

    explicit HistoryReader(const QString &databasePath);
    ~HistoryReader();
    Q_DISABLE_COPY_MOVE(HistoryReader)

    QString path() const { return m_db.databaseName(); }
    // The page of tiles the query asks for (limit, cursor, offset).
    HistoryPage page(qint64 profileId, const HistoryQuery &query, const Abandoned &abandoned = {});
    // How many generations the query matches, as the page's total (no tiles).
    HistoryPage count(qint64 profileId, const HistoryQuery &query, const Abandoned &abandoned = {});

private:
    GenerationError open();
    // Runs one read; take() reads its rows. A read abandoned midway is a Cancelled error.
    GenerationError read(const QString &sql, const QVariantList &values, const QString &what,
                         const Abandoned &abandoned, const std::function<void(Statement &)> &take);
    // Steers a search for words few prompts hold to their matches (see HistoryFilter::matchAmong).
    GenerationError narrow(HistoryFilter &filter, const Abandoned &abandoned);
    static int progress(void *reader);

    QSqlDatabase m_db;
    bool m_open = false;
    Abandoned m_abandoned;  // of the read running, if any
    bool m_stopped = false; // the read running was abandoned
};

} // namespace atelier
