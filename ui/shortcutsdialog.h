#pragma once

#include <QDialog>
#include <QList>

class QAction;

namespace atelier {

// The keyboard shortcuts of the window, read from its actions so that the list never goes stale.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);
};

} // namespace atelier
