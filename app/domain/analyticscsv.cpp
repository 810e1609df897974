#include "analyticscsv.h"

#include "csvline.h"

#include <QDateTime>
#include <QStringList>

#include <cmath>

namespace atelier {

QByteArray AnalyticsCsv::byModel(const Analytics &analytics)
{
    QByteArray bytes =
        CsvLine::of({QStringLiteral("model"), QStringLiteral("jobs"), QStringLiteral("completed"),
                     QStringLiteral("failed"), QStringLiteral("cancelled"), QStringLiteral("success_rate"),
                     QStringLiteral("median_ms"), QStringLiteral("p95_ms"), QStringLiteral("retries_per_job"),
                     QStringLiteral("average_cost"), QStringLiteral("tokens"), QStringLiteral("failures")});
    for (const ModelAnalytics &model : analytics.models)
        bytes += CsvLine::of({model.model, model.ended(), model.completed, model.failed, model.cancelled,
                              rounded(model.successRate()), model.medianMs, model.p95Ms,
                              rounded(model.retriesPerJob()), rounded(model.averageCost()), model.tokens,
                              failures(model, QStringLiteral(":"), QStringLiteral(";"))});
    return bytes;
}

QByteArray AnalyticsCsv::byDay(const Analytics &analytics)
{
    QByteArray bytes =
        CsvLine::of({QStringLiteral("day"), QStringLiteral("completed"), QStringLiteral("tokens")});
    for (const DaySpending &day : analytics.days)
        bytes += CsvLine::of({day.day.toString(Qt::ISODate), day.completed, day.tokens});
    return bytes;
}

QByteArray AnalyticsCsv::events(const QList<EventEntry> &events)
{
    QByteArray bytes = CsvLine::of({QStringLiteral("at"), QStringLiteral("actor"), QStringLiteral("kind"),
                                    QStringLiteral("generation"), QStringLiteral("details")});
    for (const EventEntry &event : events)
        bytes += CsvLine::of({QDateTime::fromMSecsSinceEpoch(event.at, Qt::UTC).toString(Qt::ISODateWithMs),
                              event.actor, event.kind,
                              event.generationId > 0 ? QVariant(event.generationId) : QVariant(QString()),
                              event.details});
    return bytes;
}

double AnalyticsCsv::rounded(double value)
{
    return std::round(value * 1000.0) / 1000.0;
}

QString AnalyticsCsv::failures(const ModelAnalytics &model, const QString &separator, const QString &joiner)
{
    QStringList parts;
    for (auto it = model.failuresByCategory.cbegin(); it != model.failuresByCategory.cend(); ++it)
        parts.append(it.key() + separator + QString::number(it.value()));
    return parts.join(joiner);
}

} // namespace atelier
