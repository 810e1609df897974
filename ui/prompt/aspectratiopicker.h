#pragma once

#include <QWidget>

class QButtonGroup;
class QToolButton;

namespace atelier {

struct ModelSpec;

// The aspect ratios as buttons that show their shape and the size the chosen model makes for each.
class AspectRatioPicker final : public QWidget
{
    Q_OBJECT
public:
    explicit AspectRatioPicker(QWidget *parent = nullptr);

    void setModel(const ModelSpec &spec);
    QString ratio() const;
    void setRatio(const QString &ratio);

Q_SIGNALS:
    void ratioChanged(const QString &ratio);

private:
    QButtonGroup *m_group = nullptr;
    QList<QToolButton *> m_buttons;
};

} // namespace atelier
