#include "figurecard.h"

#include <QLabel>
#include <QVBoxLayout>

namespace atelier {

FigureCard::FigureCard(const QString &caption, const QString &explanation, QWidget *parent) : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setToolTip(explanation);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    auto *title = new QLabel(caption, this);
    title->setForegroundRole(QPalette::PlaceholderText);
    m_value = new QLabel(this);
    m_value->setObjectName(QStringLiteral("value"));
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_value->setFont(big);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->setSpacing(2);
    layout->addWidget(title);
    layout->addWidget(m_value);
    setAccessibleName(caption);
}

QString FigureCard::value() const
{
    return m_value->text();
}

void FigureCard::setValue(const QString &value)
{
    m_value->setText(value);
    m_value->setAccessibleName(value);
}

} // namespace atelier
