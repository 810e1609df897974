#pragma once

#include "domain/board.h"
#include "domain/historyquery.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLineEdit;
class QToolButton;

namespace atelier {

class ModelCatalog;

// The words to look for and the filters of the gallery: status, model, when, favourites, rating, tag, and the
// order. Every key press
// asks at once: the history is read off the GUI thread and only the newest answer is shown, so typing never
// waits for the database and the results follow the words without a pause.
class GalleryFilterBar final : public QWidget
{
    Q_OBJECT
public:
    GalleryFilterBar(const ModelCatalog &catalog, QWidget *parent = nullptr);

    HistoryQuery query() const;
    QLineEdit *searchField() const { return m_search; }
    // The tags the tag filter offers, most used first; what is typed there stays.
    void setTags(const QList<TagCount> &tags);

Q_SIGNALS:
    void queryChanged(const atelier::HistoryQuery &query);

private:
    void announce() { Q_EMIT queryChanged(query()); }

    QLineEdit *m_search;
    QComboBox *m_status;
    QComboBox *m_model;
    QComboBox *m_when;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QComboBox *m_order;
    QToolButton *m_favorites;
    QComboBox *m_rating;
    QComboBox *m_tag;
    QString m_words;     // the search field's text as last asked for
    QString m_tagWanted; // the tag filter's text, normalised, as last asked for
};

} // namespace atelier
