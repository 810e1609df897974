#include "generationdeletion.h"

#include "storage/imagelibrary.h"
#include "storage/store.h"

namespace atelier {

GenerationError GenerationDeletion::erase(const Generation &generation, qint64 nowMs,
                                          const QList<CloudAsset> *removeRemote)
{
    if (!isTerminal(generation.status)) {
        const QString state = generation.status == GenerationStatus::Pending
                                  ? tr("still waiting in the queue")
                                  : tr("still being made");
        return GenerationError::make(GenerationError::Category::Validation,
                                     tr("This generation is %1. Cancel it first.").arg(state));
    }
    GenerationError error;
    QStringList paths;
    if (m_store.deleteGeneration(generation.id, generation.request.profileId, nowMs, &paths, &error,
                                 removeRemote, generation.trashedAt.isValid()))
        ImageLibrary::discard(paths);
    return error;
}

} // namespace atelier
