#pragma once

class QChartView;
class QValueAxis;

namespace atelier {

// Charts that follow the window's palette (light or dark) instead of QtCharts' own themes.
class ChartStyle
{
public:
    // Background, title, legend, axis labels, lines and grid from the view's palette.
    static void apply(QChartView *view);
    // A count axis from 0 with whole-number ticks that leave room above `largest`.
    static void setCountRange(QValueAxis *axis, int largest);
};

} // namespace atelier
