#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace atelier {

// A question asked in place, above the buttons it is about, instead of a dialog: "Delete this image?" with
// the action and a way out. Hidden until ask().
class InlineConfirmation final : public QFrame
{
    Q_OBJECT
public:
    explicit InlineConfirmation(QWidget *parent = nullptr);

    void ask(const QString &question, const QString &confirmText);

Q_SIGNALS:
    void confirmed();

private:
    QLabel *m_question;
    QPushButton *m_confirm;
};

} // namespace atelier
