#include "cloudsettingspage.h"

#include "engine/cloudaccess.h"
#include "icons.h"
#include "problemlabel.h"
#include "studiocontext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace atelier {

namespace {

using Names = CloudinaryPreferences;

bool isEnvironment(const PreferenceEntry &entry)
{
    return entry.source != QLatin1String("default") && entry.source != QLatin1String("settings");
}

} // namespace

CloudSettingsPage::CloudSettingsPage(StudioContext &context, QWidget *parent)
    : SettingsPage(parent), m_cloud(context.cloud), m_preferences(context.cloud.preferences())
{
    for (const PreferenceEntry &entry : m_preferences.entries())
        m_shown.insert(entry.name, entry);

    auto *box = new QGroupBox(tr("Cloudinary"), this);
    auto *form = new QFormLayout(box);
    m_upload = new QCheckBox(tr("Copy every new result to Cloudinary"), box);
    m_upload->setObjectName(QStringLiteral("uploadCheck"));
    m_upload->setChecked(m_preferences.uploadsEnabled());
    form->addRow(m_upload);
    m_cloudName =
        addTextRow(form, tr("Cloud name:"), Names::CloudName, tr("As the Cloudinary console shows it"));
    m_cloudName->setObjectName(QStringLiteral("cloudName"));
    m_apiKey = addTextRow(form, tr("API key:"), Names::ApiKey, QString());
    m_apiKey->setObjectName(QStringLiteral("apiKey"));
    form->addRow(tr("API secret:"), buildSecretRow());
    m_folder = addTextRow(form, tr("Folder:"), Names::Folder, tr("Empty: the default, atelier"));
    m_preset = addTextRow(form, tr("Upload preset:"), Names::Preset, tr("Optional"));
    m_tags = addTextRow(form, tr("Tags:"), Names::Tags, CloudinaryPreferences::defaultTags());
    m_tags->setToolTip(tr("Separated by commas; {model} stands for the model that made the image."));
    m_signature = new QComboBox(box);
    m_signature->addItem(tr("SHA-1 (Cloudinary's default)"), QStringLiteral("sha1"));
    m_signature->addItem(tr("SHA-256"), QStringLiteral("sha256"));
    m_signature->setCurrentIndex(m_signature->findData(m_shown.value(Names::Signature).value));
    form->addRow(tr("Signature:"), m_signature);
    m_deleteRemote = new QCheckBox(tr("Deleting a generation also destroys its copy on Cloudinary"), box);
    m_deleteRemote->setChecked(m_preferences.deletesRemote());
    form->addRow(m_deleteRemote);
    m_accountProblem = new ProblemLabel(box);
    m_accountProblem->setObjectName(QStringLiteral("accountProblem"));
    form->addRow(m_accountProblem);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(box);
    layout->addStretch(1);

    for (QLineEdit *edit : {m_cloudName, m_apiKey, m_folder, m_preset, m_tags})
        connect(edit, &QLineEdit::textEdited, this, [this] {
            check();
            Q_EMIT edited();
        });
    connect(m_upload, &QCheckBox::toggled, this, [this] {
        check();
        Q_EMIT edited();
    });
    connect(m_deleteRemote, &QCheckBox::toggled, this, &SettingsPage::edited);
    connect(m_signature, &QComboBox::currentIndexChanged, this, &SettingsPage::edited);
    connect(&m_cloud, &CloudAccess::changed, this, &CloudSettingsPage::showState);
    showState();
}

QLineEdit *CloudSettingsPage::addTextRow(QFormLayout *form, const QString &label, const QString &name,
                                         const QString &placeholder)
{
    const PreferenceEntry entry = m_shown.value(name);
    auto *edit = new QLineEdit(entry.value, form->parentWidget());
    edit->setPlaceholderText(placeholder);
    edit->setMaxLength(200);
    if (isEnvironment(entry)) {
        edit->setReadOnly(true);
        edit->setToolTip(tr("Set by %1 in the environment, which wins over this setting.").arg(entry.source));
    }
    form->addRow(label, edit);
    return edit;
}

