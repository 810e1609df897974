#include "iconlabel.h"

#include "icons.h"

#include <QEvent>

namespace atelier {

IconLabel::IconLabel(const QString &iconName, int size, QWidget *parent)
    : QLabel(parent), m_iconName(iconName), m_size(size)
{
    draw();
}

void IconLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        draw();
}

void IconLabel::draw()
{
    setPixmap(Icons::icon(m_iconName).pixmap(m_size, m_size));
}

} // namespace atelier
