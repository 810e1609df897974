#include "configcommand.h"

#include "commandcontext.h"
#include "commandline.h"
#include "providers/openai/openaipreferences.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace atelier::cli {

ConfigCommand::ConfigCommand(OpenAiPreferences &preferences, const CommandLine &commandLine, QTextStream &out,
                             QTextStream &err)
    : m_preferences(preferences), m_commandLine(commandLine), m_out(out), m_err(err)
{}

int ConfigCommand::run()
{
    QStringList arguments = m_commandLine.arguments();
    const QString action = arguments.isEmpty() ? QStringLiteral("show") : arguments.takeFirst();
    if (action == QLatin1String("show") && arguments.isEmpty())
        return show();
    if (action == QLatin1String("set") && arguments.size() == 2) {
        if (const QString problem = m_preferences.set(arguments.first(), arguments.last());
            !problem.isEmpty())
            return fail(problem);
        return show();
    }
    if (action == QLatin1String("unset") && arguments.size() == 1) {
        if (const QString problem = m_preferences.unset(arguments.first()); !problem.isEmpty())
            return fail(problem);
        return show();
    }
    return fail(QStringLiteral("'config' takes: show | set NAME VALUE | unset NAME. Settings: %1.")
                    .arg(OpenAiPreferences::names().join(QLatin1String(", "))));
}

int ConfigCommand::show()
{
    const QList<OpenAiPreferences::Entry> entries = m_preferences.entries();
    if (m_commandLine.isSet(QStringLiteral("json"))) {
        QJsonArray items;
        for (const OpenAiPreferences::Entry &entry : entries)
            items.append(QJsonObject{{QStringLiteral("name"), entry.name},
                                     {QStringLiteral("value"), entry.value},
                                     {QStringLiteral("source"), entry.source}});
        m_out << QJsonDocument(items).toJson(QJsonDocument::Indented) << Qt::flush;
        return Ok;
    }
    for (const OpenAiPreferences::Entry &entry : entries) {
        const QString value = entry.value.isEmpty() ? QStringLiteral("(none)") : entry.value;
        m_out << entry.name.leftJustified(21) << value.leftJustified(36) << ' ' << entry.source << '\n';
    }
    m_out << Qt::flush;
    // OPENAI_BASE_URL is not checked when it is set, so say here that jobs would refuse it.
    if (const QString problem = OpenAiSettings::baseUrlProblem(m_preferences.effective().baseUrl);
        !problem.isEmpty())
        m_err << "atelier-cli: " << problem << Qt::endl;
    return Ok;
}

int ConfigCommand::fail(const QString &message)
{
    m_err << "atelier-cli: " << message << Qt::endl;
    return BadInput;
}

} // namespace atelier::cli
