#pragma once

#include "domain/analytics.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QStandardItemModel;
class QTableView;

namespace atelier {

class CsvExportButton;
class ShownRefresh;
struct StudioContext;

// The current profile's analytics over a chosen period: per model (jobs, success rate, median and 95th
// percentile time, retries per job, failures by kind, average cost, tokens) and per day (tokens spent, jobs
// completed) against the balance, each table exportable as CSV. The period is whole UTC days, as in
// `atelier-cli stats --by model|day`.
class AnalyticsPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit AnalyticsPanel(StudioContext &context, QWidget *parent = nullptr);

    QTableView *modelTable() const { return m_modelTable; }
    QTableView *dayTable() const { return m_dayTable; }
    CsvExportButton *modelExport() const { return m_modelExport; }
    CsvExportButton *dayExport() const { return m_dayExport; }
    const Analytics &analytics() const { return m_analytics; }
    // The first and last day shown.
    void setPeriod(QDate from, QDate until);

private:
    void periodChosen();
    // Reads the analytics of the period (see ShownRefresh: only while shown).
    void read();
    void fillModels();
    void fillDays();
    void say(const QString &message);

    StudioContext &m_context;
    Analytics m_analytics;
    QComboBox *m_period;
    QDateEdit *m_from;
    QDateEdit *m_until;
    QLabel *m_summary;
    QLabel *m_message;
    QStandardItemModel *m_models;
    QStandardItemModel *m_days;
    QTableView *m_modelTable;
    QTableView *m_dayTable;
    CsvExportButton *m_modelExport;
    CsvExportButton *m_dayExport;
    ShownRefresh *m_refresh;
};

} // namespace atelier
