#pragma once

#include "domain/historyquery.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QLineEdit;

namespace atelier {

class ModelCatalog;

// The words to look for and the filters of the gallery: status, model, when, and the order. Typing waits a
// moment before it asks, so each key press does not query the history.
class GalleryFilterBar final : public QWidget
{
    Q_OBJECT
public:
    GalleryFilterBar(const ModelCatalog &catalog, QWidget *parent = nullptr);

    HistoryQuery query() const;
    QLineEdit *searchField() const { return m_search; }

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
    QTimer m_typing;
};

} // namespace atelier
