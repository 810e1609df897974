#include "clicommands.h"

#include "commandline.h"
#include "curationcommands.h"
#include "engine/imagegenerationservice.h"
#include "generationwaiter.h"
#include "profilecommands.h"
#include "queuecommands.h"
#include "queuefollower.h"
#include "queueworker.h"
#include "reportcommands.h"
#include "reportformatter.h"
#include "terminalprogress.h"
#include "transfercommands.h"
#include "trashcommands.h"
#include "uploadcommand.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <utility>

namespace atelier::cli {

namespace {

const QString kPausedHint = QStringLiteral(
    "the queue is paused: nothing starts until 'atelier-cli queue resume' (or Resume in the window).");
const QString kRunHint = QStringLiteral("Run 'atelier-cli run' to work through the queue, or add --wait.");

QVariant parameterValue(const QString &text)
{
    bool isNumber = false;
    const int number = text.toInt(&isNumber);
    return isNumber ? QVariant(number) : QVariant(text);
}

} // namespace

CliCommands::CliCommands(ImageGenerationService &service, const CommandLine &commandLine, QTextStream &out,
                         QTextStream &err, bool interactive, QObject *parent)
    : QObject(parent), m_progress(std::make_unique<TerminalProgress>(out, interactive)),
      m_context(service, commandLine, out, err, *m_progress)
{}

CliCommands::~CliCommands() = default;

std::optional<int> CliCommands::run()
{
    const QString command = m_context.commandLine.command();
    // The first run of any command sets the data folder up with a "default" profile, as it creates the
    // database, so that every example works on a new machine.
    GenerationError error;
    if (!m_context.service.defaultProfile(&error))
        return m_context.fail(error);
    if (command == QLatin1String("generate"))
        return generate();
    if (command == QLatin1String("batch"))
        return batch();
    if (command == QLatin1String("queue") && !m_context.commandLine.arguments().isEmpty())
        return QueueCommands(m_context).run();
    if ((command == QLatin1String("status") || command == QLatin1String("queue")) &&
        m_context.commandLine.isSet(QStringLiteral("follow")))
        return follow(command == QLatin1String("status"));
    if (command == QLatin1String("status"))
        return ReportCommands(m_context).status();
    if (command == QLatin1String("cancel"))
        return cancel();
    if (command == QLatin1String("retry"))
        return retry();
    if (command == QLatin1String("more"))
        return more();
    if (command == QLatin1String("history"))
        return ReportCommands(m_context).history();
    if (command == QLatin1String("rate"))
        return CurationCommands(m_context).rate();
    if (command == QLatin1String("favorite") || command == QLatin1String("unfavorite"))
        return CurationCommands(m_context).favorite(command == QLatin1String("favorite"));
    if (command == QLatin1String("tag"))
        return CurationCommands(m_context).tag();
    if (command == QLatin1String("tags"))
        return CurationCommands(m_context).tags();
    if (command == QLatin1String("boards"))
        return CurationCommands(m_context).boards();
    if (command == QLatin1String("delete"))
        return TrashCommands(m_context).deleteCommand();
    if (command == QLatin1String("trash"))
        return TrashCommands(m_context).trash();
    if (command == QLatin1String("stats"))
        return ReportCommands(m_context).stats();
    if (command == QLatin1String("queue"))
        return ReportCommands(m_context).queue();
    if (command == QLatin1String("profiles"))
        return ProfileCommands(m_context).run();
    if (command == QLatin1String("run"))
        return runQueue();
    if (command == QLatin1String("upload")) {
        auto *upload = new UploadCommand(m_context, this);
        connect(upload, &UploadCommand::finished, this, &CliCommands::finished);
        return upload->run();
    }
    if (command == QLatin1String("export")) {
        m_transfer = new TransferCommands(m_context, this);
        connect(m_transfer, &TransferCommands::finished, this, &CliCommands::finished);
        return m_transfer->exportCommand();
    }
    if (command == QLatin1String("import"))
        return TransferCommands(m_context).importCommand();
    return m_context.fail(QStringLiteral("unknown command '%1'.").arg(command));
}

void CliCommands::interrupt()
{
    if (m_transfer) {
        m_transfer->interrupt(); // finished() follows once the export has removed what it wrote
        return;
    }
    if (m_waiter)
        m_waiter->disconnect(this);
    disconnect(m_stopWhenPaused); // ending now, not once the queue is paused
    // Says nothing more: no "waiting for work" while the jobs are handed back.
    delete std::exchange(m_worker, nullptr);
    delete std::exchange(m_follower, nullptr);
    const bool running = m_context.service.getQueueStatus().processing > 0;
    m_context.service.shutdown();
    m_progress->clear();
    if (running)
        m_context.err << "Interrupted: running generations went back to the queue, uncharged." << Qt::endl;
    Q_EMIT finished(Interrupted);
}

bool CliCommands::buildRequest(const QString &prompt, qint64 profileId, GenerationRequest *request)
{
    request->profileId = profileId;
    request->prompt = prompt;
    request->customPrompt = m_context.commandLine.value(QStringLiteral("custom-prompt"));
    request->model = m_context.commandLine.isSet(QStringLiteral("model"))
                         ? m_context.commandLine.value(QStringLiteral("model"))
                         : m_context.service.catalog().defaultModel();
    if (m_context.commandLine.isSet(QStringLiteral("aspect")))
        request->aspectRatio = m_context.commandLine.value(QStringLiteral("aspect"));
    request->size = m_context.commandLine.value(QStringLiteral("size"));
    request->quality = m_context.commandLine.value(QStringLiteral("quality"));
    request->style = m_context.commandLine.value(QStringLiteral("style"));
    // Absolute, so that a queued job still finds its files when another process in another folder runs it.
    const auto absolute = [](QStringList paths) {
        for (QString &path : paths)
            path = QFileInfo(path).absoluteFilePath();
        return paths;
    };
    request->productImages = absolute(m_context.commandLine.values(QStringLiteral("product-image")));
    request->modelImages = absolute(m_context.commandLine.values(QStringLiteral("model-image")));
    if (m_context.commandLine.isSet(QStringLiteral("n"))) {
        bool ok = false;
        request->imageCount = m_context.commandLine.value(QStringLiteral("n")).toInt(&ok);
        if (!ok) {
            m_context.fail(QStringLiteral("--n takes a number of images, not '%1'.")
                               .arg(m_context.commandLine.value(QStringLiteral("n"))));
            return false;
        }
    }
    for (const QString &pair : m_context.commandLine.values(QStringLiteral("param"))) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            m_context.fail(
                QStringLiteral("--param takes KEY=VALUE, e.g. --param background=transparent; got '%1'.")
                    .arg(pair));
            return false;
        }
        request->parameters.insert(pair.left(equals).trimmed(),
                                   parameterValue(pair.mid(equals + 1).trimmed()));
    }
    // Partial images are billed and a terminal cannot show them: asked for only when --param names them.
    if (const ModelSpec *spec = m_context.service.catalog().model(request->model);
        spec && spec->streams && !request->parameters.contains(QStringLiteral("partial_images")))
        request->parameters.insert(QStringLiteral("partial_images"), 0);
    if (m_context.commandLine.isSet(QStringLiteral("mask")))
        request->parameters.insert(
            QStringLiteral("mask"),
            absolute({m_context.commandLine.value(QStringLiteral("mask"))}).constFirst());
    return true;
}

