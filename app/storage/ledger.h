#pragma once

#include "domain/generationerror.h"
#include "domain/ledgerentry.h"

#include <QList>
#include <QSqlDatabase>

namespace atelier {

// The append-only token ledger on the store's connection. Every write is keyed by (generation, run, kind), so a
// replayed reservation, settlement or refund changes nothing; a run is settled or refunded at most once, and only
// after it was reserved. Write methods do not open a transaction: the Store calls them inside its own, together
// with the state change they account for.
class Ledger
{
public:
    explicit Ledger(QSqlDatabase db) : m_db(std::move(db)) {}

    qint64 balance(qint64 profileId) const;
    QList<LedgerEntry> entries(qint64 profileId, int limit = 1000) const;
    // The amount reserved for a run and not yet settled or refunded; 0 when none is held.
    qint64 heldFor(qint64 generationId, int run) const;

    // Each returns true when it wrote an entry, false when the key already existed (a replay) or, for settle and
    // refund, when the run holds no reservation. A database failure sets *error.
    bool grant(qint64 profileId, qint64 amount, const QString &note, qint64 atMs, GenerationError *error);
    bool reserve(qint64 profileId, qint64 generationId, int run, qint64 amount, qint64 atMs,
                 GenerationError *error);
    // Writes +(reserved - charged): the unused part comes back, an overrun is taken.
    bool settle(qint64 generationId, int run, qint64 charged, qint64 atMs, GenerationError *error);
    bool refund(qint64 generationId, int run, qint64 atMs, GenerationError *error);

private:
    QSqlDatabase m_db;
};

} // namespace atelier
