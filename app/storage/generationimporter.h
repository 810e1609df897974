#pragma once

#include "domain/generation.h"
#include "domain/generationerror.h"
#include "eventlog.h"

#include <QSqlDatabase>
#include <QStringList>

#include <functional>

namespace atelier {

// Adds a result made elsewhere to a profile's history: a completed generation that reserved and charged
// nothing, so it has no ledger entries, known by the SHA-256 of the file it came from. Row, files and event
// go in one transaction: the files are written while it is open, so a failed write leaves no row, and a
// failed commit is reported for the caller to remove the files.
class GenerationImporter final
{
public:
    enum class Outcome
    {
        Imported,
        AlreadyImported, // the profile's history holds a generation from the same file
        Failed
    };
    struct Result
    {
        Outcome outcome = Outcome::Failed;
        qint64 id = 0; // the new generation, or the one imported before
        GenerationError error;
    };
    // Writes the result files of generation `id`; their paths, or none with *error set.
    using FileWriter = std::function<QStringList(qint64 id, GenerationError *error)>;

    GenerationImporter(QSqlDatabase db, EventLog &events) : m_db(std::move(db)), m_events(events) {}

    // generation: its request (with the profile), provider, size, times and importedSha256. `source` names
    // the file in the event log.
    Result import(const Generation &generation, const QString &source, qint64 nowMs,
                  const FileWriter &writeFiles);

private:
    QSqlDatabase m_db;
    EventLog &m_events;
};

} // namespace atelier