QWidget *CloudSettingsPage::buildSecretRow()
{
    auto *field = new QWidget(this);
    m_secret = new QLineEdit(field);
    m_secret->setObjectName(QStringLiteral("secretEdit"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setClearButtonEnabled(true);
    m_secret->setPlaceholderText(tr("Paste the API secret here"));
    m_saveSecret = new QPushButton(Icons::icon(QStringLiteral("key")), tr("Save secret"), field);
    m_saveSecret->setObjectName(QStringLiteral("saveSecret"));
    m_forgetSecret = new QPushButton(Icons::icon(QStringLiteral("delete")), tr("Forget"), field);
    m_forgetSecret->setObjectName(QStringLiteral("forgetSecret"));
    m_saveSecret->setAutoDefault(false);
    m_forgetSecret->setAutoDefault(false);
    m_secretState = new QLabel(field);
    m_secretState->setObjectName(QStringLiteral("secretState"));
    m_secretState->setWordWrap(true);
    m_secretState->setForegroundRole(QPalette::PlaceholderText);
    m_secretProblem = new ProblemLabel(field);
    auto *row = new QHBoxLayout;
    row->addWidget(m_secret, 1);
    row->addWidget(m_saveSecret);
    row->addWidget(m_forgetSecret);
    auto *layout = new QVBoxLayout(field);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_secretProblem);
    layout->addWidget(m_secretState);
    connect(m_secret, &QLineEdit::textEdited, this, [this] {
        check();
        Q_EMIT edited();
    });
    connect(m_saveSecret, &QPushButton::clicked, this, &CloudSettingsPage::saveSecret);
    connect(m_forgetSecret, &QPushButton::clicked, this, [this] { m_cloud.forgetSecret(); });
    return field;
}

void CloudSettingsPage::showState()
{
    QString text;
    if (m_cloud.isBusy()) {
        text = tr("Asking the system keychain…");
    } else {
        switch (m_cloud.secretSource()) {
        case CloudAccess::SecretSource::Environment:
            text = tr("From CLOUDINARY_URL (the environment wins).");
            break;
        case CloudAccess::SecretSource::Keychain:
            text = tr("Saved in the system keychain.");
            break;
        case CloudAccess::SecretSource::Session:
            text = tr("For this session only. %1 Atelier forgets the secret when it closes.")
                       .arg(m_cloud.problem());
            break;
        case CloudAccess::SecretSource::None:
            text = m_cloud.problem().isEmpty()
                       ? tr("No secret saved. It is kept in the system keychain, never in a "
                            "settings file.")
                       : tr("No secret: %1").arg(m_cloud.problem());
            break;
        }
    }
    m_secretState->setText(text);
    m_forgetSecret->setEnabled(!m_cloud.isBusy() && m_cloud.hasSecret());
    check();
}

void CloudSettingsPage::saveSecret()
{
    const QString problem = m_cloud.saveSecret(m_secret->text());
    m_secretProblem->setProblem(problem);
    if (problem.isEmpty())
        m_secret->clear();
    check();
}

void CloudSettingsPage::check()
{
    const QString secret = m_secret->text().trimmed();
    m_secretProblem->setProblem(secret.isEmpty() ? QString() : CloudAccess::secretShapeProblem(secret));
    m_saveSecret->setEnabled(!secret.isEmpty() && m_secretProblem->problem().isEmpty() && !m_cloud.isBusy());
    // The account's problem matters only once uploads are wanted; it is said, not blocking, since the secret
    // may still be on its way.
    m_accountProblem->setProblem(m_upload->isChecked() && secret.isEmpty() && !m_cloud.isBusy()
                                     ? m_cloud.accountProblem()
                                     : QString());
}

bool CloudSettingsPage::isValid() const
{
    return m_secretProblem->problem().isEmpty();
}

QString CloudSettingsPage::apply()
{
    if (!m_secret->text().trimmed().isEmpty())
        saveSecret();
    QStringList problems;
    const auto save = [&](const QString &name, const QString &value) {
        const PreferenceEntry shown = m_shown.value(name);
        if (isEnvironment(shown) || value == shown.value)
            return;
        const QString problem = value.isEmpty() ? m_preferences.unset(name) : m_preferences.set(name, value);
        if (!problem.isEmpty())
            problems << problem;
    };
    const auto onOff = [](bool on) { return on ? QStringLiteral("on") : QStringLiteral("off"); };
    save(Names::Upload, onOff(m_upload->isChecked()));
    save(Names::CloudName, m_cloudName->text().trimmed());
    save(Names::ApiKey, m_apiKey->text().trimmed());
    save(Names::Folder, m_folder->text().trimmed());
    save(Names::Preset, m_preset->text().trimmed());
    save(Names::Tags, m_tags->text().trimmed());
    save(Names::Signature, m_signature->currentData().toString());
    save(Names::DeleteRemote, onOff(m_deleteRemote->isChecked()));
    for (const PreferenceEntry &entry : m_preferences.entries())
        m_shown.insert(entry.name, entry);
    m_cloud.applyPreferences();
    return problems.join(QLatin1Char('\n'));
}

} // namespace atelier
