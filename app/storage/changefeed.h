#pragma once

#include "domain/generation.h"

#include <QList>
#include <QSqlDatabase>

#include <optional>

namespace atelier {

// What changed in the generations, whichever process changed it: a trigger appends the id of every
// generation inserted or changed in what a person sees (status, progress, step, results, cloud copy, marks,
// deletion) to generation_changes, so that a process that learns from PRAGMA data_version that another one
// wrote reads the few rows that changed instead of whole tables.
class ChangeFeed final
{
public:
    // The changes after a point of the feed.
    struct Changes
    {
        qint64 last = 0;            // the point to read from next time
        QList<Generation> changed;  // still in the history, by id
        QHash<qint64, qint64> gone; // deleted since: id -> profile
        // The feed no longer holds every change since the point (pruned), or more changed than is worth
        // reading one by one: whoever shows generations reads them again.
        bool complete = true;
    };

    explicit ChangeFeed(QSqlDatabase db) : m_db(std::move(db)) {}

    // The newest point of the feed (0 when empty or unreadable): where a reader starts.
    qint64 last() const;
    // The newest generation's id (0 when none or unreadable): ids only grow, so one above it was added since.
    qint64 lastGenerationId() const;
    // Nothing when the database could not be read.
    std::optional<Changes> since(qint64 point) const;
    // Drops all but the newest `keep` changes: readers further behind than that read everything again.
    void prune(qint64 keep) const;

private:
    QSqlDatabase m_db;
};

} // namespace atelier
