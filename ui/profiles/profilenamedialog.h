#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace atelier {

class ImageGenerationService;

// Asks for a profile's name, to create a profile or rename one. The name is checked as it is typed (empty,
// too long, taken) so OK is only possible for a name the service will take; if the service still refuses,
// its reason shows and the dialog stays open. Accepted once the profile was created or renamed.
class ProfileNameDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileNameDialog)
public:
    // profileId 0: create a new profile; otherwise rename that one.
    ProfileNameDialog(ImageGenerationService &service, qint64 profileId, QWidget *parent = nullptr);

    // The profile created or renamed, once accepted.
    qint64 profileId() const { return m_profileId; }

    void accept() override;

private:
    // Why the typed name cannot be used; empty when it can.
    QString problem(const QString &name) const;
    void check();
    void showProblem(const QString &text);

    ImageGenerationService &m_service;
    qint64 m_profileId = 0;
    QString m_currentName;
    QLineEdit *m_name = nullptr;
    bool m_saving = false;
    QWidget *m_problemRow = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace atelier
