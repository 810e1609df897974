#include "trash.h"

#include "cloudsync.h"
#include "domain/clock.h"
#include "generationdeletion.h"
#include "storage/store.h"

#include <QSet>

namespace atelier {

GenerationError Trash::moveIn(const QList<qint64> &ids, qint64 profileId)
{
    GenerationError error;
    if (!m_store.trash().trash(ids, profileId, m_clock.nowMs(), &error))
        return error;
    if (m_cloud) {
        for (const qint64 id : ids)
            m_cloud->cancel(id); // the copy stays pending, for a restore to take up again
    }
    Q_EMIT trashed(profileId, ids);
    Q_EMIT changed(profileId);
    return error;
}

GenerationError Trash::restore(const QList<qint64> &ids, qint64 profileId)
{
    GenerationError error;
    // Read first: once restored they are in the history, among thousands.
    std::optional<QList<Generation>> back = chosen(profileId, ids, &error);
    if (!back || !m_store.trash().restore(ids, profileId, m_clock.nowMs(), &error))
        return error;
    for (Generation &generation : *back) {
        generation.trashedAt = {};
        if (m_cloud && m_cloud->isReady() && generation.cloud.state == CloudCopy::State::Pending)
            m_cloud->upload(generation);
    }
    Q_EMIT restored(*back);
    Q_EMIT changed(profileId);
    return error;
}

QList<Generation> Trash::contents(qint64 profileId) const
{
    return m_store.trash().list(profileId);
}

int Trash::count(qint64 profileId) const
{
    return m_store.trash().count(profileId);
}

std::optional<QList<Generation>> Trash::chosen(qint64 profileId, const QList<qint64> &ids,
                                               GenerationError *error) const
{
    // Only the rows asked for: an undo reads the results it brings back, not the whole trash.
    const QList<Generation> all = m_store.trash().list(profileId, ids);
    QSet<qint64> found;
    for (const Generation &generation : all)
        found.insert(generation.id);
    for (const qint64 id : ids) {
        if (!found.contains(id)) {
            *error = GenerationError::make(GenerationError::Category::Validation,
                                           tr("Generation %1 is not in the trash of this profile.").arg(id));
            return std::nullopt;
        }
    }
    return all;
}

GenerationError Trash::erase(const Generation &generation, bool destroyCloudCopy)
{
    const QList<CloudAsset> remote =
        destroyCloudCopy && m_cloud ? m_cloud->assetsToDestroy(generation) : QList<CloudAsset>();
    const GenerationError error =
        GenerationDeletion(m_store).erase(generation, m_clock.nowMs(), remote.isEmpty() ? nullptr : &remote);
    if (error.isError())
        return error;
    if (m_cloud && !remote.isEmpty())
        m_cloud->destroyRemote(generation.id, remote);
    else if (m_cloud)
        m_cloud->cancel(generation.id);
    Q_EMIT erased(generation);
    return error;
}

int Trash::eraseFromTrash(qint64 profileId, const QList<qint64> &ids, bool destroyCloudCopies,
                          GenerationError *error)
{
    const std::optional<QList<Generation>> doomed = chosen(profileId, ids, error);
    int erased = 0;
    for (const Generation &generation : doomed.value_or(QList<Generation>())) {
        *error = erase(generation, destroyCloudCopies);
        if (error->isError())
            break;
        ++erased;
    }
    if (erased > 0)
        Q_EMIT changed(profileId);
    return erased;
}

void Trash::eraseExpired(int days, bool destroyCloudCopies)
{
    if (days <= 0)
        return;
    QSet<qint64> profiles;
    const qint64 before = m_clock.nowMs() - qint64(days) * 24 * 60 * 60 * 1000;
    for (const Generation &generation : m_store.trash().trashedBefore(before)) {
        if (!erase(generation, destroyCloudCopies).isError())
            profiles.insert(generation.request.profileId);
    }
    for (const qint64 profileId : std::as_const(profiles))
        Q_EMIT changed(profileId);
}

} // namespace atelier
