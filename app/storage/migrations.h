#pragma once

#include "domain/generationerror.h"

#include <QSqlDatabase>

namespace atelier {

// The schema's history. Each version is a list of statements applied in one transaction that also sets
// PRAGMA user_version, so a database is always at exactly one version, and two processes starting together
// migrate it once.
class Migrations
{
public:
    static int latestVersion();
    static int currentVersion(const QSqlDatabase &db);
    // Brings the database to latestVersion(); a database newer than this program is refused.
    static GenerationError migrate(const QSqlDatabase &db);

private:
    static GenerationError newerSchema(int version);
};

} // namespace atelier
