#pragma once

#include <QWidget>

namespace atelier {

struct StudioContext;

// Every pending and running job, live: preview, prompt, status, progress, position, time left, Cancel, Retry.
class QueuePanel final : public QWidget
{
    Q_OBJECT
public:
    explicit QueuePanel(StudioContext &context, QWidget *parent = nullptr);

private:
    StudioContext &m_context;
};

} // namespace atelier
