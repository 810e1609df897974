#include "shownrefresh.h"

#include <QEvent>
#include <QWidget>

namespace atelier {

ShownRefresh::ShownRefresh(QWidget *panel, int delayMs, std::function<void()> read)
    : QObject(panel), m_panel(panel), m_read(std::move(read))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(delayMs);
    connect(&m_timer, &QTimer::timeout, this, &ShownRefresh::now);
    panel->installEventFilter(this);
}

void ShownRefresh::request()
{
    // Not restarted while running: a steady stream of changes must not put the reading off for ever.
    if (!m_timer.isActive())
        m_timer.start();
}

void ShownRefresh::now()
{
    m_timer.stop();
    if (!m_panel->isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    m_read();
}

bool ShownRefresh::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_panel && event->type() == QEvent::Show && (m_stale || m_timer.isActive()))
        now();
    return QObject::eventFilter(watched, event);
}

} // namespace atelier
