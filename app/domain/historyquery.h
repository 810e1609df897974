#pragma once

#include "generationstatus.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace atelier {

// Which generations of a profile to list, and which page of them.
struct HistoryQuery
{
    int offset = 0;
    int limit = 50;
    QList<GenerationStatus> statuses; // empty: any
    QString model;                    // empty: any
    QString text;                     // words to find in the prompts (full-text, prefix match per word)
    QDateTime from;                   // created at or after; invalid: no bound
    QDateTime to;                     // created before; invalid: no bound
    bool newestFirst = true;
};

} // namespace atelier
