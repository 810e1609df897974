#include "problemlabel.h"

#include "icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace atelier {

ProblemLabel::ProblemLabel(QWidget *parent) : QWidget(parent)
{
    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(Icons::icon(QStringLiteral("warning")).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(icon);
    layout->addWidget(m_text, 1);
    setVisible(false);
}

void ProblemLabel::setProblem(const QString &problem)
{
    m_text->setText(problem);
    setVisible(!problem.isEmpty());
}

QString ProblemLabel::problem() const
{
    return m_text->text();
}

} // namespace atelier
