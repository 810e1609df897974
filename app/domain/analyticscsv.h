#pragma once

#include "analytics.h"
#include "evententry.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace atelier {

// The analytics and the event log as CSV files (see CsvLine), the same from the window and atelier-cli.
class AnalyticsCsv
{
public:
    // model, jobs, completed, failed, cancelled, success_rate, median_ms, p95_ms, retries_per_job,
    // average_cost, tokens, failures ("server:2;network:1")
    static QByteArray byModel(const Analytics &analytics);
    // day, completed, tokens
    static QByteArray byDay(const Analytics &analytics);
    // at (ISO 8601, UTC), actor, kind, generation, details
    static QByteArray events(const QList<EventEntry> &events);

    // A ratio or an average as written: three decimals.
    static double rounded(double value);
    // The failures by kind, "server<separator>2<joiner>network<separator>1".
    static QString failures(const ModelAnalytics &model, const QString &separator, const QString &joiner);
};

} // namespace atelier