std::optional<Priority> CliCommands::requestedPriority()
{
    const QString name = m_context.commandLine.value(QStringLiteral("priority"));
    if (name.isEmpty())
        return Priority::Normal;
    const std::optional<Priority> priority = priorityFromName(name.toLower());
    if (!priority)
        m_context.fail(QStringLiteral("unknown priority '%1'; use high, normal or low.").arg(name));
    return priority;
}

std::optional<int> CliCommands::generate()
{
    const QStringList arguments = m_context.commandLine.arguments();
    if (arguments.isEmpty())
        return m_context.fail(
            QStringLiteral("'generate' needs a prompt, e.g. atelier-cli generate \"a red fox in snow\"."));
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    GenerationRequest request;
    if (!buildRequest(arguments.join(QLatin1Char(' ')), profile->id, &request))
        return BadInput;
    const std::optional<Priority> priority = requestedPriority();
    if (!priority)
        return BadInput;
    m_context.service.loadQueue();
    const ImageGenerationService::Submission submission = m_context.service.generateImage(request, *priority);
    if (submission.error.isError())
        return m_context.fail(submission.error);
    if (m_context.commandLine.isSet(QStringLiteral("wait")))
        return waitFor({submission.id});
    const std::optional<Generation> generation = m_context.service.getGenerationStatus(submission.id);
    if (m_context.commandLine.isSet(QStringLiteral("json"))) {
        QJsonObject json = ReportFormatter::toJson(*generation);
        json.insert(QStringLiteral("position"), submission.position);
        m_context.printJson(json);
    } else {
        m_context.out << QStringLiteral(
                             "Queued generation %1 for %2 at position %3; %4 reserved, balance %5.")
                             .arg(submission.id)
                             .arg(profile->name)
                             .arg(submission.position)
                             .arg(ReportFormatter::tokens(generation->tokensReserved))
                             .arg(m_context.service.profile(profile->id)->balance)
                      << '\n'
                      << kRunHint << Qt::endl;
    }
    return Ok;
}

