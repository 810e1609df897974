#include "inlineconfirmation.h"

#include "icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace atelier {

InlineConfirmation::InlineConfirmation(QWidget *parent) : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setBackgroundRole(QPalette::AlternateBase);
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    auto *icon = new QLabel(this);
    icon->setPixmap(Icons::icon(QStringLiteral("warning")).pixmap(20, 20));
    m_question = new QLabel(this);
    m_question->setWordWrap(true);
    m_confirm = new QPushButton(this);
    m_confirm->setObjectName(QStringLiteral("confirmButton"));
    auto *keep = new QPushButton(tr("Keep it"), this);
    keep->setObjectName(QStringLiteral("keepButton"));
    layout->addWidget(icon);
    layout->addWidget(m_question, 1);
    layout->addWidget(m_confirm);
    layout->addWidget(keep);
    connect(m_confirm, &QPushButton::clicked, this, [this] {
        hide();
        Q_EMIT confirmed();
    });
    connect(keep, &QPushButton::clicked, this, &QWidget::hide);
    hide();
}

void InlineConfirmation::ask(const QString &question, const QString &confirmText)
{
    m_question->setText(question);
    m_confirm->setText(confirmText);
    show();
    // The safe answer has the focus, so Enter does not delete by accident.
    findChild<QPushButton *>(QStringLiteral("keepButton"))->setFocus();
}

} // namespace atelier
