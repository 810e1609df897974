#pragma once

#include <QEvent>
#include <QObject>
#include <QWidget>

namespace atelier::test {

// Counts the paints of a widget (it is the counter's parent).
class PaintCounter final : public QObject
{
public:
    explicit PaintCounter(QWidget *widget) : QObject(widget) { widget->installEventFilter(this); }

    int count = 0;

    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return false;
    }
};

} // namespace atelier::test
