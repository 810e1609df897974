#include "transfercommands.h"

#include "commandline.h"
#include "engine/imagegenerationservice.h"
#include "reportcommands.h"
#include "terminalprogress.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace atelier::cli {

namespace {

const QStringList kHistoryOptions{
    QStringLiteral("format"),       QStringLiteral("status"),   QStringLiteral("model"),
    QStringLiteral("search"),       QStringLiteral("from"),     QStringLiteral("to"),
    QStringLiteral("oldest-first"), QStringLiteral("favorite"), QStringLiteral("rating"),
    QStringLiteral("tag"),          QStringLiteral("board")};
const QStringList kImageOptions{QStringLiteral("embed-parameters"), QStringLiteral("no-sidecars")};

QString plural(qsizetype count, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(count).arg(QString::fromLatin1(count == 1 ? one : many));
}

QJsonObject toJson(const ExportReport &report)
{
    QJsonArray files;
    for (const ExportReport::File &file : report.files)
        files.append(QJsonObject{{QStringLiteral("generationId"), file.generationId},
                                 {QStringLiteral("source"), file.source},
                                 {QStringLiteral("path"), file.written},
                                 {QStringLiteral("sidecar"), file.sidecar},
                                 {QStringLiteral("parametersEmbedded"), file.parametersEmbedded},
                                 {QStringLiteral("contentCredentials"), file.contentCredentials}});
    return {{QStringLiteral("target"), report.target},
            {QStringLiteral("files"), files},
            {QStringLiteral("notes"), QJsonArray::fromStringList(report.notes)}};
}

} // namespace

TransferCommands::TransferCommands(CommandContext &context, QObject *parent)
    : QObject(parent), m_context(context)
{
    if (context.progress.isInteractive())
        m_status = std::make_unique<TerminalProgress>(context.err, true);
}

TransferCommands::~TransferCommands() = default;

std::optional<int> TransferCommands::exportCommand()
{
    if (m_context.commandLine.value(QStringLiteral("output")).isEmpty())
        return m_context.fail(QStringLiteral("'export' needs --output: a folder or a .zip file for images, a "
                                             ".csv or .json file with --history."));
    return m_context.commandLine.isSet(QStringLiteral("history")) ? exportHistory() : exportGenerations();
}

bool TransferCommands::refuseOptions(const QStringList &names, const QString &why)
{
    for (const QString &name : names) {
        if (m_context.commandLine.isSet(name)) {
            m_context.fail(QStringLiteral("--%1 %2").arg(name, why));
            return true;
        }
    }
    return false;
}

std::optional<int> TransferCommands::exportGenerations()
{
    if (refuseOptions(kHistoryOptions, QStringLiteral("goes with --history; an export of images takes "
                                                      "--embed-parameters, --no-sidecars and --overwrite.")))
        return BadInput;
    QList<qint64> ids;
    if (!m_context.parseIds(m_context.commandLine.arguments(), &ids))
        return BadInput;
    if (ids.isEmpty())
        return m_context.fail(QStringLiteral("'export' needs generation ids, e.g. atelier-cli export 12 14 "
                                             "--output picked.zip, or --history."));
    // Without --profile it acts as the first generation's owner, as cancel and retry do.
    qint64 profileId = 0;
    if (m_context.commandLine.isSet(QStringLiteral("profile"))) {
        const std::optional<Profile> profile = m_context.resolveProfile();
        if (!profile)
            return BadInput;
        profileId = profile->id;
    } else if (const std::optional<Generation> first = m_context.service.getGenerationStatus(ids.first())) {
        profileId = first->request.profileId;
    } else {
        return m_context.fail(QStringLiteral("there is no generation %1.").arg(ids.first()));
    }
    ExportOptions options;
    options.target = QFileInfo(m_context.commandLine.value(QStringLiteral("output"))).absoluteFilePath();
    options.destination = options.target.endsWith(QLatin1String(".zip"), Qt::CaseInsensitive)
                              ? ExportOptions::Destination::Zip
                              : ExportOptions::Destination::Folder;
    options.embedParameters = m_context.commandLine.isSet(QStringLiteral("embed-parameters"));
    options.sidecars = !m_context.commandLine.isSet(QStringLiteral("no-sidecars"));
    options.overwrite = m_context.commandLine.isSet(QStringLiteral("overwrite"));
    options.stop = m_stop;
    return follow(m_context.service.exportGenerations(ids, profileId, options), QStringLiteral("Exporting"));
}

