#pragma once

#include "engine/openaiaccess.h"
#include "settingspage.h"

#include <QHash>

class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace atelier {

class OpenAiAccess;
class ProblemLabel;
struct StudioContext;

// The OpenAI page: the API key (masked, saved in the keychain at once with its own buttons) and how to reach
// the service (base URL, organization, project, time-out). Values set by environment variables are shown
// read-only, with the variable named, since the environment wins.
class OpenAiSettingsPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit OpenAiSettingsPage(StudioContext &context, QWidget *parent = nullptr);

    bool isValid() const override;
    QString apply() override;

private:
    QGroupBox *buildKeyBox();
    QGroupBox *buildConnectionBox();
    QLineEdit *addTextRow(QFormLayout *form, const QString &label, const QString &name,
                          const QString &placeholder);
    QString environmentVariable(const QString &name) const;
    void showKeyState();
    void saveKey();
    void check();

    OpenAiAccess &m_openAi;
    OpenAiPreferences &m_preferences;
    // Each preference as it was shown, by name, so that only what was changed is saved.
    QHash<QString, OpenAiPreferences::Entry> m_shown;
    QLabel *m_keyIcon = nullptr;
    QLabel *m_keyState = nullptr;
    QLineEdit *m_key = nullptr;
    ProblemLabel *m_keyProblem = nullptr;
    QPushButton *m_saveKey = nullptr;
    QPushButton *m_forgetKey = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    ProblemLabel *m_baseUrlProblem = nullptr;
    QLineEdit *m_organization = nullptr;
    QLineEdit *m_project = nullptr;
    QSpinBox *m_timeout = nullptr;
};

} // namespace atelier
