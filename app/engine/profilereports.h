#pragma once

#include "domain/analytics.h"
#include "domain/evententry.h"
#include "domain/generation.h"
#include "domain/historyquery.h"
#include "domain/userstats.h"
#include "engine/historyloader.h"

#include <QDate>
#include <QList>
#include <QStringList>

namespace atelier {

class Clock;
class Store;

// The record of a profile's work and its numbers as the service offers them: the history (whole generations
// at once, or pages of tiles on threads of their own, see HistoryLoader), the statistics, the analytics over
// a period and the event log. Reads only.
class ProfileReports final
{
public:
    ProfileReports(const Store &store, Clock &clock, int statsDays)
        : m_store(store), m_clock(clock), m_statsDays(statsDays)
    {}

    QList<Generation> history(qint64 profileId, const HistoryQuery &query) const;
    int historyCount(qint64 profileId, const HistoryQuery &query) const;
    QFuture<HistoryPage> tiles(qint64 profileId, const HistoryQuery &query) const;
    QFuture<HistoryPage> countTiles(qint64 profileId, const HistoryQuery &query) const;
    UserStats stats(qint64 profileId) const;
    Analytics analytics(qint64 profileId, QDate from, QDate until) const;
    QList<EventEntry> events(qint64 profileId, const EventQuery &query) const;
    QStringList eventKinds(qint64 profileId) const;

private:
    const Store &m_store;
    Clock &m_clock;
    int m_statsDays;
    mutable HistoryLoader m_loader;
};

} // namespace atelier
