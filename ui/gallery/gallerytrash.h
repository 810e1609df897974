#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QUndoStack;
class QWidget;

namespace atelier {

class TrashDialog;
struct StudioContext;

// Deleting from the gallery: results go to the profile's trash as steps of an undo stack, so that Ctrl+Z
// brings them back (and Ctrl+Shift+Z sends them again), and the trash opens as a dialog to restore or
// erase for good. The actions belong to the panel, so the window's list of shortcuts shows them.
class GalleryTrash final : public QObject
{
    Q_OBJECT

public:
    GalleryTrash(StudioContext &context, QWidget *panel);

    QUndoStack *undoStack() const { return m_undo; }
    QAction *undoAction() const { return m_undoAction; }
    QAction *redoAction() const { return m_redoAction; }
    QAction *openAction() const { return m_open; }
    // The dialog, while it is open.
    TrashDialog *dialog() const;

    // Moves them to the trash as one step; said() tells how it went.
    void trash(const QList<qint64> &ids);
    void openTrash();

Q_SIGNALS:
    void said(const QString &message);

private:
    void showCount();

    StudioContext &m_context;
    QWidget *m_panel;
    QUndoStack *m_undo;
    QAction *m_undoAction;
    QAction *m_redoAction;
    QAction *m_open;
    QPointer<TrashDialog> m_dialog;
};

} // namespace atelier
