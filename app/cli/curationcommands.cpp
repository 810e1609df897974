#include "curationcommands.h"

#include "commandline.h"
#include "engine/imagegenerationservice.h"
#include "reportformatter.h"

#include <QJsonArray>
#include <QJsonObject>

namespace atelier::cli {

namespace {

QJsonObject toJson(const Board &board)
{
    return {{QStringLiteral("id"), board.id},
            {QStringLiteral("name"), board.name},
            {QStringLiteral("count"), board.count},
            {QStringLiteral("createdAt"), board.createdAt.toUTC().toString(Qt::ISODateWithMs)}};
}

QString results(int count)
{
    return count == 1 ? QStringLiteral("1 result") : QStringLiteral("%1 results").arg(count);
}

} // namespace

int CurationCommands::rate()
{
    QStringList arguments = m_context.commandLine.arguments();
    bool ok = false;
    const int rating = arguments.isEmpty() ? -1 : arguments.takeFirst().toInt(&ok);
    if (!ok || rating < 0 || rating > GenerationMarks::kMaxRating || arguments.isEmpty())
        return m_context.fail(QStringLiteral("'rate' takes a rating from 0 (none) to 5 and generation ids, "
                                             "e.g. atelier-cli rate 4 12 14."));
    QList<qint64> ids;
    qint64 profileId = 0;
    if (!targetsOf(arguments, &ids, &profileId))
        return BadInput;
    if (const GenerationError error = m_context.service.setRating(ids, profileId, rating); error.isError())
        return m_context.fail(error);
    return report(
        ids,
        rating == 0
            ? QStringLiteral("Cleared the rating of %1.").arg(results(int(ids.size())))
            : QStringLiteral("Rated %1 %2.").arg(results(int(ids.size())), QString(rating, QChar(0x2605))));
}

int CurationCommands::favorite(bool favorite)
{
    QList<qint64> ids;
    qint64 profileId = 0;
    if (m_context.commandLine.arguments().isEmpty())
        return m_context.fail(QStringLiteral("'%1' takes generation ids, e.g. atelier-cli %1 12 14.")
                                  .arg(m_context.commandLine.command()));
    if (!targetsOf(m_context.commandLine.arguments(), &ids, &profileId))
        return BadInput;
    if (const GenerationError error = m_context.service.setFavorite(ids, profileId, favorite);
        error.isError())
        return m_context.fail(error);
    const QString count = results(int(ids.size()));
    return report(ids, favorite ? QStringLiteral("Marked %1 as favourite.").arg(count)
                                : QStringLiteral("%1 no longer favourite.").arg(count));
}

int CurationCommands::tag()
{
    const CommandLine &line = m_context.commandLine;
    const QStringList add = line.values(QStringLiteral("add"));
    const QStringList remove = line.values(QStringLiteral("remove"));
    if (line.arguments().isEmpty() || (add.isEmpty() && remove.isEmpty()))
        return m_context.fail(
            QStringLiteral("'tag' takes generation ids and --add TAGS or --remove TAGS "
                           "(comma-separated), e.g. atelier-cli tag 12 --add \"client x\"."));
    QList<qint64> ids;
    qint64 profileId = 0;
    if (!targetsOf(line.arguments(), &ids, &profileId))
        return BadInput;
    if (const GenerationError error = m_context.service.changeTags(ids, profileId, add, remove);
        error.isError())
        return m_context.fail(error);
    return report(ids, QStringLiteral("Changed the tags of %1.").arg(results(int(ids.size()))));
}

int CurationCommands::tags()
{
    if (!m_context.commandLine.arguments().isEmpty())
        return m_context.fail(QStringLiteral("'tags' takes no arguments."));
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    const QList<TagCount> tags = m_context.service.tags(profile->id);
    if (m_context.wantsJson()) {
        QJsonArray items;
        for (const TagCount &tag : tags)
            items.append(QJsonObject{{QStringLiteral("tag"), tag.tag}, {QStringLiteral("count"), tag.count}});
        m_context.printJson(items);
        return Ok;
    }
    if (tags.isEmpty())
        m_context.out << "No tags yet: atelier-cli tag ID --add TAGS adds some." << '\n';
    for (const TagCount &tag : tags)
        m_context.out << QStringLiteral("%1  %2").arg(tag.count, 6).arg(tag.tag) << '\n';
    m_context.out << Qt::flush;
    return Ok;
}

int CurationCommands::boards()
{
    QStringList arguments = m_context.commandLine.arguments();
    const QString action = arguments.isEmpty() ? QStringLiteral("list") : arguments.takeFirst();
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    if (action == QLatin1String("list") && arguments.isEmpty())
        return listBoards(profile->id);
    return changeBoard(action, arguments, profile->id);
}

int CurationCommands::listBoards(qint64 profileId)
{
    const QList<Board> boards = m_context.service.boards(profileId);
    if (m_context.wantsJson()) {
        QJsonArray items;
        for (const Board &board : boards)
            items.append(toJson(board));
        m_context.printJson(items);
        return Ok;
    }
    if (boards.isEmpty())
        m_context.out << "No boards yet: atelier-cli boards create NAME makes one." << '\n';
    for (const Board &board : boards)
        m_context.out << QStringLiteral("%1  %2").arg(board.count, 6).arg(board.name) << '\n';
    m_context.out << Qt::flush;
    return Ok;
}

int CurationCommands::changeBoard(const QString &action, QStringList arguments, qint64 profileId)
{
    ImageGenerationService &service = m_context.service;
    if (action == QLatin1String("create") && arguments.size() == 1) {
        GenerationError error;
        const std::optional<Board> board = service.createBoard(profileId, arguments.first(), &error);
        if (!board)
            return m_context.fail(error);
        if (m_context.wantsJson())
            m_context.printJson(toJson(*board));
        else
            m_context.out << QStringLiteral("Created board \"%1\".").arg(board->name) << Qt::endl;
        return Ok;
    }
    const bool known =
        (action == QLatin1String("rename") && arguments.size() == 2) ||
        (action == QLatin1String("delete") && arguments.size() == 1) ||
        ((action == QLatin1String("add") || action == QLatin1String("remove")) && arguments.size() >= 2);
    if (!known)
        return m_context.fail(QStringLiteral("use boards [list], boards create NAME, boards rename NAME NEW, "
                                             "boards delete NAME, boards add NAME ID... or boards remove "
                                             "NAME ID..."));
    const std::optional<Board> board = boardNamed(profileId, arguments.takeFirst());
    if (!board)
        return BadInput;
    if (action == QLatin1String("rename")) {
        if (const GenerationError error = service.renameBoard(board->id, profileId, arguments.first());
            error.isError())
            return m_context.fail(error);
        if (m_context.wantsJson()) {
            const std::optional<Board> renamed = boardNamed(profileId, arguments.first());
            m_context.printJson(renamed ? toJson(*renamed) : QJsonObject{});
            return Ok;
        }
        m_context.out << QStringLiteral("Renamed board \"%1\" to \"%2\".")
                             .arg(board->name, arguments.first().simplified())
                      << Qt::endl;
        return Ok;
    }
    if (action == QLatin1String("delete")) {
        if (const GenerationError error = service.deleteBoard(board->id, profileId); error.isError())
            return m_context.fail(error);
        if (m_context.wantsJson()) {
            QJsonObject json = toJson(*board);
            json.insert(QStringLiteral("deleted"), true);
            m_context.printJson(json);
            return Ok;
        }
        m_context.out << (board->count == 1
                              ? QStringLiteral("Deleted board \"%1\"; its result stays in the history.")
                                    .arg(board->name)
                              : QStringLiteral("Deleted board \"%1\"; its %2 results stay in the history.")
                                    .arg(board->name)
                                    .arg(board->count))
                      << Qt::endl;
        return Ok;
    }
    QList<qint64> ids;
    if (!m_context.parseIds(arguments, &ids))
        return BadInput;
    const bool add = action == QLatin1String("add");
    const GenerationError error = add ? service.addToBoard(board->id, ids, profileId)
                                      : service.removeFromBoard(board->id, ids, profileId);
    if (error.isError())
        return m_context.fail(error);
    const QString count = results(int(ids.size()));
    return report(ids, add ? QStringLiteral("Added %1 to \"%2\".").arg(count, board->name)
                           : QStringLiteral("Took %1 off \"%2\".").arg(count, board->name));
}

std::optional<Board> CurationCommands::boardNamed(qint64 profileId, const QString &name)
{
    const QString wanted = name.simplified();
    for (const Board &board : m_context.service.boards(profileId)) {
        if (board.name.compare(wanted, Qt::CaseInsensitive) == 0)
            return board;
    }
    m_context.fail(
        QStringLiteral("there is no board named \"%1\"; atelier-cli boards lists them.").arg(name));
    return std::nullopt;
}

bool CurationCommands::targetsOf(const QStringList &arguments, QList<qint64> *ids, qint64 *profileId)
{
    if (!m_context.parseIds(arguments, ids))
        return false;
    const std::optional<qint64> acting = m_context.actingProfile(ids->first());
    if (!acting)
        return false;
    *profileId = *acting;
    return true;
}

int CurationCommands::report(const QList<qint64> &ids, const QString &done)
{
    if (m_context.wantsJson()) {
        QJsonArray items;
        for (const qint64 id : ids) {
            if (const std::optional<Generation> generation = m_context.service.getGenerationStatus(id))
                items.append(ReportFormatter::toJson(*generation));
        }
        m_context.printJson(QJsonObject{{QStringLiteral("items"), items}});
        return Ok;
    }
    m_context.out << done << Qt::endl;
    return Ok;
}

} // namespace atelier::cli
