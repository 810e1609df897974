#pragma once

#include "domain/generation.h"

#include <QList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace atelier {

struct StudioContext;

// The marks of the result the details pane shows, to see and change with the mouse: the favourite heart, five
// stars (clicking the current rating's star clears it), the tags as a comma-separated list (saved when the
// field is left or Enter is pressed) and the boards it is on.
class MarksEditor final : public QWidget
{
    Q_OBJECT
public:
    MarksEditor(StudioContext &context, QWidget *parent = nullptr);

    void setGeneration(const Generation &generation);
    QLineEdit *tagsField() const { return m_tags; }

Q_SIGNALS:
    // A change was refused: why, in words.
    void failed(const QString &message);

private:
    void rate(int rating);
    void toggleFavorite();
    void saveTags();
    void showBoards();

    StudioContext &m_context;
    qint64 m_id = 0;
    qint64 m_profileId = 0;
    GenerationMarks m_marks;
    QToolButton *m_favorite;
    QList<QToolButton *> m_stars;
    QLineEdit *m_tags;
    QLabel *m_boards;
};

} // namespace atelier
