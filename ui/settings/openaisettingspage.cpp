#include "openaisettingspage.h"

#include "engine/openaiaccess.h"
#include "icons.h"
#include "problemlabel.h"
#include "studiocontext.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

namespace atelier {

namespace {

const QString BaseUrl = QStringLiteral("openai.base-url");
const QString Organization = QStringLiteral("openai.organization");
const QString Project = QStringLiteral("openai.project");
const QString Timeout = QStringLiteral("openai.timeout");

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *note = new QLabel(text, parent);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    return note;
}

} // namespace

OpenAiSettingsPage::OpenAiSettingsPage(StudioContext &context, QWidget *parent)
    : SettingsPage(parent), m_openAi(context.openAi), m_preferences(context.openAi.preferences())
{
    const QList<OpenAiPreferences::Entry> entries = m_preferences.entries();
    for (const OpenAiPreferences::Entry &entry : entries)
        m_shown.insert(entry.name, entry);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildKeyBox());
    layout->addWidget(buildConnectionBox());
    layout->addStretch(1);

    connect(&m_openAi, &OpenAiAccess::changed, this, &OpenAiSettingsPage::showKeyState);
    showKeyState();
    check();
}

QGroupBox *OpenAiSettingsPage::buildKeyBox()
{
    auto *box = new QGroupBox(tr("API key"), this);
    m_keyIcon = new QLabel(box);
    m_keyIcon->setAlignment(Qt::AlignTop);
    m_keyState = new QLabel(box);
    m_keyState->setObjectName(QStringLiteral("keyState"));
    m_keyState->setWordWrap(true);
    m_keyState->setTextFormat(Qt::PlainText);
    auto *stateRow = new QHBoxLayout;
    stateRow->addWidget(m_keyIcon);
    stateRow->addWidget(m_keyState, 1);

    m_key = new QLineEdit(box);
    m_key->setObjectName(QStringLiteral("keyEdit"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setClearButtonEnabled(true);
    m_key->setPlaceholderText(tr("Paste a new key here (it starts with sk-)"));
    m_saveKey = new QPushButton(Icons::icon(QStringLiteral("key")), tr("Save key"), box);
    m_saveKey->setObjectName(QStringLiteral("saveKey"));
    m_forgetKey = new QPushButton(Icons::icon(QStringLiteral("delete")), tr("Forget key"), box);
    m_forgetKey->setObjectName(QStringLiteral("forgetKey"));
    // Return means OK, which saves a typed key too, whichever button had the focus.
    m_saveKey->setAutoDefault(false);
    m_forgetKey->setAutoDefault(false);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_saveKey);
    keyRow->addWidget(m_forgetKey);
    m_keyProblem = new ProblemLabel(box);
    m_keyProblem->setObjectName(QStringLiteral("keyProblem"));

    auto *where = noteLabel(tr("The key is kept in the system keychain, never in a settings file. You can "
                               "create one at <a href=\"https://platform.openai.com/api-keys\">"
                               "platform.openai.com/api-keys</a>."),
                            box);
    where->setTextFormat(Qt::RichText);
    where->setOpenExternalLinks(true);

    auto *layout = new QVBoxLayout(box);
    layout->addLayout(stateRow);
    layout->addLayout(keyRow);
    layout->addWidget(m_keyProblem);
    layout->addWidget(where);

    connect(m_key, &QLineEdit::textEdited, this, [this] {
        check();
        Q_EMIT edited();
    });
    connect(m_saveKey, &QPushButton::clicked, this, &OpenAiSettingsPage::saveKey);
    connect(m_forgetKey, &QPushButton::clicked, this, [this] { m_openAi.forgetKey(); });
    return box;
}

QGroupBox *OpenAiSettingsPage::buildConnectionBox()
{
    auto *box = new QGroupBox(tr("Connection"), this);
    auto *form = new QFormLayout(box);
    m_baseUrl = addTextRow(form, tr("Server address:"), BaseUrl, QStringLiteral("https://api.openai.com/v1"));
    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_baseUrlProblem = new ProblemLabel(box);
    m_baseUrlProblem->setObjectName(QStringLiteral("baseUrlProblem"));
    form->addRow(QString(), m_baseUrlProblem);
    m_organization = addTextRow(form, tr("Organization:"), Organization, tr("Optional"));
    m_project = addTextRow(form, tr("Project:"), Project, tr("Optional"));

    m_timeout = new QSpinBox(box);
    m_timeout->setObjectName(QStringLiteral("timeout"));
    m_timeout->setRange(10, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(m_shown.value(Timeout).value.toInt());
    m_timeout->setToolTip(tr("How long to wait for an answer before giving up. One high-quality image can "
                             "take a few minutes."));
    form->addRow(tr("Give up after:"), m_timeout);
    form->addRow(QString(),
                 noteLabel(tr("Change the server address only for a compatible server or a proxy."), box));

    connect(m_baseUrl, &QLineEdit::textEdited, this, [this] {
        check();
        Q_EMIT edited();
    });
    for (QLineEdit *edit : {m_organization, m_project})
        connect(edit, &QLineEdit::textEdited, this, &SettingsPage::edited);
    connect(m_timeout, &QSpinBox::valueChanged, this, &SettingsPage::edited);
    return box;
}

QLineEdit *OpenAiSettingsPage::addTextRow(QFormLayout *form, const QString &label, const QString &name,
                                          const QString &placeholder)
{
    auto *edit = new QLineEdit(m_shown.value(name).value, form->parentWidget());
    edit->setPlaceholderText(placeholder);
    edit->setMaxLength(200);
    const QString variable = environmentVariable(name);
    if (variable.isEmpty()) {
        form->addRow(label, edit);
        return edit;
    }
    edit->setReadOnly(true);
    auto *field = new QWidget(form->parentWidget());
    auto *layout = new QVBoxLayout(field);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit);
    auto *note =
        noteLabel(tr("Set by %1 in the environment, which wins over this setting.").arg(variable), field);
    note->setObjectName(name + QStringLiteral(".environment"));
    layout->addWidget(note);
    form->addRow(label, field);
    return edit;
}

QString OpenAiSettingsPage::environmentVariable(const QString &name) const
{
    const QString source = m_shown.value(name).source;
    return source == QLatin1String("default") || source == QLatin1String("settings") ? QString() : source;
}

void OpenAiSettingsPage::showKeyState()
{
    const QString problem = m_openAi.problem();
    QString icon = QStringLiteral("done");
    QString text;
    if (m_openAi.isBusy()) {
        icon = QStringLiteral("pending");
        text = tr("Asking the system keychain…");
    } else {
        switch (m_openAi.keySource()) {
        case OpenAiAccess::KeySource::Environment:
            text = tr("From OPENAI_API_KEY (the environment wins).");
            if (!problem.isEmpty())
                text += QLatin1Char(' ') + tr("A key saved here was not kept: %1").arg(problem);
            break;
        case OpenAiAccess::KeySource::Keychain:
            text = tr("Saved in the system keychain.");
            break;
        case OpenAiAccess::KeySource::Session:
            icon = QStringLiteral("warning");
            text = tr("For this session only. %1 Atelier forgets the key when it closes.").arg(problem);
            break;
        case OpenAiAccess::KeySource::None:
            icon = problem.isEmpty() ? QStringLiteral("key") : QStringLiteral("warning");
            text = problem.isEmpty()
                       ? tr("No key. The OpenAI models need one; the offline preview works without.")
                       : tr("No key: %1").arg(problem);
            break;
        }
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_keyIcon->setPixmap(Icons::icon(icon).pixmap(size, size));
    m_keyState->setText(text);
    m_forgetKey->setEnabled(!m_openAi.isBusy() && m_openAi.hasKey());
    check();
}

void OpenAiSettingsPage::saveKey()
{
    const QString problem = m_openAi.saveKey(m_key->text());
    m_keyProblem->setProblem(problem);
    if (problem.isEmpty())
        m_key->clear();
    check();
}

void OpenAiSettingsPage::check()
{
    const QString key = m_key->text().trimmed();
    m_keyProblem->setProblem(key.isEmpty() ? QString() : OpenAiAccess::keyShapeProblem(key));
    m_saveKey->setEnabled(!key.isEmpty() && m_keyProblem->problem().isEmpty() && !m_openAi.isBusy());

    const QString base = m_baseUrl->text().trimmed();
    m_baseUrlProblem->setProblem(base.isEmpty() || m_baseUrl->isReadOnly()
                                     ? QString()
                                     : OpenAiSettings::baseUrlProblem(QUrl(base, QUrl::StrictMode)));
}

bool OpenAiSettingsPage::isValid() const
{
    return m_keyProblem->problem().isEmpty() && m_baseUrlProblem->problem().isEmpty();
}

QString OpenAiSettingsPage::apply()
{
    // A key typed but not yet saved goes with the rest, as a person pressing OK expects.
    if (!m_key->text().trimmed().isEmpty())
        saveKey();
    QStringList problems;
    const auto save = [&](const QString &name, const QString &value) {
        if (!environmentVariable(name).isEmpty() || value == m_shown.value(name).value)
            return;
        const QString problem = value.isEmpty() ? m_preferences.unset(name) : m_preferences.set(name, value);
        if (!problem.isEmpty())
            problems << problem;
    };
    save(BaseUrl, m_baseUrl->text().trimmed());
    save(Organization, m_organization->text().trimmed());
    save(Project, m_project->text().trimmed());
    save(Timeout, QString::number(m_timeout->value()));
    const QList<OpenAiPreferences::Entry> entries = m_preferences.entries();
    for (const OpenAiPreferences::Entry &entry : entries)
        m_shown.insert(entry.name, entry);
    m_openAi.applyPreferences();
    return problems.join(QLatin1Char('\n'));
}

} // namespace atelier
