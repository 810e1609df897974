#pragma once

#include "domain/generation.h"

#include <QSqlQuery>
#include <QString>
#include <QVariantList>

namespace atelier {

// How a Generation maps to a row of the generations table.
class GenerationRow
{
public:
    // The select list read() expects, for the table aliased as g.
    static QString columns();
    static Generation read(const QSqlQuery &query);

    // The columns insertValues() fills, in its order.
    static QString insertColumns();
    static QVariantList insertValues(const Generation &generation);

    // The error columns (error_category, error_message, http_status) for an error; NULLs for no error.
    static QVariantList errorValues(const GenerationError &error);
};

} // namespace atelier
