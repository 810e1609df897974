#pragma once

#include "domain/generation.h"
#include "domain/generationtile.h"
#include "statement.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

namespace atelier {

// How a Generation maps to a row of the generations table.
class GenerationRow
{
public:
    // The select list read() expects, for the table aliased as g.
    static QString columns();
    static Generation read(const Statement &query);
    // SELECT columns() FROM generations g <tail>, with values bound to the tail; empty on failure.
    static QList<Generation> select(const QSqlDatabase &db, const QString &tail, const QVariantList &values);

    // The select list readTile() expects, for the table aliased as g: a tile's few columns, cut to size in
    // SQLite, so that a page for the gallery copies no more than it shows. They start at column `first`.
    static QString tileColumns();
    static GenerationTile readTile(const Statement &query, int first = 0);

    // The columns insertValues() fills, in its order.
    static QString insertColumns();
    static QVariantList insertValues(const Generation &generation);

    // The error columns (error_category, error_message, http_status) for an error; NULLs for no error.
    static QVariantList errorValues(const GenerationError &error);

    // The cloud_assets column: a compact JSON array of {"public_id", "secure_url", "version"}.
    static QString cloudAssetsJson(const QList<CloudAsset> &assets);
    static QList<CloudAsset> cloudAssets(const QString &json);
};

} // namespace atelier
