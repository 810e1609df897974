#pragma once

#include "domain/generation.h"

#include <QList>
#include <QWidget>

class QCompleter;
class QLabel;
class QLineEdit;
class QStringListModel;
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
    QCompleter *tagCompleter() const { return m_completer; }

Q_SIGNALS:
    // A change was refused: why, in words.
    void failed(const QString &message);

private:
    void rate(int rating);
    void toggleFavorite();
    void saveTags();
    void showBoards();
    void readKnownTags();
    // The tag being typed (after the last comma) is offered the profile's tags that start with it.
    void offerTags(const QString &text);
    void takeTag(const QString &tag);

    StudioContext &m_context;
    qint64 m_id = 0;
    qint64 m_profileId = 0;
    GenerationMarks m_marks;
    QToolButton *m_favorite;
    QList<QToolButton *> m_stars;
    QLineEdit *m_tags;
    QStringList m_allTags; // the profile's, most used first
    QStringListModel *m_knownTags;
    QCompleter *m_completer;
    QLabel *m_boards;
};

} // namespace atelier
