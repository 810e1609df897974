#pragma once

#include <QDateTime>
#include <QString>

namespace atelier {

// One line of the append-only token ledger. A balance is the sum of its profile's amounts.
struct LedgerEntry
{
    enum class Kind
    {
        Grant,
        TopUp,
        Reserve,
        Settle,
        Refund
    };

    qint64 id = 0;
    qint64 profileId = 0;
    qint64 generationId = 0; // 0 for grants and top-ups
    int run = 0;
    Kind kind = Kind::Grant;
    qint64 amount = 0; // signed: reservations are negative, refunds positive
    QDateTime at;
    QString note;
};

QString ledgerKindName(LedgerEntry::Kind kind);

} // namespace atelier
