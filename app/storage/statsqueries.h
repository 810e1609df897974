#pragma once

#include "domain/durationsample.h"
#include "domain/userstats.h"

#include <QList>
#include <QSqlDatabase>

namespace atelier {

// The read-only aggregates over generations: a profile's statistics and the durations the ETA learns from.
class StatsQueries
{
public:
    explicit StatsQueries(QSqlDatabase db) : m_db(std::move(db)) {}

    // Everything but the balance, which belongs to the ledger.
    UserStats userStats(qint64 profileId, int days, qint64 nowMs) const;
    QList<DurationSample> recentDurations(int limit) const;

private:
    void countStatuses(qint64 profileId, UserStats *stats) const;
    void countModels(qint64 profileId, UserStats *stats) const;
    void countDays(qint64 profileId, int days, qint64 nowMs, UserStats *stats) const;

    QSqlDatabase m_db;
};

} // namespace atelier
