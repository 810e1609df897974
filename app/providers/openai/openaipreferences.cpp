#include "openaipreferences.h"

#include <QSettings>

namespace atelier {
namespace {

const QString BaseUrl = QStringLiteral("openai.base-url");
const QString Organization = QStringLiteral("openai.organization");
const QString Project = QStringLiteral("openai.project");
const QString Timeout = QStringLiteral("openai.timeout");

constexpr int MinTimeoutSeconds = 10;
constexpr int MaxTimeoutSeconds = 3600;

} // namespace

OpenAiPreferences::OpenAiPreferences(QSettings &settings, QProcessEnvironment environment)
    : m_settings(settings), m_environment(std::move(environment))
{}

QStringList OpenAiPreferences::names()
{
    return {BaseUrl, Organization, Project, Timeout};
}

QString OpenAiPreferences::key(const QString &name)
{
    // "openai.base-url" -> "openai/baseUrl"
    static const QHash<QString, QString> keys{{BaseUrl, QStringLiteral("openai/baseUrl")},
                                              {Organization, QStringLiteral("openai/organization")},
                                              {Project, QStringLiteral("openai/project")},
                                              {Timeout, QStringLiteral("openai/transferTimeoutSeconds")}};
    return keys.value(name);
}

QString OpenAiPreferences::environmentVariable(const QString &name) const
{
    static const QHash<QString, QString> variables{{BaseUrl, QStringLiteral("OPENAI_BASE_URL")},
                                                   {Organization, QStringLiteral("OPENAI_ORG_ID")},
                                                   {Project, QStringLiteral("OPENAI_PROJECT_ID")}};
    const QString variable = variables.value(name);
    return !variable.isEmpty() && !m_environment.value(variable).trimmed().isEmpty() ? variable : QString();
}

OpenAiSettings OpenAiPreferences::effective() const
{
    OpenAiSettings settings;
    if (const QString base = m_settings.value(key(BaseUrl)).toString(); !base.isEmpty())
        settings.baseUrl = QUrl(base);
    settings.organization = m_settings.value(key(Organization)).toString();
    settings.project = m_settings.value(key(Project)).toString();
    // A value edited by hand out of range falls back to the default rather than stopping every job.
    const int seconds = m_settings.value(key(Timeout)).toInt();
    if (seconds >= MinTimeoutSeconds && seconds <= MaxTimeoutSeconds)
        settings.transferTimeoutMs = seconds * 1000;
    settings = settings.withEnvironment(m_environment);
    settings.apiKey.clear();
    return settings;
}

QList<OpenAiPreferences::Entry> OpenAiPreferences::entries() const
{
    const OpenAiSettings settings = effective();
    const auto source = [this](const QString &name) {
        if (const QString variable = environmentVariable(name); !variable.isEmpty())
            return variable;
        return m_settings.contains(key(name)) ? QStringLiteral("settings") : QStringLiteral("default");
    };
    return {{BaseUrl, settings.baseUrl.toDisplayString(), source(BaseUrl)},
            {Organization, settings.organization, source(Organization)},
            {Project, settings.project, source(Project)},
            {Timeout, QString::number(settings.transferTimeoutMs / 1000), source(Timeout)}};
}

QString OpenAiPreferences::unknown(const QString &name)
{
    return QStringLiteral("There is no setting '%1'. Settings: %2.")
        .arg(name, names().join(QLatin1String(", ")));
}

QString OpenAiPreferences::saved()
{
    m_settings.sync();
    if (m_settings.status() != QSettings::NoError)
        return QStringLiteral("The settings file %1 cannot be written.").arg(m_settings.fileName());
    return {};
}

QString OpenAiPreferences::set(const QString &name, const QString &value)
{
    const QString trimmed = value.trimmed();
    if (key(name).isEmpty())
        return unknown(name);
    if (trimmed.isEmpty())
        return QStringLiteral("'%1' needs a value; to go back to the default, unset it.").arg(name);
    QVariant stored = trimmed;
    if (name == BaseUrl) {
        const QUrl url(trimmed, QUrl::StrictMode);
        if (const QString problem = OpenAiSettings::baseUrlProblem(url); !problem.isEmpty())
            return problem;
        stored = url.toString(QUrl::StripTrailingSlash);
    } else if (name == Timeout) {
        bool ok = false;
        const int seconds = trimmed.toInt(&ok);
        if (!ok || seconds < MinTimeoutSeconds || seconds > MaxTimeoutSeconds)
            return QStringLiteral("'%1' is a number of seconds from %2 to %3; '%4' is not.")
                .arg(name)
                .arg(MinTimeoutSeconds)
                .arg(MaxTimeoutSeconds)
                .arg(trimmed);
        stored = seconds;
    } else if (trimmed.contains(QLatin1Char('\n')) || trimmed.size() > 200) {
        return QStringLiteral("'%1' takes one line of at most 200 characters.").arg(name);
    }
    m_settings.setValue(key(name), stored);
    return saved();
}

QString OpenAiPreferences::unset(const QString &name)
{
    if (key(name).isEmpty())
        return unknown(name);
    m_settings.remove(key(name));
    return saved();
}

} // namespace atelier
