#pragma once

#include "domain/generation.h"
#include "domain/generationfamily.h"
#include "domain/ledgerentry.h"
#include "domain/profile.h"
#include "domain/queuestatus.h"
#include "domain/userstats.h"

#include <QJsonObject>
#include <QString>

namespace atelier::cli {

// How the CLI shows the engine's values: words for people, JSON for scripts.
class ReportFormatter
{
public:
    static QString duration(qint64 ms);
    static QString tokens(qint64 count); // "1 token", "42 tokens"
    // modelLabel: what the catalog calls the model ("Offline preview (no AI)").
    static QString details(const Generation &generation, const QString &modelLabel);
    static QString historyLine(const Generation &generation);
    // "favourite ★★★ " (with a trailing space), or nothing when unmarked.
    static QString marks(const GenerationMarks &marks);
    // How an ended generation ended, in a few words: "done in 2.1 s: FILES", "cancelled; ... refunded.",
    // "failed: WHY WHAT TO DO".
    static QString outcome(const Generation &generation);
    static QString stats(const UserStats &stats, const QString &profileName);
    static QString queue(const QueueStatus &status);
    static QString profileLine(const Profile &profile);
    static QString ledgerLine(const LedgerEntry &entry);
    // The "Came from", "Siblings" and "Variations" lines of `status`; nothing for a generation without kin.
    static QString family(const GenerationFamily &family);

    static QJsonObject toJson(const Generation &generation);
    static QJsonObject toJson(const UserStats &stats);
    static QJsonObject toJson(const QueueStatus &status);
    static QJsonObject toJson(const Profile &profile);
    static QJsonObject toJson(const LedgerEntry &entry);
    static QJsonObject toJson(const GenerationFamily &family);
};

} // namespace atelier::cli
