#include "dailygenerationschart.h"

#include "chartstyle.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QValueAxis>

namespace atelier {

// Given to the constructor: setChart() would orphan the default chart QChartView makes, which nobody deletes.
DailyGenerationsChart::DailyGenerationsChart(QWidget *parent) : QChartView(new QChart, parent)
{
    QChart *chart = this->chart(); // the view owns it
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_counts = new QLineSeries;
    m_area = new QAreaSeries(m_counts);
    m_area->setName(tr("Generations per day"));
    m_area->setPointsVisible(true);
    chart->addSeries(m_area);
    m_counts->setParent(m_area); // an area series does not own its boundary line: it goes with the area
    m_dates = new QDateTimeAxis;
    m_dates->setFormat(QStringLiteral("d MMM"));
    m_dates->setTickCount(6);
    m_values = new QValueAxis;
    chart->addAxis(m_dates, Qt::AlignBottom);
    chart->addAxis(m_values, Qt::AlignLeft);
    m_area->attachAxis(m_dates);
    m_area->attachAxis(m_values);
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setMinimumHeight(200);
    restyle();
}

void DailyGenerationsChart::setDays(const QList<QPair<QDate, int>> &days)
{
    QList<QPointF> points;
    points.reserve(days.size());
    int largest = 0;
    int total = 0;
    for (const auto &[day, count] : days) {
        points.append(QPointF(day.startOfDay().toMSecsSinceEpoch(), count));
        largest = qMax(largest, count);
        total += count;
    }
    m_counts->replace(points);
    if (!days.isEmpty())
        m_dates->setRange(days.constFirst().first.startOfDay(), days.constLast().first.startOfDay());
    ChartStyle::setCountRange(m_values, largest);
    setAccessibleDescription(tr("%1 generations over the last %2 days").arg(total).arg(days.size()));
}

void DailyGenerationsChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void DailyGenerationsChart::restyle()
{
    ChartStyle::apply(this);
    const QColor accent = palette().color(QPalette::Highlight);
    QColor fill = accent;
    fill.setAlphaF(0.3);
    m_area->setColor(fill);
    QPen edge(accent);
    edge.setWidthF(2);
    m_area->setPen(edge);
}

} // namespace atelier
