#include "commandcontext.h"

#include "commandline.h"
#include "engine/imagegenerationservice.h"
#include "terminalprogress.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <unistd.h>

namespace atelier::cli {

CommandContext::CommandContext(ImageGenerationService &service, const CommandLine &commandLine,
                               QTextStream &out, QTextStream &err, TerminalProgress &progress)
    : service(service), commandLine(commandLine), out(out), err(err), progress(progress)
{}

bool CommandContext::wantsJson() const
{
    return commandLine.isSet(QStringLiteral("json"));
}

int CommandContext::fail(const QString &message, int code)
{
    progress.clear();
    err << "atelier-cli: " << message << Qt::endl;
    return code;
}

int CommandContext::fail(const GenerationError &error)
{
    const QString action = suggestedAction(error);
    return fail(action.isEmpty() ? error.message : error.message + QLatin1Char(' ') + action,
                error.category == GenerationError::Category::Storage ? StorageError : BadInput);
}

void CommandContext::printJson(const QJsonValue &value)
{
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    // Following, every object is one line (the first state as the changes after it), for scripts to read
    // one at a time.
    const bool following = commandLine.isSet(QStringLiteral("follow"));
    out << document.toJson(following ? QJsonDocument::Compact : QJsonDocument::Indented);
    if (following)
        out << '\n';
    out << Qt::flush;
}

std::optional<Profile> CommandContext::resolveProfile()
{
    const QString name = commandLine.value(QStringLiteral("profile"));
    if (name.isEmpty()) {
        GenerationError error;
        std::optional<Profile> profile = service.defaultProfile(&error);
        if (!profile)
            fail(error);
        return profile;
    }
    std::optional<Profile> profile = service.profileByName(name);
    if (!profile)
        fail(QStringLiteral(
                 "there is no profile named \"%1\". Create it with: atelier-cli profiles create \"%1\"")
                 .arg(name));
    return profile;
}

bool CommandContext::parseId(qint64 *id)
{
    const QStringList arguments = commandLine.arguments();
    if (arguments.size() != 1) {
        fail(QStringLiteral("'%1' takes one generation id, e.g. atelier-cli %1 12.")
                 .arg(commandLine.command()));
        return false;
    }
    bool ok = false;
    *id = QString(arguments.first()).remove(QLatin1Char('#')).toLongLong(&ok);
    if (!ok || *id <= 0) {
        fail(QStringLiteral("'%1' is not a generation id (a positive number).").arg(arguments.first()));
        return false;
    }
    return true;
}

bool CommandContext::parseIds(const QStringList &arguments, QList<qint64> *ids)
{
    for (const QString &argument : arguments) {
        bool ok = false;
        const qint64 id = QString(argument).remove(QLatin1Char('#')).toLongLong(&ok);
        if (!ok || id <= 0) {
            fail(QStringLiteral("'%1' is not a generation id (a positive number).").arg(argument));
            return false;
        }
        ids->append(id);
    }
    return true;
}

std::optional<qint64> CommandContext::actingProfile(qint64 generationId)
{
    // Without --profile the command acts as the generation's owner; a named profile must be the owner.
    if (commandLine.isSet(QStringLiteral("profile"))) {
        const std::optional<Profile> profile = resolveProfile();
        return profile ? std::optional<qint64>(profile->id) : std::nullopt;
    }
    const std::optional<Generation> generation = service.getGenerationStatus(generationId);
    if (!generation) {
        fail(QStringLiteral("there is no generation %1.").arg(generationId));
        return std::nullopt;
    }
    return generation->request.profileId;
}

bool CommandContext::agrees(const QString &question, int *code)
{
    *code = Ok;
    if (commandLine.isSet(QStringLiteral("yes")))
        return true;
    if (::isatty(STDIN_FILENO) != 1) {
        *code = fail(QStringLiteral("%1 Add --yes to confirm.").arg(question));
        return false;
    }
    err << question << " [y/N] " << Qt::flush;
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly | QIODevice::Text)) {
        *code = fail(QStringLiteral("cannot read the answer."));
        return false;
    }
    const QString answer = QString::fromLocal8Bit(input.readLine()).trimmed().toLower();
    if (answer == QLatin1String("y") || answer == QLatin1String("yes"))
        return true;
    out << "Nothing was changed." << Qt::endl;
    return false;
}

} // namespace atelier::cli
