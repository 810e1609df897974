#pragma once

#include <QDateTime>
#include <QString>

namespace atelier {

// A person using Atelier, with a token balance kept in the ledger.
struct Profile
{
    qint64 id = 0;
    QString name;
    QDateTime createdAt;
    qint64 balance = 0;
};

} // namespace atelier
