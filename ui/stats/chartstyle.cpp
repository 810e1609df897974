#include "chartstyle.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QPalette>
#include <QValueAxis>

namespace atelier {

namespace {
constexpr int kTickIntervals = 4;
}

void ChartStyle::apply(QChartView *view)
{
    const QPalette palette = view->palette();
    view->setBackgroundBrush(palette.brush(QPalette::Base));
    QChart *chart = view->chart();
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setBackgroundRoundness(0);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(palette.brush(QPalette::Text));
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
    QColor grid = palette.color(QPalette::Text);
    grid.setAlphaF(0.12);
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsBrush(palette.brush(QPalette::Text));
        axis->setTitleBrush(palette.brush(QPalette::Text));
        axis->setLinePenColor(palette.color(QPalette::Mid));
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
    }
}

void ChartStyle::setCountRange(QValueAxis *axis, int largest)
{
    // A multiple of the tick intervals keeps every tick on a whole number.
    const int top = qMax(kTickIntervals, (largest + kTickIntervals) / kTickIntervals * kTickIntervals);
    axis->setRange(0, top);
    axis->setTickCount(kTickIntervals + 1);
    axis->setMinorTickCount(0);
    axis->setLabelFormat(QStringLiteral("%d"));
}

} // namespace atelier
