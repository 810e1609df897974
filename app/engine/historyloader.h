#pragma once

#include "domain/generationtile.h"
#include "domain/historyquery.h"

#include <QFuture>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace atelier {

class HistoryReader;

// Reads pages and counts of the history for the window on threads of their own, over read-only connections
// of their own (HistoryReader), so that searching, counting and paging never hold up the GUI thread or the
// engine's writes. Pages and counts go on separate threads: a count over many rows never makes the next
// page wait. On each, one read runs at a time, in the order asked; a read whose future is cancelled is
// skipped when it has not started and stopped where it is when it has.
class HistoryLoader final
{
public:
    HistoryLoader();
    // Waits for the reads asked for, then closes the connections on their threads.
    ~HistoryLoader();
    Q_DISABLE_COPY_MOVE(HistoryLoader)

    QFuture<HistoryPage> page(const QString &databasePath, qint64 profileId, const HistoryQuery &query);
    QFuture<HistoryPage> count(const QString &databasePath, qint64 profileId, const HistoryQuery &query);

private:
    // One thread that never expires, and the connection that lives on it.
    struct Lane
    {
        Lane();
        QThreadPool pool;
        std::unique_ptr<HistoryReader> reader; // made, used and destroyed on the pool's thread only
    };

    using Read = std::function<HistoryPage(HistoryReader &, const std::function<bool()> &abandoned)>;
    static QFuture<HistoryPage> run(Lane &lane, const QString &databasePath, Read read);
    static void close(Lane &lane);

    Lane m_pages;
    Lane m_counts;
};

} // namespace atelier
