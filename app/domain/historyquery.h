#pragma once

#include "generationstatus.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace atelier {

// Which generations of a profile to list, and which page of them.
struct HistoryQuery
{
    // A row of the history by its place in the order: (created_at, id).
    struct Cursor
    {
        QDateTime createdAt;
        qint64 id = 0;
        bool isValid() const { return id > 0; }
    };

    int offset = 0;
    int limit = 50;
    QList<GenerationStatus> statuses; // empty: any
    QString model;                    // empty: any
    QString text;                     // words to find in the prompts (full-text, prefix match per word)
    QDateTime from;                   // created at or after; invalid: no bound
    QDateTime to;                     // created before; invalid: no bound
    bool favoritesOnly = false;
    int minRating = 0;  // rated at least this; 0: any, rated or not
    QString tag;        // carries this tag (normalised, see TagName); empty: any
    qint64 boardId = 0; // on this board; 0: any
    bool newestFirst = true;
    // Keyset paging: when valid, the page starts right after this row (the last one already shown) in the
    // query's order, at the same cost at any depth, where an offset walks past every row before it. The
    // offset then counts from there. Counts ignore both.
    Cursor after;
};

} // namespace atelier
