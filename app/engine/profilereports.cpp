#include "profilereports.h"

#include "domain/clock.h"
#include "storage/store.h"

namespace atelier {

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
