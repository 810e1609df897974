#include "analyticscommand.h"

#include "commandline.h"
#include "domain/analyticscsv.h"
#include "engine/imagegenerationservice.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <utility>

namespace atelier::cli {

namespace {

constexpr int kDefaultDays = 30;

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QString percent(double rate)
{
    return QStringLiteral("%1%").arg(rate * 100.0, 0, 'f', 1);
}

} // namespace

int AnalyticsCommand::run()
{
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    const QString byText = m_context.commandLine.value(QStringLiteral("by"));
    if (byText != QLatin1String("model") && byText != QLatin1String("day"))
        return m_context.fail(QStringLiteral("--by takes model or day, not '%1'.").arg(byText));
    const By by = byText == QLatin1String("model") ? By::Model : By::Day;
    const QString format = m_context.commandLine.value(QStringLiteral("format"));
    if (m_context.commandLine.isSet(QStringLiteral("format")) && format != QLatin1String("csv"))
        return m_context.fail(
            QStringLiteral("stats --format takes csv, not '%1' (--json gives JSON).").arg(format));

    const QDate today = QDateTime::currentDateTimeUtc().date();
    QDate since = today.addDays(1 - kDefaultDays);
    QDate until = today;
    for (const auto &[name, day] :
         {std::pair{QStringLiteral("since"), &since}, std::pair{QStringLiteral("until"), &until}}) {
        if (!m_context.commandLine.isSet(name))
            continue;
        *day = QDate::fromString(m_context.commandLine.value(name), Qt::ISODate);
        if (!day->isValid())
            return m_context.fail(QStringLiteral("--%1 takes a date as YYYY-MM-DD, not '%2'.")
                                      .arg(name, m_context.commandLine.value(name)));
    }
    if (since > until)
        return m_context.fail(QStringLiteral("--since %1 is after --until %2.")
                                  .arg(since.toString(Qt::ISODate), until.toString(Qt::ISODate)));

    const Analytics analytics = m_context.service.getAnalytics(profile->id, since, until);
    if (m_context.wantsJson())
        m_context.printJson(json(analytics, by, profile->name));
    else if (format == QLatin1String("csv"))
        m_context.out << QString::fromUtf8(by == By::Day ? AnalyticsCsv::byDay(analytics)
                                                         : AnalyticsCsv::byModel(analytics))
                      << Qt::flush;
    else
        m_context.out << table(analytics, by, profile->name) << Qt::endl;
    return Ok;
}

QString AnalyticsCommand::table(const Analytics &analytics, By by, const QString &profileName) const
{
    int ended = 0;
    for (const ModelAnalytics &model : analytics.models)
        ended += model.ended();
    QStringList lines;
    lines << QStringLiteral("%1, %2 to %3 (UTC): %4 jobs ended, %5 tokens spent; balance now %6")
                 .arg(profileName, analytics.from.toString(Qt::ISODate),
                      analytics.until.toString(Qt::ISODate))
                 .arg(ended)
                 .arg(analytics.tokensSpent())
                 .arg(analytics.balance);
    if (by == By::Day) {
        lines << QStringLiteral("%1  %2  %3")
                     .arg(QStringLiteral("day"), -10)
                     .arg(QStringLiteral("completed"), 9)
                     .arg(QStringLiteral("tokens"), 8);
        for (const DaySpending &day : analytics.days)
            lines << QStringLiteral("%1  %2  %3")
                         .arg(day.day.toString(Qt::ISODate), -10)
                         .arg(day.completed, 9)
                         .arg(day.tokens, 8);
        return lines.join(QLatin1Char('\n'));
    }
    if (analytics.models.isEmpty()) {
        lines << QStringLiteral("No job ended in this period.");
        return lines.join(QLatin1Char('\n'));
    }
    lines << QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8")
                 .arg(QStringLiteral("model"), -18)
                 .arg(QStringLiteral("jobs"), 6)
                 .arg(QStringLiteral("success"), 8)
                 .arg(QStringLiteral("median"), 9)
                 .arg(QStringLiteral("p95"), 9)
                 .arg(QStringLiteral("retries/job"), 11)
                 .arg(QStringLiteral("avg cost"), 9)
                 .arg(QStringLiteral("failures"));
    for (const ModelAnalytics &model : analytics.models)
        lines << QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8")
                     .arg(model.model, -18)
                     .arg(model.ended(), 6)
                     .arg(percent(model.successRate()), 8)
                     .arg(model.completed > 0 ? seconds(model.medianMs) : QStringLiteral("-"), 9)
                     .arg(model.completed > 0 ? seconds(model.p95Ms) : QStringLiteral("-"), 9)
                     .arg(model.retriesPerJob(), 11, 'f', 2)
                     .arg(model.averageCost(), 9, 'f', 1)
                     .arg(AnalyticsCsv::failures(model, QStringLiteral(" "), QStringLiteral(", ")))
                     .trimmed();
    return lines.join(QLatin1Char('\n'));
}

QJsonObject AnalyticsCommand::json(const Analytics &analytics, By by, const QString &profileName) const
{
    QJsonObject object{{QStringLiteral("profile"), profileName},
                       {QStringLiteral("since"), analytics.from.toString(Qt::ISODate)},
                       {QStringLiteral("until"), analytics.until.toString(Qt::ISODate)},
                       {QStringLiteral("tokensSpent"), analytics.tokensSpent()},
                       {QStringLiteral("balance"), analytics.balance}};
    QJsonArray rows;
    if (by == By::Day) {
        for (const DaySpending &day : analytics.days)
            rows.append(QJsonObject{{QStringLiteral("day"), day.day.toString(Qt::ISODate)},
                                    {QStringLiteral("completed"), day.completed},
                                    {QStringLiteral("tokens"), day.tokens}});
        object.insert(QStringLiteral("days"), rows);
        return object;
    }
    for (const ModelAnalytics &model : analytics.models) {
        QJsonObject failed;
        for (auto it = model.failuresByCategory.cbegin(); it != model.failuresByCategory.cend(); ++it)
            failed.insert(it.key(), it.value());
        rows.append(
            QJsonObject{{QStringLiteral("model"), model.model},
                        {QStringLiteral("jobs"), model.ended()},
                        {QStringLiteral("completed"), model.completed},
                        {QStringLiteral("failed"), model.failed},
                        {QStringLiteral("cancelled"), model.cancelled},
                        {QStringLiteral("successRate"), AnalyticsCsv::rounded(model.successRate())},
                        {QStringLiteral("medianMs"), model.medianMs},
                        {QStringLiteral("p95Ms"), model.p95Ms},
                        {QStringLiteral("retriesPerJob"), AnalyticsCsv::rounded(model.retriesPerJob())},
                        {QStringLiteral("averageCost"), AnalyticsCsv::rounded(model.averageCost())},
                        {QStringLiteral("tokens"), model.tokens},
                        {QStringLiteral("failuresByCategory"), failed}});
    }
    object.insert(QStringLiteral("models"), rows);
    return object;
}

} // namespace atelier::cli
