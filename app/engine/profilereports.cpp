#include "profilereports.h"

#include "domain/clock.h"
#include "storage/store.h"

namespace atelier {

QList<Generation> ProfileReports::history(qint64 profileId, const HistoryQuery &query) const
{
    return m_store.history(profileId, query);
}

int ProfileReports::historyCount(qint64 profileId, const HistoryQuery &query) const
{
    return m_store.historyCount(profileId, query);
}

QFuture<HistoryPage> ProfileReports::tiles(qint64 profileId, const HistoryQuery &query) const
{
    return m_loader.page(m_store.path(), profileId, query);
}

QFuture<HistoryPage> ProfileReports::countTiles(qint64 profileId, const HistoryQuery &query) const
{
    return m_loader.count(m_store.path(), profileId, query);
}

UserStats ProfileReports::stats(qint64 profileId) const
{
    return m_store.userStats(profileId, m_statsDays, m_clock.nowMs());
}

Analytics ProfileReports::analytics(qint64 profileId, QDate from, QDate until) const
{
    return m_store.analytics(profileId, from, until);
}

QList<EventEntry> ProfileReports::events(qint64 profileId, const EventQuery &query) const
{
    return m_store.events(profileId, query);
}

QStringList ProfileReports::eventKinds(qint64 profileId) const
{
    return m_store.eventKinds(profileId);
}

} // namespace atelier
