#pragma once

#include "domain/analytics.h"
#include "domain/evententry.h"
#include "domain/userstats.h"

#include <QDate>
#include <QList>
#include <QStringList>

namespace atelier {

class Clock;
class Store;

// The numbers and the record of a profile's work as the service offers them: the statistics, the analytics
// over a period and the event log. Reads only.
class ProfileReports final
{
public:
    ProfileReports(const Store &store, Clock &clock, int statsDays)
        : m_store(store), m_clock(clock), m_statsDays(statsDays)
    {}

    UserStats stats(qint64 profileId) const;
    Analytics analytics(qint64 profileId, QDate from, QDate until) const;
    QList<EventEntry> events(qint64 profileId, const EventQuery &query) const;
    QStringList eventKinds(qint64 profileId) const;

private:
    const Store &m_store;
    Clock &m_clock;
    int m_statsDays;
};

} // namespace atelier
