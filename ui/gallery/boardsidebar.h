#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;

namespace atelier {

class BoardListModel;
class InlineConfirmation;
struct StudioContext;

// The gallery's left column: all results, then the profile's boards with their counts. Choosing one shows
// its results; dropping results on a board adds them; a name typed below makes a new board; double-click or
// F2 renames one, Delete asks, then removes it (its results stay).
class BoardSidebar final : public QWidget
{
    Q_OBJECT
public:
    BoardSidebar(StudioContext &context, QWidget *parent = nullptr);

    BoardListModel *model() const { return m_model; }
    QListView *list() const { return m_list; }
    QLineEdit *nameField() const { return m_name; }
    // 0: all results.
    qint64 chosenBoard() const { return m_chosen; }
    // Asks in place whether to delete the chosen board; deleteChosen() once confirmed.
    void askToDelete();

Q_SIGNALS:
    void boardChosen(qint64 boardId);

private:
    void deleteChosen();
    void create();
    void choose();
    void say(const QString &message, bool trouble);

    StudioContext &m_context;
    BoardListModel *m_model;
    QListView *m_list;
    QLineEdit *m_name;
    QLabel *m_message;
    InlineConfirmation *m_confirmation;
    qint64 m_chosen = 0;
    qint64 m_toDelete = 0;
};

} // namespace atelier
