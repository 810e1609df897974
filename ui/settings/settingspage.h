#pragma once

#include <QWidget>

namespace atelier {

// One page of the settings dialog. Its values take effect only when the dialog applies them.
class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    // Every value can be saved; a bad one says why next to itself.
    virtual bool isValid() const = 0;
    // Saves and applies the values; why not, in words, when that failed.
    virtual QString apply() = 0;

Q_SIGNALS:
    // A value was changed by hand.
    void edited();
};

} // namespace atelier
