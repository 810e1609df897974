#pragma once

#include "domain/evententry.h"
#include "domain/generationerror.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace atelier {

// The event log: who did what, when, with which details. Written inside the transaction of the change it
// records, so the log never claims a change that was rolled back.
class EventLog
{
public:
    explicit EventLog(QSqlDatabase db) : m_db(std::move(db)) {}

    const QString &actor() const { return m_actor; }
    void setActor(const QString &actor) { m_actor = actor; }

    // profileId and generationId are stored as NULL when 0.
    bool write(qint64 atMs, qint64 profileId, qint64 generationId, const QString &kind,
               const QVariantMap &details, GenerationError *error);
    // The profile's lines the query picks, newest first; empty when unreadable.
    QList<EventEntry> read(qint64 profileId, const EventQuery &query) const;
    QStringList kinds(qint64 profileId) const;

private:
    QSqlDatabase m_db;
    QString m_actor = QStringLiteral("atelier");
};

} // namespace atelier