std::optional<int> TransferCommands::exportHistory()
{
    if (refuseOptions(kImageOptions, QStringLiteral("goes with an export of images, not with --history.")))
        return BadInput;
    if (!m_context.commandLine.arguments().isEmpty())
        return m_context.fail(QStringLiteral(
            "'export --history' takes no generation ids; choose the rows "
            "with --status, --model, --search, --from, --to, --favorite, --rating, --tag and --board."));
    const QString target =
        QFileInfo(m_context.commandLine.value(QStringLiteral("output"))).absoluteFilePath();
    const bool named = m_context.commandLine.isSet(QStringLiteral("format"));
    const QString format = named ? m_context.commandLine.value(QStringLiteral("format")).toLower()
                                 : QFileInfo(target).suffix().toLower();
    if (format != QLatin1String("csv") && format != QLatin1String("json"))
        return m_context.fail(
            named ? QStringLiteral("--format takes csv or json, not '%1'.")
                        .arg(m_context.commandLine.value(QStringLiteral("format")))
                  : QStringLiteral("name the format with --format csv or --format json: %1 ends in neither "
                                   ".csv nor .json.")
                        .arg(QFileInfo(target).fileName()));
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    HistoryQuery query;
    if (!ReportCommands(m_context).readFilters(profile->id, &query))
        return BadInput;
    return follow(m_context.service.exportHistory(
                      profile->id, query,
                      format == QLatin1String("csv") ? HistoryFormat::Csv : HistoryFormat::Json, target,
                      m_context.commandLine.isSet(QStringLiteral("overwrite")), m_stop),
                  QStringLiteral("Exporting the history"));
}

std::optional<int> TransferCommands::follow(const QFuture<ExportReport> &future, const QString &what)
{
    if (future.isFinished())
        return reportExport(future.result());
    if (m_status) {
        connect(&m_watcher, &QFutureWatcherBase::progressValueChanged, this, [this, what](int value) {
            const int maximum = m_watcher.progressMaximum();
            const int percent = maximum > 0 ? value * 100 / maximum : 0;
            m_status->setStatus(QStringLiteral("%1 %2 %3%")
                                    .arg(what, TerminalProgress::bar(percent), QString::number(percent)));
        });
    }
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_watcher.isCanceled() || m_watcher.result().stopped) {
            if (m_status)
                m_status->clear();
            m_context.err << "Interrupted: the export stopped and what it had written was removed."
                          << Qt::endl;
            Q_EMIT finished(Interrupted);
            return;
        }
        Q_EMIT finished(reportExport(m_watcher.result()));
    });
    m_watcher.setFuture(future);
    return std::nullopt;
}

void TransferCommands::interrupt()
{
    m_stop.request();
}

