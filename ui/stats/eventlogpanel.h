#pragma once

#include "domain/evententry.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QStandardItemModel;
class QTableView;

namespace atelier {

class CsvExportButton;
class ShownRefresh;
struct StudioContext;

// The current profile's event log as a table, newest first: when, who (the window or atelier-cli), what, to
// which generation, with which details; filtered by kind and by words, exportable as CSV. It shows the newest
// EventQuery::limit lines that match.
class EventLogPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogPanel(StudioContext &context, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QComboBox *kindFilter() const { return m_kind; }
    QLineEdit *textFilter() const { return m_text; }
    CsvExportButton *exportButton() const { return m_export; }
    const QList<EventEntry> &events() const { return m_events; }

private:
    // Reads the lines the filters pick (see ShownRefresh: only while shown).
    void read();
    void fillKinds();

    StudioContext &m_context;
    QList<EventEntry> m_events;
    QComboBox *m_kind;
    QLineEdit *m_text;
    QLabel *m_note;
    QStandardItemModel *m_model;
    QTableView *m_table;
    CsvExportButton *m_export;
    ShownRefresh *m_refresh;
};

} // namespace atelier
