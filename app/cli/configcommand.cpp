#include "configcommand.h"

#include "cloud/cloudinarypreferences.h"
#include "commandcontext.h"
#include "commandline.h"
#include "providers/openai/openaipreferences.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace atelier::cli {

ConfigCommand::ConfigCommand(OpenAiPreferences &preferences, CloudinaryPreferences &cloudinary,
                             const CommandLine &commandLine, QTextStream &out, QTextStream &err)
    : m_preferences(preferences), m_cloudinary(cloudinary), m_commandLine(commandLine), m_out(out), m_err(err)
{}

QString ConfigCommand::set(const QString &name, const QString &value)
{
    return name.startsWith(QLatin1String("cloudinary.")) ? m_cloudinary.set(name, value)
                                                         : m_preferences.set(name, value);
}

QString ConfigCommand::unset(const QString &name)
{
    return name.startsWith(QLatin1String("cloudinary.")) ? m_cloudinary.unset(name)
                                                         : m_preferences.unset(name);
}

int ConfigCommand::run()
{
    QStringList arguments = m_commandLine.arguments();
    const QString action = arguments.isEmpty() ? QStringLiteral("show") : arguments.takeFirst();
    if (action == QLatin1String("show") && arguments.isEmpty())
        return show();
    if (action == QLatin1String("set") && arguments.size() == 2) {
        if (const QString problem = set(arguments.first(), arguments.last()); !problem.isEmpty())
            return fail(problem);
        return show();
    }
    if (action == QLatin1String("unset") && arguments.size() == 1) {
        if (const QString problem = unset(arguments.first()); !problem.isEmpty())
            return fail(problem);
        return show();
    }
    return fail(
        QStringLiteral("'config' takes: show | set NAME VALUE | unset NAME. Settings: %1.")
            .arg((OpenAiPreferences::names() + CloudinaryPreferences::names()).join(QLatin1String(", "))));
}

int ConfigCommand::show()
{
    const QList<PreferenceEntry> entries = m_preferences.entries() + m_cloudinary.entries();
    if (m_commandLine.isSet(QStringLiteral("json"))) {
        QJsonArray items;
        for (const PreferenceEntry &entry : entries)
            items.append(QJsonObject{{QStringLiteral("name"), entry.name},
                                     {QStringLiteral("value"), entry.value},
                                     {QStringLiteral("source"), entry.source}});
        m_out << QJsonDocument(items).toJson(QJsonDocument::Indented) << Qt::flush;
        return Ok;
    }
    for (const PreferenceEntry &entry : entries) {
        const QString value = entry.value.isEmpty() ? QStringLiteral("(none)") : entry.value;
        m_out << entry.name.leftJustified(26) << value.leftJustified(36) << ' ' << entry.source << '\n';
    }
    m_out << Qt::flush;
    // OPENAI_BASE_URL is not checked when it is set, so say here that jobs would refuse it.
    if (const QString problem = OpenAiSettings::baseUrlProblem(m_preferences.effective().baseUrl);
        !problem.isEmpty())
        m_err << "atelier-cli: " << problem << Qt::endl;
    // Nor are CLOUDINARY_URL and CLOUDINARY_UPLOAD_PREFIX: say what uploads would refuse (what is missing is
    // not refused here; the secret is not read).
    CloudinarySettings cloud = m_cloudinary.effective();
    for (QString *part : {&cloud.cloudName, &cloud.apiKey, &cloud.apiSecret}) {
        if (part->trimmed().isEmpty())
            *part = QStringLiteral("x");
    }
    if (const GenerationError problem = cloud.validate(); problem.isError())
        m_err << "atelier-cli: " << problem.message << Qt::endl;
    return Ok;
}

int ConfigCommand::fail(const QString &message)
{
    m_err << "atelier-cli: " << message << Qt::endl;
    return BadInput;
}

} // namespace atelier::cli
