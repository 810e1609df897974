#include "statsqueries.h"

#include "domain/generationstatus.h"
#include "sql.h"

#include <QHash>

namespace atelier {

namespace {
constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;
constexpr int kPopularModels = 5;
} // namespace

UserStats StatsQueries::userStats(qint64 profileId, int days, qint64 nowMs) const
{
    UserStats stats;
    stats.profileId = profileId;
    countStatuses(profileId, &stats);
    countModels(profileId, &stats);
    countDays(profileId, days, nowMs, &stats);
    return stats;
}

void StatsQueries::countStatuses(qint64 profileId, UserStats *stats) const
{
    // Grouped by status, this reads only the covering index (profile_id, deleted_at, status, ...). The counts
    // and times describe the pictures the history still shows, so they skip tombstones; the tokens count
    // them, because a deleted picture's tokens stay spent (its ledger entries stay too).
    Statement query(m_db);
    const QString sql = QStringLiteral(
        "SELECT status, COUNT(*) - COUNT(deleted_at),"
        " COUNT(CASE WHEN deleted_at IS NULL THEN finished_at - started_at END),"
        " TOTAL(CASE WHEN deleted_at IS NULL THEN finished_at - started_at END), TOTAL(tokens_charged)"
        " FROM generations WHERE profile_id = ? GROUP BY status");
    if (!Sql::run(query, sql, {profileId}, QStringLiteral("Could not count the generations"), nullptr))
        return;
    while (query.next()) {
        const int count = query.value(1).toInt();
        stats->total += count;
        switch (statusFromName(query.value(0).toString()).value_or(GenerationStatus::Failed)) {
        case GenerationStatus::Pending:
        case GenerationStatus::Processing:
            stats->active += count;
            break;
        case GenerationStatus::Completed: {
            stats->completed += count;
            const int timed = query.value(2).toInt();
            stats->averageProcessingMs = timed > 0 ? qRound64(query.value(3).toDouble() / timed) : 0;
            stats->tokensUsed = qRound64(query.value(4).toDouble());
            break;
        }
        case GenerationStatus::Failed:
            stats->failed += count;
            break;
        case GenerationStatus::Cancelled:
            stats->cancelled += count;
            break;
        }
    }
}

void StatsQueries::countModels(qint64 profileId, UserStats *stats) const
{
    Statement query(m_db);
    const QString sql =
        QStringLiteral("SELECT model, COUNT(*) AS uses FROM generations WHERE profile_id = ?"
                       " AND deleted_at IS NULL GROUP BY model ORDER BY uses DESC, model ASC LIMIT ?");
    if (!Sql::run(query, sql, {profileId, kPopularModels}, QStringLiteral("Could not count the models"),
                  nullptr))
        return;
    while (query.next())
        stats->popularModels.append({query.value(0).toString(), query.value(1).toInt()});
}

void StatsQueries::countDays(qint64 profileId, int days, qint64 nowMs, UserStats *stats) const
{
    if (days <= 0)
        return;
    const QDate last = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).date();
    const QDate first = last.addDays(-(days - 1));
    const qint64 fromMs = QDateTime(first, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 toMs = QDateTime(last.addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();

    QHash<qint64, int> counts; // days since fromMs -> generations created that day
    Statement query(m_db);
    const QString sql = QStringLiteral(
        "SELECT (created_at - ?) / ? AS day, COUNT(*) FROM generations"
        " WHERE profile_id = ? AND deleted_at IS NULL AND created_at >= ? AND created_at < ? GROUP BY day");
    if (Sql::run(query, sql, {fromMs, kDayMs, profileId, fromMs, toMs},
                 QStringLiteral("Could not count the generations per day"), nullptr)) {
        while (query.next())
            counts.insert(query.value(0).toLongLong(), query.value(1).toInt());
    }
    for (int day = 0; day < days; ++day)
        stats->perDay.append({first.addDays(day), counts.value(day)});
}

QList<DurationSample> StatsQueries::recentDurations(int limit) const
{
    QList<DurationSample> samples;
    Statement query(m_db);
    const QString sql =
        QStringLiteral("SELECT provider, model, size, quality, finished_at - started_at, started_at - "
                       "queued_at FROM generations"
                       " WHERE status = 'completed' AND started_at IS NOT NULL AND finished_at IS NOT NULL"
                       " ORDER BY finished_at DESC, id DESC LIMIT ?");
    if (!Sql::run(query, sql, {limit}, QStringLiteral("Could not read the recent durations"), nullptr))
        return samples;
    while (query.next()) {
        DurationSample sample;
        sample.provider = query.value(0).toString();
        sample.model = query.value(1).toString();
        sample.size = query.value(2).toString();
        sample.quality = query.value(3).toString();
        sample.processingMs = query.value(4).toLongLong();
        sample.waitMs = query.value(5).toLongLong();
        samples.append(sample);
    }
    return samples;
}

} // namespace atelier
