#pragma once

#include <QWidget>

namespace atelier {

struct StudioContext;

// The current profile's statistics and the queue, live.
class StatsDashboard final : public QWidget
{
    Q_OBJECT
public:
    explicit StatsDashboard(StudioContext &context, QWidget *parent = nullptr);

private:
    StudioContext &m_context;
};

} // namespace atelier
