#include "reportcommands.h"

#include "analyticscommand.h"
#include "commandline.h"
#include "curationcommands.h"
#include "domain/tagname.h"
#include "engine/imagegenerationservice.h"
#include "reportformatter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <tuple>

namespace atelier::cli {

namespace {

// A date given on the command line (YYYY-MM-DD) as the start of that local day.
std::optional<QDateTime> parseDay(const QString &text)
{
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return std::nullopt;
    return date.startOfDay();
}

} // namespace

int ReportCommands::status()
{
    qint64 id = 0;
    if (!m_context.parseId(&id))
        return BadInput;
    m_context.service.loadQueue();
    const std::optional<Generation> generation = m_context.service.getGenerationStatus(id);
    if (!generation)
        return m_context.fail(QStringLiteral("there is no generation %1.").arg(id));
    const int position = m_context.service.queuePosition(id);
    const GenerationFamily family = m_context.service.generationFamily(id, generation->request.profileId);
    if (m_context.commandLine.isSet(QStringLiteral("json"))) {
        QJsonObject json = ReportFormatter::toJson(*generation);
        json.insert(QStringLiteral("position"), position);
        json.insert(QStringLiteral("family"), ReportFormatter::toJson(family));
        m_context.printJson(json);
        return Ok;
    }
    const ModelSpec *spec = m_context.service.catalog().model(generation->request.model);
    m_context.out << ReportFormatter::details(*generation, spec ? spec->label : generation->request.model)
                  << '\n';
    if (!generation->marks.boardIds.isEmpty()) {
        QStringList names;
        for (const Board &board : m_context.service.boards(generation->request.profileId)) {
            if (generation->marks.boardIds.contains(board.id))
                names.append(board.name);
        }
        m_context.out << QStringLiteral("  Boards:     %1").arg(names.join(QStringLiteral(", "))) << '\n';
    }
    m_context.out << ReportFormatter::family(family);
    if (position > 0)
        m_context.out << QStringLiteral("  Queue:      position %1").arg(position) << '\n';
    m_context.out << Qt::flush;
    return Ok;
}

bool ReportCommands::readFilters(qint64 profileId, HistoryQuery *query)
{
    const QString statuses = m_context.commandLine.value(QStringLiteral("status"));
    for (const QString &name : statuses.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const std::optional<GenerationStatus> status = statusFromName(name.trimmed().toLower());
        if (!status) {
            m_context.fail(
                QStringLiteral(
                    "unknown status '%1'; use pending, processing, completed, failed or cancelled.")
                    .arg(name));
            return false;
        }
        query->statuses.append(*status);
    }
    query->model = m_context.commandLine.value(QStringLiteral("model"));
    query->text = m_context.commandLine.value(QStringLiteral("search"));
    // --from names the first day included, --to the last; the query's upper bound is exclusive.
    for (const auto &[option, bound, daysLater] : {std::tuple{QStringLiteral("from"), &query->from, 0},
                                                   std::tuple{QStringLiteral("to"), &query->to, 1}}) {
        if (!m_context.commandLine.isSet(option))
            continue;
        const std::optional<QDateTime> day = parseDay(m_context.commandLine.value(option));
        if (!day) {
            m_context.fail(QStringLiteral("--%1 takes a date as YYYY-MM-DD, not '%2'.")
                               .arg(option, m_context.commandLine.value(option)));
            return false;
        }
        *bound = day->addDays(daysLater);
    }
    query->newestFirst = !m_context.commandLine.isSet(QStringLiteral("oldest-first"));
    return readMarkFilters(profileId, query);
}

bool ReportCommands::readMarkFilters(qint64 profileId, HistoryQuery *query)
{
    const CommandLine &line = m_context.commandLine;
    query->favoritesOnly = line.isSet(QStringLiteral("favorite"));
    if (line.isSet(QStringLiteral("rating"))) {
        bool ok = false;
        query->minRating = line.value(QStringLiteral("rating")).toInt(&ok);
        if (!ok || query->minRating < 1 || query->minRating > GenerationMarks::kMaxRating) {
            m_context.fail(QStringLiteral("--rating takes the fewest stars to show, 1 to 5, not '%1'.")
                               .arg(line.value(QStringLiteral("rating"))));
            return false;
        }
    }
    if (line.isSet(QStringLiteral("tag"))) {
        QString why;
        const std::optional<QString> tag = TagName::normalized(line.value(QStringLiteral("tag")), &why);
        if (!tag) {
            m_context.fail(QStringLiteral("--tag: %1").arg(why));
            return false;
        }
        query->tag = *tag;
    }
    if (line.isSet(QStringLiteral("board"))) {
        const std::optional<Board> board =
            CurationCommands(m_context).boardNamed(profileId, line.value(QStringLiteral("board")));
        if (!board)
            return false;
        query->boardId = board->id;
    }
    return true;
}

int ReportCommands::history()
{
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    HistoryQuery query;
    const auto count = [this](const char *name, int fallback, int *value) {
        const QString option = QString::fromLatin1(name);
        if (!m_context.commandLine.isSet(option)) {
            *value = fallback;
            return true;
        }
        bool ok = false;
        *value = m_context.commandLine.value(option).toInt(&ok);
        if (!ok || *value < 0 || (option == QLatin1String("limit") && *value == 0)) {
            m_context.fail(QStringLiteral("--%1 takes a positive number, not '%2'.")
                               .arg(option, m_context.commandLine.value(option)));
            return false;
        }
        return true;
    };
    if (!count("limit", 50, &query.limit) || !count("offset", 0, &query.offset) ||
        !readFilters(profile->id, &query))
        return BadInput;

    const QList<Generation> page = m_context.service.getUserGenerationHistory(profile->id, query);
    const int total = m_context.service.countUserGenerationHistory(profile->id, query);
    if (m_context.commandLine.isSet(QStringLiteral("json"))) {
        QJsonArray items;
        for (const Generation &generation : page)
            items.append(ReportFormatter::toJson(generation));
        m_context.printJson(QJsonObject{{QStringLiteral("total"), total},
                                        {QStringLiteral("offset"), query.offset},
                                        {QStringLiteral("items"), items}});
        return Ok;
    }
    if (page.isEmpty()) {
        m_context.out << (total == 0 ? QStringLiteral("No generations match.")
                                     : QStringLiteral("No generations on this page."))
                      << Qt::endl;
        return Ok;
    }
    for (const Generation &generation : page)
        m_context.out << ReportFormatter::historyLine(generation) << '\n';
    m_context.out << QStringLiteral("Showing %1-%2 of %3.")
                         .arg(query.offset + 1)
                         .arg(query.offset + page.size())
                         .arg(total)
                  << Qt::endl;
    return Ok;
}

int ReportCommands::stats()
{
    if (m_context.commandLine.isSet(QStringLiteral("by")))
        return AnalyticsCommand(m_context).run();
    for (const QString &option :
         {QStringLiteral("since"), QStringLiteral("until"), QStringLiteral("format")}) {
        if (m_context.commandLine.isSet(option))
            return m_context.fail(QStringLiteral("--%1 needs --by model or --by day.").arg(option));
    }
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    m_context.service.loadQueue();
    const UserStats stats = m_context.service.getUserStats(profile->id);
    const QueueStatus queue = m_context.service.getQueueStatus();
    if (m_context.commandLine.isSet(QStringLiteral("json"))) {
        QJsonObject json = ReportFormatter::toJson(stats);
        json.insert(QStringLiteral("queue"), ReportFormatter::toJson(queue));
        m_context.printJson(json);
        return Ok;
    }
    m_context.out << ReportFormatter::stats(stats, profile->name) << '\n'
                  << ReportFormatter::queue(queue) << Qt::endl;
    return Ok;
}

int ReportCommands::queue()
{
    m_context.service.loadQueue();
    const QList<Generation> active = m_context.service.activeGenerations();
    const QueueStatus status = m_context.service.getQueueStatus();
    if (m_context.commandLine.isSet(QStringLiteral("json"))) {
        QJsonArray items;
        for (const Generation &generation : active) {
            QJsonObject json = ReportFormatter::toJson(generation);
            json.insert(QStringLiteral("position"), m_context.service.queuePosition(generation.id));
            items.append(json);
        }
        QJsonObject json = ReportFormatter::toJson(status);
        json.insert(QStringLiteral("items"), items);
        m_context.printJson(json);
        return Ok;
    }
    const auto held = std::count_if(active.cbegin(), active.cend(),
                                    [](const Generation &generation) { return generation.held; });
    m_context.out << ReportFormatter::queue(status)
                  << (held > 0 ? QStringLiteral("; %1 paused by hand").arg(held) : QString()) << '\n';
    for (const Generation &generation : active) {
        const int position = m_context.service.queuePosition(generation.id);
        QStringList notes;
        if (position > 0)
            notes << QStringLiteral("position %1").arg(position);
        if (generation.held)
            notes << QStringLiteral("paused");
        if (generation.priority != Priority::Normal)
            notes << QStringLiteral("%1 priority").arg(priorityName(generation.priority));
        m_context.out << ReportFormatter::historyLine(generation)
                      << (notes.isEmpty() ? QString()
                                          : QStringLiteral("  (%1)").arg(notes.join(QStringLiteral(", "))))
                      << '\n';
    }
    m_context.out << Qt::flush;
    return Ok;
}

} // namespace atelier::cli
