#pragma once

#include <QFrame>

class QLabel;

namespace atelier {

// One figure of the dashboard: a caption above a large value.
class FigureCard final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FigureCard)
public:
    FigureCard(const QString &caption, const QString &explanation, QWidget *parent = nullptr);

    QString value() const;
    void setValue(const QString &value);

private:
    QLabel *m_value = nullptr;
};

} // namespace atelier
