#pragma once

#include "domain/generationerror.h"
#include "domain/ledgerentry.h"

#include <QList>
#include <QSqlDatabase>

#include <optional>

namespace atelier {

// The append-only token ledger on the store's connection. Every write is keyed by (generation, run, kind), so
// a replayed reservation, settlement or refund changes nothing; a run is settled or refunded at most once,
// and only after it was reserved. Write methods do not open a transaction: the Store calls them inside its
// own, together with the state change they account for.
class Ledger
{
public:
    explicit Ledger(QSqlDatabase db) : m_db(std::move(db)) {}

    // The sum of the profile's entries, read from the running total a trigger keeps on every insert.
    qint64 balance(qint64 profileId) const;
    // The same, for callers that must tell a failed read from a zero balance.
    qint64 balance(qint64 profileId, GenerationError *error) const;
    QList<LedgerEntry> entries(qint64 profileId, int limit = 1000) const; // newest first
    // The amount reserved for a run and not yet settled or refunded; 0 when none is held.
    qint64 heldFor(qint64 generationId, int run) const;

    // Each returns true when it wrote an entry, false when the key already existed (a replay) or, for settle
    // and refund, when the run holds no reservation or was already settled or refunded. A database failure
    // sets *error, and so does an amount that is not positive (a Validation error).
    bool grant(qint64 profileId, qint64 amount, const QString &note, qint64 atMs, GenerationError *error);
    bool topUp(qint64 profileId, qint64 amount, const QString &note, qint64 atMs, GenerationError *error);
    // Writes -amount.
    bool reserve(qint64 profileId, qint64 generationId, int run, qint64 amount, qint64 atMs,
                 GenerationError *error);
    // Writes +(reserved - charged): the unused part comes back, an overrun is taken.
    bool settle(qint64 generationId, int run, qint64 charged, qint64 atMs, GenerationError *error);
    bool refund(qint64 generationId, int run, qint64 atMs, GenerationError *error);

private:
    // The reservation of a run, and whether it was already settled or refunded.
    struct Reservation
    {
        qint64 profileId = 0;
        qint64 held = 0;
        bool ended = false;
    };
    std::optional<Reservation> reservation(qint64 generationId, int run, GenerationError *error) const;
    bool append(const LedgerEntry &entry, GenerationError *error);

    QSqlDatabase m_db;
};

} // namespace atelier
