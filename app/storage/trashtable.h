#pragma once

#include "domain/generation.h"
#include "domain/generationerror.h"

#include <QList>
#include <QSqlDatabase>

#include <functional>

namespace atelier {

class EventLog;

// The trash: results a person deleted, kept whole (files, marks, boards) until they are restored or erased
// for good (see GenerationEraser). A trashed generation has deleted_at set and erased_at not, so whatever
// lists or counts results skips it as it skips a tombstone. Each change is one transaction with its event
// and applies to every id or to none.
class TrashTable final
{
public:
    TrashTable(QSqlDatabase db, EventLog &events) : m_db(std::move(db)), m_events(events) {}

    // Ended generations of the profile into the trash; Validation when one is not the profile's, has not
    // ended, or is not in the history.
    bool trash(const QList<qint64> &ids, qint64 profileId, qint64 nowMs, GenerationError *error);
    // Back into the history as they were; Validation when one is not in the profile's trash.
    bool restore(const QList<qint64> &ids, qint64 profileId, qint64 nowMs, GenerationError *error);
    // The profile's trash, the last deleted first; only those of `ids` when given.
    QList<Generation> list(qint64 profileId, const QList<qint64> &ids = {}) const;
    int count(qint64 profileId) const;
    // The ids in every profile's trash.
    QList<qint64> ids() const;
    // What every profile put in the trash before `beforeMs`, the oldest first.
    QList<Generation> trashedBefore(qint64 beforeMs) const;

private:
    // Moves the rows `condition` matches (deleted_at = `deletedAt`) after checking every id matched;
    // `missing` says why one did not.
    bool move(const QList<qint64> &ids, qint64 profileId, qint64 nowMs, const QString &condition,
              const QVariant &deletedAt, const QString &event, const QString &what,
              const std::function<QString(qint64 id)> &missing, GenerationError *error);
    // Why the profile's generation cannot go into the trash, in words.
    QString whyNotInHistory(qint64 id, qint64 profileId) const;

    QSqlDatabase m_db;
    EventLog &m_events;
};

} // namespace atelier
