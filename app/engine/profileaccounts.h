#pragma once

#include "domain/generation.h"
#include "domain/generationerror.h"
#include "domain/ledgerentry.h"
#include "domain/profile.h"

#include <QList>
#include <QObject>

#include <optional>

namespace atelier {

class Clock;
class Store;

// The profiles and their tokens as the service offers them: create, rename, top up, the ledger. Each change
// is written to the store before the signal that announces it.
class ProfileAccounts final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileAccounts)
public:
    ProfileAccounts(Store &store, Clock &clock, qint64 initialGrant, QObject *parent = nullptr)
        : QObject(parent), m_store(store), m_clock(clock), m_initialGrant(initialGrant)
    {}

    QList<Profile> profiles() const;
    std::optional<Profile> profile(qint64 id) const;
    std::optional<Profile> profileByName(const QString &name) const;
    std::optional<Profile> createProfile(const QString &name, GenerationError *error);
    GenerationError renameProfile(qint64 profileId, const QString &name);
    GenerationError topUp(qint64 profileId, qint64 amount, const QString &note);
    QList<LedgerEntry> ledgerEntries(qint64 profileId) const;
    // The profile to use when none is named: the first one, created ("default") on first use.
    std::optional<Profile> defaultProfile(GenerationError *error);
    // The generation, when it belongs to the profile: only its owner may act on it.
    std::optional<Generation> ownedGeneration(qint64 id, qint64 profileId, GenerationError *error) const;

Q_SIGNALS:
    void profilesChanged();
    void balanceChanged(qint64 profileId, qint64 balance);

private:
    Store &m_store;
    Clock &m_clock;
    qint64 m_initialGrant;
};

} // namespace atelier