std::optional<int> CliCommands::batch()
{
    const QStringList arguments = m_context.commandLine.arguments();
    if (arguments.size() != 1)
        return m_context.fail(
            QStringLiteral("'batch' takes one file with a prompt per line, or - for standard input."));
    QFile file;
    const bool opened =
        arguments.first() == QLatin1String("-")
            ? file.open(stdin, QIODevice::ReadOnly | QIODevice::Text)
            : (file.setFileName(arguments.first()), file.open(QIODevice::ReadOnly | QIODevice::Text));
    if (!opened)
        return m_context.fail(
            QStringLiteral("cannot read %1: %2").arg(arguments.first(), file.errorString()));
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;

    const std::optional<Priority> priority = requestedPriority();
    if (!priority)
        return BadInput;
    // Every line is checked, and the whole batch priced, before the first is queued: all or nothing.
    QList<GenerationRequest> requests;
    qint64 total = 0;
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        GenerationRequest request;
        if (!buildRequest(line, profile->id, &request))
            return BadInput;
        qint64 cost = 0;
        if (const GenerationError error = m_context.service.validateRequest(request, &cost); error.isError())
            return m_context.fail(QStringLiteral("line %1: %2").arg(lineNumber).arg(error.message));
        total += cost;
        requests.append(request);
    }
    if (requests.isEmpty())
        return m_context.fail(
            QStringLiteral("%1 holds no prompt (empty lines and lines starting with # are skipped).")
                .arg(arguments.first()));
    if (total > profile->balance)
        return m_context.fail(
            QStringLiteral("not enough tokens for the batch: the balance is %1 and the %2 prompts cost %3.")
                .arg(profile->balance)
                .arg(requests.size())
                .arg(total));

    m_context.service.loadQueue();
    QList<qint64> ids;
    for (const GenerationRequest &request : std::as_const(requests)) {
        const ImageGenerationService::Submission submission =
            m_context.service.generateImage(request, *priority);
        if (submission.error.isError()) {
            // All or nothing: what this batch queued before goes, and its tokens come back.
            for (const qint64 id : std::as_const(ids))
                m_context.service.cancelGeneration(id, profile->id);
            return m_context.fail(submission.error);
        }
        ids.append(submission.id);
    }
    if (m_context.commandLine.isSet(QStringLiteral("wait")))
        return waitFor(ids);
    if (m_context.commandLine.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const qint64 id : std::as_const(ids))
            array.append(ReportFormatter::toJson(*m_context.service.getGenerationStatus(id)));
        m_context.printJson(array);
    } else {
        m_context.out << QStringLiteral("Queued %1 generations (%2 to %3); %4 reserved.")
                             .arg(ids.size())
                             .arg(ids.first())
                             .arg(ids.last())
                             .arg(ReportFormatter::tokens(total))
                      << '\n'
                      << kRunHint << Qt::endl;
    }
    return Ok;
}

