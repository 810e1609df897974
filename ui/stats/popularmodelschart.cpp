#include "popularmodelschart.h"

#include "chartstyle.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QEvent>
#include <QGraphicsLayout>
#include <QHorizontalBarSeries>
#include <QValueAxis>

namespace atelier {

// Given to the constructor: setChart() would orphan the default chart QChartView makes, which nobody deletes.
PopularModelsChart::PopularModelsChart(QWidget *parent) : QChartView(new QChart, parent)
{
    QChart *chart = this->chart(); // the view owns it
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_uses = new QBarSet(tr("Generations"));
    m_series = new QHorizontalBarSeries;
    m_series->append(m_uses);
    m_series->setBarWidth(0.6);
    chart->addSeries(m_series);
    m_names = new QBarCategoryAxis;
    m_counts = new QValueAxis;
    chart->addAxis(m_names, Qt::AlignLeft);
    chart->addAxis(m_counts, Qt::AlignBottom);
    m_series->attachAxis(m_names);
    m_series->attachAxis(m_counts);
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setMinimumHeight(200);
    restyle();
}

void PopularModelsChart::setModels(const QList<QPair<QString, int>> &models)
{
    m_uses->remove(0, m_uses->count());
    QStringList names;
    QStringList described;
    int largest = 0;
    // Qt draws the first category at the bottom: append the least used first so the favourite is on top.
    for (auto it = models.crbegin(); it != models.crend(); ++it) {
        names.append(it->first);
        m_uses->append(it->second);
        largest = qMax(largest, it->second);
    }
    for (const auto &[name, uses] : models)
        described.append(tr("%1: %2").arg(name).arg(uses));
    m_names->setCategories(names);
    ChartStyle::setCountRange(m_counts, largest);
    setAccessibleDescription(described.join(QLatin1String(", ")));
}

void PopularModelsChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void PopularModelsChart::restyle()
{
    ChartStyle::apply(this);
    const QColor accent = palette().color(QPalette::Highlight);
    m_uses->setColor(accent);
    m_uses->setBorderColor(accent);
    m_uses->setLabelColor(palette().color(QPalette::HighlightedText));
}

} // namespace atelier
