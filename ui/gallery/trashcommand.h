#pragma once

#include <QCoreApplication>
#include <QList>
#include <QUndoCommand>

#include <functional>

namespace atelier {

class ImageGenerationService;

// One delete in the gallery, as a step of its undo stack: undo brings the results back from the trash,
// redo sends them there again. It is pushed once the first move has succeeded; a step that no longer
// applies (another process emptied the trash, say) says why and leaves the stack.
class TrashCommand final : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(TrashCommand)

public:
    using Say = std::function<void(const QString &message)>;

    TrashCommand(ImageGenerationService &service, qint64 profileId, QList<qint64> ids, Say say);

    void undo() override;
    void redo() override;

private:
    ImageGenerationService &m_service;
    const qint64 m_profileId;
    const QList<qint64> m_ids;
    Say m_say;
    bool m_done = true; // the first redo() happened before the push
};

} // namespace atelier
