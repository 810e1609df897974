#pragma once

#include <QDateTime>
#include <QString>

namespace atelier {

// One line of the event log: who (the program that acted: "desktop", "cli") did what (the kind: "queued",
// "rated", "board_created", ...), when, to which generation, with which details (JSON).
struct EventEntry
{
    qint64 id = 0;
    qint64 at = 0; // ms since the epoch
    qint64 profileId = 0;
    qint64 generationId = 0; // 0: none, or several (named in the details)
    QString actor;
    QString kind;
    QString details;
};

// Which lines of a profile's event log to read, newest first.
struct EventQuery
{
    QString kind;    // empty: any
    QString text;    // found in the actor, the kind or the details (ASCII letters in any case); empty: any
    QDateTime from;  // at or after; invalid: no bound
    QDateTime until; // before; invalid: no bound
    int limit = 1000;
};

} // namespace atelier
