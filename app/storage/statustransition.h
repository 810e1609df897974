#pragma once

#include "domain/generationerror.h"

#include <QSqlDatabase>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

#include <functional>

namespace atelier {

class EventLog;

// One state change of a generation: a compare-and-set on (id, run, status), the ledger entry that accounts
// for it and its event, all in one transaction. A change that no longer applies (the job moved on meanwhile)
// changes nothing and returns false; so does one the database refused, with *error set (a retryable one when
// another process held the database too long).
struct StatusTransition
{
    qint64 id = 0;
    int run = 0;
    QStringList from; // the statuses it applies to
    QString set;      // the SET clause
    QVariantList values;
    QString event;
    QVariantMap details;
    std::function<bool(GenerationError *)> account; // the ledger entry; false with an error on failure
    // When set, the job changes only while it is processing under this process's lease: one that went back to
    // the queue or to another process after the lease ran out is no longer this one's to end.
    QString leaseOwner;

    bool apply(const QSqlDatabase &db, EventLog &events, qint64 nowMs, GenerationError *error) const;

private:
    bool write(const QSqlDatabase &db, EventLog &events, qint64 nowMs, GenerationError *error) const;
};

} // namespace atelier
