#pragma once

#include "commandcontext.h"
#include "domain/analytics.h"

namespace atelier::cli {

// `stats --by model|day [--since DATE] [--until DATE] [--format csv]`: the profile's analytics over a period
// of UTC days (the last 30 unless told), as a table, JSON (--json) or CSV.
class AnalyticsCommand
{
public:
    explicit AnalyticsCommand(CommandContext &context) : m_context(context) {}

    int run();

private:
    enum class By
    {
        Model,
        Day
    };
    QString table(const Analytics &analytics, By by, const QString &profileName) const;
    QJsonObject json(const Analytics &analytics, By by, const QString &profileName) const;

    CommandContext &m_context;
};

} // namespace atelier::cli
