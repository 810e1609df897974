#include "ledgerentry.h"

namespace atelier {

QString ledgerKindName(LedgerEntry::Kind kind)
{
    switch (kind) {
    case LedgerEntry::Kind::Grant:
        return QStringLiteral("grant");
    case LedgerEntry::Kind::TopUp:
        return QStringLiteral("topup");
    case LedgerEntry::Kind::Reserve:
        return QStringLiteral("reserve");
    case LedgerEntry::Kind::Settle:
        return QStringLiteral("settle");
    case LedgerEntry::Kind::Refund:
        return QStringLiteral("refund");
    }
    return {};
}

} // namespace atelier