int CliCommands::cancel()
{
    qint64 id = 0;
    if (!m_context.parseId(&id))
        return BadInput;
    const std::optional<qint64> profileId = m_context.actingProfile(id);
    if (!profileId)
        return BadInput;
    if (const GenerationError error = m_context.service.cancelGeneration(id, *profileId); error.isError())
        return m_context.fail(error);
    const std::optional<Generation> generation = m_context.service.getGenerationStatus(id);
    if (m_context.commandLine.isSet(QStringLiteral("json")))
        m_context.printJson(ReportFormatter::toJson(*generation));
    else
        m_context.out << QStringLiteral("Cancelled generation %1; %2 refunded.")
                             .arg(id)
                             .arg(ReportFormatter::tokens(generation->tokensReserved))
                      << Qt::endl;
    return Ok;
}

std::optional<int> CliCommands::retry()
{
    qint64 id = 0;
    if (!m_context.parseId(&id))
        return BadInput;
    const std::optional<qint64> profileId = m_context.actingProfile(id);
    if (!profileId)
        return BadInput;
    m_context.service.loadQueue();
    const ImageGenerationService::Submission submission = m_context.service.retryGeneration(id, *profileId);
    if (submission.error.isError())
        return m_context.fail(submission.error);
    if (m_context.commandLine.isSet(QStringLiteral("wait")))
        return waitFor({id});
    m_context.out << QStringLiteral("Queued generation %1 again at position %2 (run %3).")
                         .arg(id)
                         .arg(submission.position)
                         .arg(m_context.service.getGenerationStatus(id)->run)
                  << '\n'
                  << kRunHint << Qt::endl;
    return Ok;
}

std::optional<int> CliCommands::more()
{
    qint64 id = 0;
    if (!m_context.parseId(&id))
        return BadInput;
    const std::optional<qint64> profileId = m_context.actingProfile(id);
    const std::optional<Priority> priority = profileId ? requestedPriority() : std::nullopt;
    if (!priority)
        return BadInput;
    int count = 1;
    if (const QString text = m_context.commandLine.value(QStringLiteral("count")); !text.isEmpty()) {
        bool ok = false;
        count = text.toInt(&ok);
        if (!ok)
            return m_context.fail(QStringLiteral("--count takes how many more to make, not '%1'.").arg(text));
    }
    m_context.service.loadQueue();
    const ImageGenerationService::Batch batch =
        m_context.service.moreLikeThis(id, *profileId, count, *priority);
    if (batch.error.isError())
        return m_context.fail(batch.error);
    QList<qint64> ids;
    for (const ImageGenerationService::Submission &submission : batch.submissions)
        ids.append(submission.id);
    if (m_context.commandLine.isSet(QStringLiteral("wait")))
        return waitFor(ids);
    QJsonArray array;
    QStringList names;
    qint64 reserved = 0;
    for (const ImageGenerationService::Submission &submission : batch.submissions) {
        const std::optional<Generation> generation = m_context.service.getGenerationStatus(submission.id);
        QJsonObject json = ReportFormatter::toJson(*generation);
        json.insert(QStringLiteral("position"), submission.position);
        array.append(json);
        names.append(QString::number(submission.id));
        reserved += generation->tokensReserved;
    }
    if (m_context.commandLine.isSet(QStringLiteral("json"))) {
        m_context.printJson(array);
        return Ok;
    }
    m_context.out << QStringLiteral("Queued %1 more like generation %2: %3 (%4 %5); %6 reserved, balance %7.")
                         .arg(ids.size())
                         .arg(id)
                         .arg(names.join(QStringLiteral(", ")),
                              ids.size() == 1 ? QStringLiteral("position") : QStringLiteral("positions"),
                              ids.size() == 1 ? QString::number(batch.submissions.constFirst().position)
                                              : QStringLiteral("%1 to %2")
                                                    .arg(batch.submissions.constFirst().position)
                                                    .arg(batch.submissions.constLast().position),
                              ReportFormatter::tokens(reserved))
                         .arg(m_context.service.profile(*profileId)->balance)
                  << '\n'
                  << kRunHint << Qt::endl;
    return Ok;
}