int TransferCommands::reportExport(const ExportReport &report)
{
    if (m_status)
        m_status->clear();
    if (report.error.isError())
        return m_context.fail(report.error);
    const bool history = m_context.commandLine.isSet(QStringLiteral("history"));
    if (m_context.wantsJson()) {
        QJsonObject json = toJson(report);
        if (history) {
            json.remove(QStringLiteral("files"));
            json.insert(QStringLiteral("rows"), report.rows);
        }
        m_context.printJson(json);
        return Ok;
    }
    if (history) {
        m_context.out << QStringLiteral("Exported %1 to %2.")
                             .arg(plural(report.rows, "generation", "generations"), report.target)
                      << Qt::endl;
        return Ok;
    }
    QSet<qint64> generations;
    int embedded = 0;
    for (const ExportReport::File &file : report.files) {
        generations.insert(file.generationId);
        embedded += file.parametersEmbedded ? 1 : 0;
        m_context.out << QStringLiteral("#%1  %2%3")
                             .arg(QString::number(file.generationId), file.written,
                                  file.parametersEmbedded ? QStringLiteral("  (with parameters)") : QString())
                      << '\n';
    }
    const bool sidecars = !report.files.isEmpty() && !report.files.constFirst().sidecar.isEmpty();
    m_context.out << QStringLiteral("Exported %1 of %2 to %3, %4.")
                         .arg(plural(report.files.size(), "image", "images"),
                              plural(generations.size(), "generation", "generations"), report.target,
                              sidecars ? QStringLiteral("each with its sidecar (<image>.json)")
                                       : QStringLiteral("without sidecars"))
                  << '\n';
    if (m_context.commandLine.isSet(QStringLiteral("embed-parameters")))
        m_context.out << QStringLiteral("Parameters embedded in %1.").arg(plural(embedded, "image", "images"))
                      << '\n';
    for (const QString &note : report.notes)
        m_context.out << QStringLiteral("Note: %1").arg(note) << '\n';
    m_context.out << Qt::flush;
    return Ok;
}

int TransferCommands::importCommand()
{
    const QStringList arguments = m_context.commandLine.arguments();
    if (arguments.size() != 1)
        return m_context.fail(QStringLiteral(
            "'import' takes one folder, e.g. atelier-cli import ~/Downloads/renders [--recursive]."));
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    const QString folder = QFileInfo(arguments.first()).absoluteFilePath();
    const ImportReport report = m_context.service.importFolder(
        profile->id, folder, m_context.commandLine.isSet(QStringLiteral("recursive")),
        [this](int done, int total) {
            if (m_status)
                m_status->setStatus(QStringLiteral("Importing %1 %2 of %3")
                                        .arg(TerminalProgress::bar(done * 100 / std::max(total, 1)),
                                             QString::number(done), QString::number(total)));
        });
    if (m_status)
        m_status->clear();
    if (report.error.isError() && report.imported.isEmpty())
        return m_context.fail(report.error);
    return reportImport(report, profile->name);
}

int TransferCommands::reportImport(const ImportReport &report, const QString &profileName)
{
    if (m_context.wantsJson()) {
        QJsonArray imported;
        for (const qint64 id : report.imported)
            imported.append(id);
        QJsonArray skipped;
        for (const ImportReport::Skipped &file : report.skipped)
            skipped.append(
                QJsonObject{{QStringLiteral("file"), file.file}, {QStringLiteral("reason"), file.reason}});
        m_context.printJson(QJsonObject{{QStringLiteral("profile"), profileName},
                                        {QStringLiteral("imported"), imported},
                                        {QStringLiteral("skipped"), skipped}});
    } else {
        for (const ImportReport::Skipped &file : report.skipped)
            m_context.out
                << QStringLiteral("Skipped %1: %2").arg(QFileInfo(file.file).fileName(), file.reason) << '\n';
        QStringList ids;
        for (const qint64 id : report.imported)
            ids.append(QString::number(id));
        if (!ids.isEmpty())
            m_context.out << QStringLiteral("Imported %1 into profile %2 as %3 %4.")
                                 .arg(plural(ids.size(), "image", "images"), profileName,
                                      ids.size() == 1 ? QStringLiteral("generation")
                                                      : QStringLiteral("generations"),
                                      ids.join(QStringLiteral(", ")))
                          << '\n';
        else if (report.skipped.isEmpty())
            m_context.out << "No PNG files were found." << '\n';
        else
            m_context.out << "Nothing was imported." << '\n';
        m_context.out << Qt::flush;
    }
    // What was imported before a failure stays, and is listed above.
    return report.error.isError() ? m_context.fail(report.error) : Ok;
}

} // namespace atelier::cli
