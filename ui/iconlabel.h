#pragma once

#include <QLabel>

namespace atelier {

// A picture from Icons that is drawn again when the palette changes, so it stays readable on a light or a
// dark desktop (a plain QLabel keeps the pixmap of the palette it was made with).
class IconLabel final : public QLabel
{
    Q_OBJECT
public:
    IconLabel(const QString &iconName, int size, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void draw();

    QString m_iconName;
    int m_size;
};

} // namespace atelier
