#include "profileaccounts.h"

#include "domain/clock.h"
#include "storage/store.h"

namespace atelier {

QList<Profile> ProfileAccounts::profiles() const
{
    return m_store.profiles();
}

std::optional<Profile> ProfileAccounts::profile(qint64 id) const
{
    return m_store.profile(id);
}

std::optional<Profile> ProfileAccounts::profileByName(const QString &name) const
{
    return m_store.profileByName(name);
}

std::optional<Profile> ProfileAccounts::createProfile(const QString &name, GenerationError *error)
{
    std::optional<Profile> created = m_store.createProfile(name, m_initialGrant, m_clock.nowMs(), error);
    if (created) {
        Q_EMIT profilesChanged();
        Q_EMIT balanceChanged(created->id, created->balance);
    }
    return created;
}

GenerationError ProfileAccounts::renameProfile(qint64 profileId, const QString &name)
{
    GenerationError error;
    if (m_store.renameProfile(profileId, name, &error))
        Q_EMIT profilesChanged();
    return error;
}

GenerationError ProfileAccounts::topUp(qint64 profileId, qint64 amount, const QString &note)
{
    GenerationError error;
    if (!m_store.profile(profileId))
        return GenerationError::make(GenerationError::Category::Validation,
                                     tr("There is no profile with id %1.").arg(profileId));
    if (m_store.topUp(profileId, amount, note, m_clock.nowMs(), &error))
        Q_EMIT balanceChanged(profileId, m_store.ledger().balance(profileId));
    return error;
}

QList<LedgerEntry> ProfileAccounts::ledgerEntries(qint64 profileId) const
{
    return m_store.ledger().entries(profileId);
}

std::optional<Profile> ProfileAccounts::defaultProfile(GenerationError *error)
{
    const QList<Profile> existing = m_store.profiles();
    if (!existing.isEmpty())
        return existing.first();
    return createProfile(QStringLiteral("default"), error);
}

std::optional<Generation> ProfileAccounts::ownedGeneration(qint64 id, qint64 profileId,
                                                           GenerationError *error) const
{
    std::optional<Generation> generation = m_store.generation(id);
    if (!generation)
        *error = GenerationError::make(GenerationError::Category::Validation,
                                       tr("There is no generation %1.").arg(id));
    else if (generation->request.profileId != profileId)
        *error = GenerationError::make(GenerationError::Category::Permission,
                                       tr("Generation %1 belongs to another profile.").arg(id));
    else
        return generation;
    return std::nullopt;
}

} // namespace atelier
