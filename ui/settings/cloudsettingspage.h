#pragma once

#include "domain/preferenceentry.h"
#include "settingspage.h"

#include <QHash>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace atelier {

class CloudAccess;
class CloudinaryPreferences;
class ProblemLabel;
struct StudioContext;

// The Cloud page: whether new results are copied to Cloudinary, the account (cloud name, API key, and the
// secret, masked and saved in the keychain at once with its own buttons), folder, upload preset, tags, the
// signature's hash and whether deleting also destroys the cloud copy. Values CLOUDINARY_URL sets are shown
// read-only, since the environment wins.
class CloudSettingsPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit CloudSettingsPage(StudioContext &context, QWidget *parent = nullptr);

    bool isValid() const override;
    QString apply() override;

private:
    QLineEdit *addTextRow(QFormLayout *form, const QString &label, const QString &name,
                          const QString &placeholder);
    QWidget *buildSecretRow();
    void showState();
    void saveSecret();
    void check();

    CloudAccess &m_cloud;
    CloudinaryPreferences &m_preferences;
    QHash<QString, PreferenceEntry> m_shown;
    QCheckBox *m_upload = nullptr;
    QLineEdit *m_cloudName = nullptr;
    QLineEdit *m_apiKey = nullptr;
    QLineEdit *m_secret = nullptr;
    QPushButton *m_saveSecret = nullptr;
    QPushButton *m_forgetSecret = nullptr;
    QLabel *m_secretState = nullptr;
    ProblemLabel *m_secretProblem = nullptr;
    QLineEdit *m_folder = nullptr;
    QLineEdit *m_preset = nullptr;
    QLineEdit *m_tags = nullptr;
    QComboBox *m_signature = nullptr;
    QCheckBox *m_deleteRemote = nullptr;
    ProblemLabel *m_accountProblem = nullptr;
};

} // namespace atelier
