#pragma once

#include "domain/cloudcopy.h"
#include "domain/generationerror.h"

#include <QList>
#include <QSqlDatabase>

#include <functional>

namespace atelier {

class EventLog;

// The cloud copy columns of the generations table. Only completed generations that are not deleted have a
// copy; each change is a compare-and-set on the copy's state, written with its event in one transaction.
class CloudCopyTable final
{
public:
    CloudCopyTable(QSqlDatabase db, EventLog &events) : m_db(std::move(db)), m_events(events) {}

    // none|failed|uploaded -> pending: an upload is about to start (again). Assets already in the cloud stay
    // recorded until the upload replaces them, so they can always be destroyed.
    bool markPending(qint64 id, qint64 nowMs, GenerationError *error);
    // pending -> uploaded with the assets, in the order of the result files.
    bool markUploaded(qint64 id, const QList<CloudAsset> &assets, qint64 nowMs,
                      GenerationError *error = nullptr);
    // pending -> failed, with why in words and the assets that are in the cloud all the same (earlier
    // uploads, files sent before the failure). The local files are untouched.
    bool markFailed(qint64 id, const QString &why, const QList<CloudAsset> &assets, qint64 nowMs,
                    GenerationError *error = nullptr);
    // Any state -> none, without assets: the remote copy was destroyed. Also for deleted generations.
    bool markRemoved(qint64 id, qint64 nowMs, GenerationError *error = nullptr);
    // The pending copy is `owner`'s to upload: no process holds it, or `owner` does, or its holder is gone
    // (`ownerGone`). False when another process uploads it, or when it is no longer pending.
    bool claimUpload(qint64 id, const QString &owner, const std::function<bool(const QString &)> &ownerGone,
                     GenerationError *error = nullptr);
    // The ids whose upload has not finished (a previous run may have stopped in the middle), oldest first.
    QList<qint64> pending() const;
    // Deleted generations whose cloud copy is still to be destroyed, with its assets.
    QList<std::pair<qint64, QList<CloudAsset>>> removing() const;
    // A random name of this data folder, so that the cloud copies of two never share a name.
    QString storeTag() const;

private:
    // assets: the JSON to write, or a null string to keep what is recorded.
    bool change(qint64 id, const QStringList &from, const QString &to, const QString &error,
                const QString &assets, const QString &event, qint64 nowMs, GenerationError *failure);

    QSqlDatabase m_db;
    EventLog &m_events;
    mutable QString m_storeTag;
};

} // namespace atelier
