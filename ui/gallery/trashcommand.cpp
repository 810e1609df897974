#include "trashcommand.h"

#include "engine/imagegenerationservice.h"

namespace atelier {

TrashCommand::TrashCommand(ImageGenerationService &service, qint64 profileId, QList<qint64> ids, Say say)
    : m_service(service), m_profileId(profileId), m_ids(std::move(ids)), m_say(std::move(say))
{
    // No %n plurals: English loads no translation, so it would show "(s)".
    setText(m_ids.size() == 1 ? tr("Delete 1 result") : tr("Delete %1 results").arg(m_ids.size()));
}

void TrashCommand::undo()
{
    m_done = false;
    if (const GenerationError error = m_service.restoreGenerations(m_ids, m_profileId); error.isError()) {
        m_say(tr("Could not bring it back: %1").arg(error.message));
        setObsolete(true);
        return;
    }
    m_say(m_ids.size() == 1 ? tr("Brought 1 result back from the trash.")
                            : tr("Brought %1 results back from the trash.").arg(m_ids.size()));
}

void TrashCommand::redo()
{
    if (std::exchange(m_done, true))
        return;
    if (const GenerationError error = m_service.trashGenerations(m_ids, m_profileId); error.isError()) {
        m_say(tr("Could not delete it again: %1").arg(error.message));
        setObsolete(true);
        return;
    }
    m_say(m_ids.size() == 1 ? tr("Moved 1 result to the trash again.")
                            : tr("Moved %1 results to the trash again.").arg(m_ids.size()));
}

} // namespace atelier
