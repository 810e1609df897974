#include "historyloader.h"

#include "storage/historyreader.h"

#include <QPromise>
#include <QtConcurrent>

namespace atelier {

HistoryLoader::Lane::Lane()
{
    pool.setMaxThreadCount(1);
    pool.setExpiryTimeout(-1);
}

HistoryLoader::HistoryLoader() = default;

HistoryLoader::~HistoryLoader()
{
    close(m_pages);
    close(m_counts);
}

void HistoryLoader::close(Lane &lane)
{
    lane.pool.start([&lane] { lane.reader.reset(); });
    lane.pool.waitForDone();
}

QFuture<HistoryPage> HistoryLoader::page(const QString &databasePath, qint64 profileId,
                                         const HistoryQuery &query)
{
    return run(m_pages, databasePath,
               [profileId, query](HistoryReader &reader, const HistoryReader::Abandoned &abandoned) {
                   return reader.page(profileId, query, abandoned);
               });
}

QFuture<HistoryPage> HistoryLoader::count(const QString &databasePath, qint64 profileId,
                                          const HistoryQuery &query)
{
    return run(m_counts, databasePath,
               [profileId, query](HistoryReader &reader, const HistoryReader::Abandoned &abandoned) {
                   return reader.count(profileId, query, abandoned);
               });
}

QFuture<HistoryPage> HistoryLoader::run(Lane &lane, const QString &databasePath, Read read)
{
    return QtConcurrent::run(
        &lane.pool, [&lane, databasePath, read = std::move(read)](QPromise<HistoryPage> &promise) {
            // A store opened again elsewhere (another data folder) gets a connection of its own.
            if (!lane.reader || lane.reader->path() != databasePath)
                lane.reader = std::make_unique<HistoryReader>(databasePath);
            promise.addResult(read(*lane.reader, [&promise] { return promise.isCanceled(); }));
        });
}

} // namespace atelier
