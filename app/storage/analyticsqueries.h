#pragma once

#include "domain/analytics.h"

#include <QSqlDatabase>

namespace atelier {

// The numbers behind a profile's work over a period (see Analytics), read from the generations in one pass.
class AnalyticsQueries
{
public:
    explicit AnalyticsQueries(QSqlDatabase db) : m_db(std::move(db)) {}

    // Every job of the profile that ended on the days [from, until] (UTC); everything but the balance, which
    // belongs to the ledger.
    Analytics analytics(qint64 profileId, QDate from, QDate until) const;

private:
    QSqlDatabase m_db;
};

} // namespace atelier
