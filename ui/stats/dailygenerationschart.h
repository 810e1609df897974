#pragma once

#include <QChartView>
#include <QDate>
#include <QList>
#include <QPair>

class QAreaSeries;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace atelier {

// Generations started per day over the last weeks, as a filled line.
class DailyGenerationsChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DailyGenerationsChart)
public:
    explicit DailyGenerationsChart(QWidget *parent = nullptr);

    // Oldest day first.
    void setDays(const QList<QPair<QDate, int>> &days);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    QLineSeries *m_counts = nullptr; // the area's upper edge, owned by the area
    QAreaSeries *m_area = nullptr;
    QDateTimeAxis *m_dates = nullptr;
    QValueAxis *m_values = nullptr;
};

} // namespace atelier
