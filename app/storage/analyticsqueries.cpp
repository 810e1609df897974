#include "analyticsqueries.h"

#include "sql.h"

#include <QHash>

#include <algorithm>

namespace atelier {

namespace {

qint64 startOf(QDate day)
{
    return QDateTime(day, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

} // namespace

Analytics AnalyticsQueries::analytics(qint64 profileId, QDate from, QDate until) const
{
    Analytics result;
    result.profileId = profileId;
    result.from = from;
    result.until = until;
    if (!from.isValid() || !until.isValid() || until < from)
        return result;
    for (QDate day = from; day <= until; day = day.addDays(1))
        result.days.append({day, 0, 0});

    QHash<QString, ModelAnalytics> models;
    QHash<QString, QList<qint64>> durations; // of the completed jobs, by model
    Statement query(m_db);
    // The (status, finished_at) index finds the period; a period holds at most the jobs of its days.
    const QString sql = QStringLiteral(
        "SELECT model, status, attempts, error_category, finished_at, finished_at - started_at, "
        "tokens_charged"
        " FROM generations WHERE status IN ('completed', 'failed', 'cancelled') AND finished_at >= ?"
        " AND finished_at < ? AND profile_id = ?");
    if (!Sql::run(query, sql, {startOf(from), startOf(until.addDays(1)), profileId},
                  QStringLiteral("Could not read the analytics"), nullptr))
        return result;
    while (query.next()) {
        const QString model = query.value(0).toString();
        const QString status = query.value(1).toString();
        ModelAnalytics &entry = models[model];
        entry.model = model;
        entry.retries += std::max(0, query.value(2).toInt() - 1);
        if (status == QLatin1String("completed")) {
            ++entry.completed;
            const qint64 tokens = query.value(6).toLongLong();
            entry.tokens += tokens;
            if (!query.value(5).isNull())
                durations[model].append(query.value(5).toLongLong());
            const QDate day = QDateTime::fromMSecsSinceEpoch(query.value(4).toLongLong(), Qt::UTC).date();
            DaySpending &spending = result.days[from.daysTo(day)];
            spending.tokens += tokens;
            ++spending.completed;
        } else if (status == QLatin1String("failed")) {
            ++entry.failed;
            ++entry.failuresByCategory[query.value(3).toString()];
        } else {
            ++entry.cancelled;
        }
    }
    for (auto it = models.begin(); it != models.end(); ++it) {
        QList<qint64> &times = durations[it.key()];
        std::sort(times.begin(), times.end());
        it->medianMs = nearestRankPercentile(times, 50);
        it->p95Ms = nearestRankPercentile(times, 95);
        result.models.append(*it);
    }
    std::sort(result.models.begin(), result.models.end(),
              [](const ModelAnalytics &a, const ModelAnalytics &b) {
                  return a.ended() != b.ended() ? a.ended() > b.ended() : a.model < b.model;
              });
    return result;
}

} // namespace atelier
