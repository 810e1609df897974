#pragma once

#include <QChartView>
#include <QList>
#include <QPair>

class QBarCategoryAxis;
class QBarSet;
class QHorizontalBarSeries;
class QValueAxis;

namespace atelier {

// How often each model was used, one horizontal bar per model, the most used on top.
class PopularModelsChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PopularModelsChart)
public:
    explicit PopularModelsChart(QWidget *parent = nullptr);

    // (label shown to people, generations), most used first.
    void setModels(const QList<QPair<QString, int>> &models);

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    QHorizontalBarSeries *m_series = nullptr;
    QBarSet *m_uses = nullptr;
    QBarCategoryAxis *m_names = nullptr;
    QValueAxis *m_counts = nullptr;
};

} // namespace atelier
