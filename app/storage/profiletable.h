#pragma once

#include "domain/generationerror.h"
#include "domain/profile.h"

#include <QList>
#include <QSqlDatabase>

#include <optional>

namespace atelier {

class EventLog;
class Ledger;

// The profiles: names unique regardless of case, trimmed, 1 to 64 characters. Each write is one transaction
// with its ledger entry and its event.
class ProfileTable
{
public:
    ProfileTable(QSqlDatabase db, Ledger &ledger, EventLog &events)
        : m_db(std::move(db)), m_ledger(ledger), m_events(events)
    {}

    std::optional<Profile> create(const QString &name, qint64 initialGrant, qint64 nowMs,
                                  GenerationError *error);
    bool rename(qint64 profileId, const QString &name, qint64 nowMs, GenerationError *error);
    bool topUp(qint64 profileId, qint64 amount, const QString &note, qint64 nowMs, GenerationError *error);

    QList<Profile> list() const; // in the order they were created
    std::optional<Profile> byId(qint64 profileId) const;
    std::optional<Profile> byName(const QString &name) const;
    // Inside the caller's transaction: false with a Validation error when there is no such profile.
    bool exists(qint64 profileId, GenerationError *error) const;

private:
    // The name's rules, and that no profile but profileId has it.
    GenerationError checkName(const QString &name, qint64 profileId) const;
    std::optional<Profile> read(const QString &condition, const QVariant &value) const;

    QSqlDatabase m_db;
    Ledger &m_ledger;
    EventLog &m_events;
};

} // namespace atelier