std::optional<int> CliCommands::runQueue()
{
    if (const QStringList arguments = m_context.commandLine.arguments(); !arguments.isEmpty())
        return m_context.fail(QStringLiteral("'run' takes no arguments (only --follow), not '%1'.")
                                  .arg(arguments.join(QLatin1Char(' '))));
    if (m_context.commandLine.isSet(QStringLiteral("follow"))) {
        m_worker = new QueueWorker(m_context, this);
        m_worker->start();
        return std::nullopt;
    }
    ImageGenerationService &service = m_context.service;
    service.loadQueue();
    if (service.isQueuePaused())
        return m_context.fail(kPausedHint, Unsuccessful);
    QList<qint64> ids;
    int held = 0;
    for (const Generation &generation : service.activeGenerations()) {
        if (generation.held)
            ++held; // it would never end here
        else
            ids.append(generation.id);
    }
    if (held > 0)
        m_context.err << QStringLiteral("%1 paused generations stay in the queue until resumed "
                                        "('atelier-cli queue resume ID').")
                             .arg(held)
                      << Qt::endl;
    if (ids.isEmpty()) {
        m_context.out << "The queue is empty." << Qt::endl;
        return Ok;
    }
    const std::optional<int> code = waitFor(ids);
    if (code)
        return code;
    // Jobs that other processes queue meanwhile are run here too, and waited for.
    connect(&service, &ImageGenerationService::generationStarted, m_waiter, &GenerationWaiter::watch);
    // Paused meanwhile (here or elsewhere): what runs here finishes, then nothing more would.
    m_stopWhenPaused = connect(&service, &ImageGenerationService::queueStatusChanged, this,
                               [this](const QueueStatus &status) {
                                   if (!status.paused || status.processing > 0 || !m_waiter)
                                       return;
                                   m_waiter->disconnect(this);
                                   disconnect(m_stopWhenPaused);
                                   m_context.service.shutdown();
                                   m_progress->clear();
                                   m_context.err << "atelier-cli: " << kPausedHint << Qt::endl;
                                   Q_EMIT finished(Unsuccessful);
                               });
    return std::nullopt;
}

std::optional<int> CliCommands::follow(bool oneGeneration)
{
    qint64 id = 0;
    if (oneGeneration && !m_context.parseId(&id))
        return BadInput;
    // Watching before the state is read: a change made meanwhile is told twice rather than missed.
    auto *follower = new QueueFollower(m_context, id, this);
    follower->start();
    const int shown = oneGeneration ? ReportCommands(m_context).status() : ReportCommands(m_context).queue();
    const std::optional<Generation> generation =
        oneGeneration ? m_context.service.getGenerationStatus(id) : std::nullopt;
    if (shown != Ok || (generation && isTerminal(generation->status))) {
        delete follower;
        return shown != Ok ? shown : generation->status == GenerationStatus::Completed ? Ok : Unsuccessful;
    }
    m_follower = follower;
    connect(m_follower, &QueueFollower::finished, this, &CliCommands::finished);
    return std::nullopt;
}

std::optional<int> CliCommands::waitFor(const QList<qint64> &ids)
{
    const bool json = m_context.commandLine.isSet(QStringLiteral("json"));
    m_waiter = new GenerationWaiter(m_context.service, *m_progress, json, this);
    connect(m_waiter, &GenerationWaiter::ended, this, &CliCommands::onWaitEnded);
    for (const qint64 id : ids)
        m_waiter->watch(id);
    if (m_waiter->allEnded()) {
        onWaitEnded();
        return m_waiter->unsuccessfulCount() > 0 ? Unsuccessful : Ok;
    }
    m_context.service.start();
    return std::nullopt;
}

void CliCommands::onWaitEnded()
{
    const QList<Generation> results = m_waiter->results();
    if (m_context.commandLine.isSet(QStringLiteral("json"))) {
        if (results.size() == 1) {
            m_context.printJson(ReportFormatter::toJson(results.first()));
        } else {
            QJsonArray items;
            for (const Generation &generation : results)
                items.append(ReportFormatter::toJson(generation));
            m_context.printJson(items);
        }
    } else if (results.size() > 1) {
        m_context.out << QStringLiteral("%1 of %2 generations completed.")
                             .arg(results.size() - m_waiter->unsuccessfulCount())
                             .arg(results.size())
                      << Qt::endl;
    }
    // Jobs of others that this process started go back to the queue rather than being cut off.
    m_context.service.shutdown();
    Q_EMIT finished(m_waiter->unsuccessfulCount() > 0 ? Unsuccessful : Ok);
}

} // namespace atelier::cli
