#include "queuecommands.h"

#include "commandline.h"
#include "engine/imagegenerationservice.h"
#include "reportformatter.h"

#include <QJsonObject>

namespace atelier::cli {

namespace {

const QString kUsage =
    QStringLiteral("'queue' takes pause [ID], resume [ID], move ID --top|--bottom|--before ID, priority ID "
                   "high|normal|low or cancel-all [--yes].");

} // namespace

int QueueCommands::run()
{
    const QString subcommand = m_context.commandLine.arguments().value(0);
    if (subcommand == QLatin1String("pause") || subcommand == QLatin1String("resume"))
        return pauseOrResume(subcommand == QLatin1String("pause"));
    if (subcommand == QLatin1String("move"))
        return move();
    if (subcommand == QLatin1String("priority"))
        return priority();
    if (subcommand == QLatin1String("cancel-all"))
        return cancelAll();
    return m_context.fail(QStringLiteral("unknown subcommand '%1'. %2").arg(subcommand, kUsage));
}

bool QueueCommands::targetOf(qint64 *id, qint64 *profileId)
{
    const QStringList arguments = m_context.commandLine.arguments();
    bool ok = false;
    *id = arguments.value(1).toLongLong(&ok);
    if (!ok || *id <= 0) {
        m_context.fail(QStringLiteral("'queue %1' needs a generation ID, not '%2'.")
                           .arg(arguments.value(0), arguments.value(1)));
        return false;
    }
    const std::optional<qint64> acting = m_context.actingProfile(*id);
    if (!acting)
        return false;
    *profileId = *acting;
    return true;
}

int QueueCommands::pauseOrResume(bool pause)
{
    ImageGenerationService &service = m_context.service;
    service.loadQueue();
    const QStringList arguments = m_context.commandLine.arguments();
    if (arguments.size() == 1) {
        if (const GenerationError error = service.setQueuePaused(pause); error.isError())
            return m_context.fail(error);
        if (m_context.wantsJson())
            m_context.printJson(ReportFormatter::toJson(service.getQueueStatus()));
        else
            m_context.out << (pause ? "The queue is paused: running generations finish, none start until "
                                      "'atelier-cli queue resume'."
                                    : "The queue is running again.")
                          << Qt::endl;
        return Ok;
    }
    qint64 id = 0;
    qint64 profileId = 0;
    if (arguments.size() > 2)
        return m_context.fail(kUsage);
    if (!targetOf(&id, &profileId))
        return BadInput;
    if (const GenerationError error = service.setGenerationHeld(id, profileId, pause); error.isError())
        return m_context.fail(error);
    return report(id, pause ? QStringLiteral("Paused") : QStringLiteral("Resumed"));
}

int QueueCommands::move()
{
    qint64 id = 0;
    qint64 profileId = 0;
    if (m_context.commandLine.arguments().size() != 2)
        return m_context.fail(kUsage);
    if (!targetOf(&id, &profileId))
        return BadInput;
    const CommandLine &line = m_context.commandLine;
    const int places = int(line.isSet(QStringLiteral("top"))) + int(line.isSet(QStringLiteral("bottom"))) +
                       int(line.isSet(QStringLiteral("before")));
    if (places != 1)
        return m_context.fail(QStringLiteral("'queue move' takes one of --top, --bottom or --before ID."));
    QueuePlace place = QueuePlace::Top;
    qint64 before = 0;
    if (line.isSet(QStringLiteral("bottom"))) {
        place = QueuePlace::Bottom;
    } else if (line.isSet(QStringLiteral("before"))) {
        place = QueuePlace::Before;
        bool ok = false;
        before = line.value(QStringLiteral("before")).toLongLong(&ok);
        if (!ok || before <= 0)
            return m_context.fail(QStringLiteral("--before takes a generation ID, not '%1'.")
                                      .arg(line.value(QStringLiteral("before"))));
    }
    m_context.service.loadQueue();
    if (const GenerationError error = m_context.service.moveGeneration(id, profileId, place, before);
        error.isError())
        return m_context.fail(error);
    return report(id, QStringLiteral("Moved"));
}

int QueueCommands::priority()
{
    const QStringList arguments = m_context.commandLine.arguments();
    if (arguments.size() != 3)
        return m_context.fail(kUsage);
    const std::optional<Priority> priority = priorityFromName(arguments.at(2).toLower());
    if (!priority)
        return m_context.fail(
            QStringLiteral("unknown priority '%1'; use high, normal or low.").arg(arguments.at(2)));
    qint64 id = 0;
    qint64 profileId = 0;
    if (!targetOf(&id, &profileId))
        return BadInput;
    m_context.service.loadQueue();
    if (const GenerationError error = m_context.service.setGenerationPriority(id, profileId, *priority);
        error.isError())
        return m_context.fail(error);
    return report(id, QStringLiteral("Priority %1 for").arg(priorityName(*priority)));
}

int QueueCommands::cancelAll()
{
    if (m_context.commandLine.arguments().size() != 1)
        return m_context.fail(kUsage);
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    int pending = 0;
    for (const Generation &generation : m_context.service.activeGenerations())
        pending +=
            generation.status == GenerationStatus::Pending && generation.request.profileId == profile->id;
    if (pending == 0) {
        if (m_context.wantsJson())
            m_context.printJson(QJsonObject{{QStringLiteral("cancelled"), 0}});
        else
            m_context.out << QStringLiteral("%1 has nothing waiting.").arg(profile->name) << Qt::endl;
        return Ok;
    }
    // Asks first, as the window does; a script says --yes.
    int code = Ok;
    if (!m_context.agrees(QStringLiteral("Cancel all %1 waiting generations of %2 (running ones go on)?")
                              .arg(pending)
                              .arg(profile->name),
                          &code))
        return code;
    m_context.service.loadQueue();
    GenerationError error;
    const int cancelled = m_context.service.cancelAllPending(profile->id, &error);
    if (error.isError()) {
        m_context.err << QStringLiteral("Cancelled %1 waiting generations of %2 before the database refused:")
                             .arg(cancelled)
                             .arg(profile->name)
                      << Qt::endl;
        return m_context.fail(error);
    }
    if (m_context.wantsJson())
        m_context.printJson(QJsonObject{{QStringLiteral("cancelled"), cancelled}});
    else
        m_context.out << QStringLiteral("Cancelled %1 waiting generations of %2; their tokens are refunded.")
                             .arg(cancelled)
                             .arg(profile->name)
                      << Qt::endl;
    return Ok;
}

int QueueCommands::report(qint64 id, const QString &what)
{
    const std::optional<Generation> generation = m_context.service.getGenerationStatus(id);
    if (!generation)
        return m_context.fail(QStringLiteral("generation %1 was deleted meanwhile.").arg(id), Unsuccessful);
    const int position = m_context.service.queuePosition(id);
    if (m_context.wantsJson()) {
        QJsonObject json = ReportFormatter::toJson(*generation);
        json.insert(QStringLiteral("position"), position);
        m_context.printJson(json);
        return Ok;
    }
    m_context.out << QStringLiteral("%1 generation %2: ").arg(what).arg(id)
                  << (generation->held ? QStringLiteral("paused, it starts once resumed.")
                                       : QStringLiteral("position %1 in the queue.").arg(position))
                  << Qt::endl;
    return Ok;
}

} // namespace atelier::cli
