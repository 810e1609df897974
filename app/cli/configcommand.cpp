#include "configcommand.h"

#include "commandcontext.h"
#include "commandline.h"
#include "engine/settingsstores.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace atelier::cli {

ConfigCommand::ConfigCommand(SettingsStores &stores, const CommandLine &commandLine, QTextStream &out,
                             QTextStream &err)
    : m_stores(stores), m_commandLine(commandLine), m_out(out), m_err(err)
{}

QString ConfigCommand::set(const QString &name, const QString &value)
{
    if (name.startsWith(QLatin1String("cloudinary.")))
        return m_stores.cloudinary.set(name, value);
    if (name.startsWith(QLatin1String("queue.")))
        return m_stores.queue.set(name, value);
    if (name.startsWith(QLatin1String("trash.")))
        return m_stores.trash.set(name, value);
    return m_stores.openAi.set(name, value);
}

QString ConfigCommand::unset(const QString &name)
{
    if (name.startsWith(QLatin1String("cloudinary.")))
        return m_stores.cloudinary.unset(name);
    if (name.startsWith(QLatin1String("queue.")))
        return m_stores.queue.unset(name);
    if (name.startsWith(QLatin1String("trash.")))
        return m_stores.trash.unset(name);
    return m_stores.openAi.unset(name);
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
    return fail(QStringLiteral("'config' takes: show | set NAME VALUE | unset NAME. Settings: %1.")
                    .arg((OpenAiPreferences::names() + CloudinaryPreferences::names() +
                          QueuePreferences::names() + TrashPreferences::names())
                             .join(QLatin1String(", "))));
}

int ConfigCommand::show()
{
    const QList<PreferenceEntry> entries = m_stores.openAi.entries() + m_stores.cloudinary.entries() +
                                           m_stores.queue.entries() + m_stores.trash.entries();
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
    if (const QString problem = OpenAiSettings::baseUrlProblem(m_stores.openAi.effective().baseUrl);
        !problem.isEmpty())
        m_err << "atelier-cli: " << problem << Qt::endl;
    // Nor are CLOUDINARY_URL and CLOUDINARY_UPLOAD_PREFIX: say what uploads would refuse (what is missing is
    // not refused here; the secret is not read).
    CloudinarySettings cloud = m_stores.cloudinary.effective();
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
