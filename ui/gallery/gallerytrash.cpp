#include "gallerytrash.h"

#include "currentprofile.h"
#include "engine/imagegenerationservice.h"
#include "icons.h"
#include "studiocontext.h"
#include "trashcommand.h"
#include "trashdialog.h"

#include <QAction>
#include <QUndoStack>
#include <QWidget>

namespace atelier {

GalleryTrash::GalleryTrash(StudioContext &context, QWidget *panel)
    : QObject(panel), m_context(context), m_panel(panel)
{
    m_undo = new QUndoStack(this);
    m_undoAction = m_undo->createUndoAction(this, tr("Undo"));
    m_undoAction->setObjectName(QStringLiteral("undoAction"));
    m_undoAction->setShortcuts(QKeySequence::Undo);
    m_redoAction = m_undo->createRedoAction(this, tr("Redo"));
    m_redoAction->setObjectName(QStringLiteral("redoAction"));
    m_redoAction->setShortcuts(QKeySequence::Redo);
    // Within the gallery only: a text field there keeps its own Ctrl+Z (it asks for the key first).
    for (QAction *action : {m_undoAction, m_redoAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        panel->addAction(action);
    }
    m_open = new QAction(Icons::icon(QStringLiteral("delete")), tr("Trash"), this);
    m_open->setObjectName(QStringLiteral("openTrashAction"));
    connect(m_open, &QAction::triggered, this, &GalleryTrash::openTrash);
    connect(&context.service, &ImageGenerationService::trashChanged, this, [this](qint64 profileId) {
        if (profileId == m_context.profile.id())
            showCount();
    });
    connect(&context.service, &ImageGenerationService::changedElsewhere, this, [this](bool everything) {
        if (everything)
            showCount();
    });
    // The steps name another profile's results.
    connect(&context.profile, &CurrentProfile::changedTo, this, [this] {
        m_undo->clear();
        showCount();
    });
    showCount();
}

void GalleryTrash::trash(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return;
    const qint64 profileId = m_context.profile.id();
    if (const GenerationError error = m_context.service.trashGenerations(ids, profileId); error.isError()) {
        Q_EMIT said(tr("Could not delete it: %1").arg(error.message));
        return;
    }
    m_undo->push(new TrashCommand(m_context.service, profileId, ids,
                                  [this](const QString &message) { Q_EMIT said(message); }));
    // No %n plurals: English loads no translation, so it would show "(s)".
    const QString undo = m_undoAction->shortcut().toString(QKeySequence::NativeText);
    Q_EMIT said(ids.size() == 1
                    ? tr("Moved 1 result to the trash. %1 brings it back.").arg(undo)
                    : tr("Moved %1 results to the trash. %2 brings them back.").arg(ids.size()).arg(undo));
}

TrashDialog *GalleryTrash::dialog() const
{
    return m_dialog.data();
}

void GalleryTrash::openTrash()
{
    if (!m_dialog) {
        m_dialog = new TrashDialog(m_context, m_panel);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

void GalleryTrash::showCount()
{
    const int count = m_context.service.countTrashedGenerations(m_context.profile.id());
    m_open->setText(count > 0 ? tr("Trash (%1)").arg(count) : tr("Trash"));
    m_open->setToolTip(count > 0 ? tr("Deleted results: %1. Restore them or delete them for good.").arg(count)
                                 : tr("The trash is empty"));
}

} // namespace atelier
