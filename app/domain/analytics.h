#pragma once

#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

namespace atelier {

// How one model did for a profile over a period: every job of it that ended in the period (completed, failed
// or cancelled, deleted pictures too: what happened stays what happened).
struct ModelAnalytics
{
    QString model;
    int completed = 0;
    int failed = 0;
    int cancelled = 0;
    // Processing time of the completed jobs (start to finish of the last attempt), by nearest rank.
    qint64 medianMs = 0;
    qint64 p95Ms = 0;
    int retries = 0; // automatic retries: attempts beyond the first, over all ended jobs
    QMap<QString, int> failuresByCategory; // category name -> failed jobs
    qint64 tokens = 0;                     // charged by the completed jobs

    int ended() const { return completed + failed + cancelled; }
    // Completed out of those that ended; 0 when none did.
    double successRate() const { return ended() > 0 ? double(completed) / ended() : 0.0; }
    double retriesPerJob() const { return ended() > 0 ? double(retries) / ended() : 0.0; }
    // Tokens a completed job cost on average; 0 when none completed.
    double averageCost() const { return completed > 0 ? double(tokens) / completed : 0.0; }
};

// Tokens spent on one day (by when the jobs finished, in UTC), and on how many completed jobs.
struct DaySpending
{
    QDate day;
    qint64 tokens = 0;
    int completed = 0;
};

// A profile's numbers over the days [from, until] (UTC): per model, most used first, and per day, every
// day of the period listed, empty ones too.
struct Analytics
{
    qint64 profileId = 0;
    QDate from;
    QDate until;
    QList<ModelAnalytics> models;
    QList<DaySpending> days;
    qint64 balance = 0; // now, for the spending to be read against

    qint64 tokensSpent() const
    {
        qint64 total = 0;
        for (const DaySpending &day : days)
            total += day.tokens;
        return total;
    }
};

// The value at rank ceil(percent / 100 * n) of `sorted` (ascending), the nearest-rank percentile: always one
// of the values, never an average. 0 for an empty list.
qint64 nearestRankPercentile(const QList<qint64> &sorted, int percent);

} // namespace atelier
