#pragma once

#include <QWidget>

class QLabel;

namespace atelier {

// Says under a field why its value cannot be saved; hidden while there is nothing to say.
class ProblemLabel final : public QWidget
{
    Q_OBJECT
public:
    explicit ProblemLabel(QWidget *parent = nullptr);

    void setProblem(const QString &problem);
    QString problem() const;

private:
    QLabel *m_text = nullptr;
};

} // namespace atelier
