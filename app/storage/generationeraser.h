#pragma once

#include "domain/cloudcopy.h"
#include "domain/generationerror.h"
#include "eventlog.h"

#include <QSqlDatabase>
#include <QStringList>

namespace atelier {

// Turns an ended generation, in the history or in the trash, into a tombstone in one transaction with its
// event. The row stays because the append-only ledger still names it and its id must never be handed out
// again; what it said (prompts, reference images, result files, marks) goes, so the full-text index forgets
// it too.
class GenerationEraser final
{
public:
    GenerationEraser(QSqlDatabase db, EventLog &events) : m_db(std::move(db)), m_events(events) {}

    // False with *error when the generation is not the profile's, is still pending or processing, or the
    // database refused; *resultPaths gets the files the row named.
    // With removeRemote, the cloud copy is marked "removing" with those assets in the same transaction, so
    // that its destruction is not forgotten if the process ends first.
    // `fromTrash`: only while it is in the trash (else only while in the history), checked under the write
    // lock, so that a result another process restored or deleted meanwhile is left alone.
    bool erase(qint64 id, qint64 profileId, qint64 nowMs, QStringList *resultPaths, GenerationError *error,
               const QList<CloudAsset> *removeRemote = nullptr, bool fromTrash = false);

private:
    QSqlDatabase m_db;
    EventLog &m_events;
};

} // namespace atelier
