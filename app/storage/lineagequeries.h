#pragma once

#include "domain/generationfamily.h"

#include <QSqlDatabase>

namespace atelier {

// Reads the family of a generation (see GenerationFamily) over the index on parent_id: a few rows, whatever
// the size of the history.
class LineageQueries
{
public:
    explicit LineageQueries(QSqlDatabase db) : m_db(std::move(db)) {}

    // The family of the profile's generation `id`; empty when it is not in the profile's history.
    GenerationFamily family(qint64 profileId, qint64 id) const;

private:
    // The newest kMaxListed of the profile's variations of `parentId` in the history, but `except`, oldest
    // first; *count gets how many there are.
    QList<GenerationTile> variationsOf(qint64 profileId, qint64 parentId, qint64 except, int *count) const;

    QSqlDatabase m_db;
};

} // namespace atelier
