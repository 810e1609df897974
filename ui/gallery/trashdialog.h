#pragma once

#include "domain/generation.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QLabel;
class QListView;
class QPushButton;
class QStandardItemModel;

namespace atelier {

class InlineConfirmation;
class ThumbnailCache;
struct StudioContext;

// The profile's trash: what was deleted, the last first, with its thumbnail and when it was deleted.
// Chosen results go back into the history as they were, or go for good (files, thumbnails and, when
// ticked, their cloud copies) after a question asked in place; "Empty trash" does it for all of them.
class TrashDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit TrashDialog(StudioContext &context, QWidget *parent = nullptr);

    QListView *list() const { return m_list; }
    QList<qint64> shownIds() const;
    void choose(const QList<qint64> &ids);

private:
    void read();
    QList<qint64> chosenIds() const;
    void restoreChosen();
    // The chosen results, or all of them.
    void askToErase(bool all);
    void erase();
    void say(const QString &message);
    void showChoice();
    void showThumbnail(const QString &path);

    StudioContext &m_context;
    QList<Generation> m_trash;
    ThumbnailCache *m_thumbnails;
    QStandardItemModel *m_model;
    QLabel *m_intro;
    QListView *m_list;
    QLabel *m_empty;
    QLabel *m_message;
    QCheckBox *m_cloud;
    InlineConfirmation *m_confirmation;
    QPushButton *m_restore;
    QPushButton *m_erase;
    QPushButton *m_emptyTrash;
    QList<qint64> m_pendingIds; // what the open question names
    qint64 m_pendingProfile = 0;
};

} // namespace atelier
