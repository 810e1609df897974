#pragma once

#include "domain/cloudcopy.h"
#include "domain/generationerror.h"

#include <QList>
#include <QSqlDatabase>

namespace atelier {

class EventLog;

// The cloud copy columns of the generations table. Only completed generations that are not deleted have a
// copy; each change is a compare-and-set on the copy's state, written with its event in one transaction.
class CloudCopyTable final
{
public:
    CloudCopyTable(QSqlDatabase db, EventLog &events) : m_db(std::move(db)), m_events(events) {}

    // none|failed|uploaded -> pending: an upload is about to start (again).
    bool markPending(qint64 id, qint64 nowMs, GenerationError *error);
    // pending -> uploaded with the assets, in the order of the result files.
    bool markUploaded(qint64 id, const QList<CloudAsset> &assets, qint64 nowMs);
    // pending -> failed, with why in words. The local files are untouched.
    bool markFailed(qint64 id, const QString &why, qint64 nowMs);
    // Any state -> none, without assets: the remote copy was destroyed. Also for deleted generations.
    bool markRemoved(qint64 id, qint64 nowMs);
    // The ids whose upload has not finished (a previous run may have stopped in the middle), oldest first.
    QList<qint64> pending() const;

private:
    bool change(qint64 id, const QStringList &from, const QString &to, const QString &error,
                const QString &assets, const QString &event, qint64 nowMs, GenerationError *failure);

    QSqlDatabase m_db;
    EventLog &m_events;
};

} // namespace atelier
