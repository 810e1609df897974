#include "trashcommands.h"

#include "commandline.h"
#include "engine/imagegenerationservice.h"
#include "reportformatter.h"

#include <QJsonArray>
#include <QJsonObject>

namespace atelier::cli {

namespace {

QString results(qsizetype count)
{
    return count == 1 ? QStringLiteral("1 result") : QStringLiteral("%1 results").arg(count);
}

QString idList(const QList<qint64> &ids)
{
    QStringList words;
    for (const qint64 id : ids)
        words.append(QString::number(id));
    return words.join(QLatin1Char(' '));
}

const QString kUsage =
    QStringLiteral("'trash' takes list, restore ID... or empty [ID...] [--cloud] [--yes].");

} // namespace

int TrashCommands::deleteCommand()
{
    const QStringList arguments = m_context.commandLine.arguments();
    if (arguments.isEmpty())
        return m_context.fail(
            QStringLiteral("'delete' takes generation ids, e.g. atelier-cli delete 12 14."));
    QList<qint64> ids;
    if (!m_context.parseIds(arguments, &ids))
        return BadInput;
    const std::optional<qint64> profileId = m_context.actingProfile(ids.first());
    if (!profileId)
        return BadInput;
    if (!m_context.commandLine.isSet(QStringLiteral("forever"))) {
        if (const GenerationError error = m_context.service.trashGenerations(ids, *profileId);
            error.isError())
            return m_context.fail(error);
        return report(QStringLiteral("trashed"), ids,
                      QStringLiteral("Moved %1 to the trash; atelier-cli trash restore %2 brings %3 back.")
                          .arg(results(ids.size()), idList(ids),
                               ids.size() == 1 ? QStringLiteral("it") : QStringLiteral("them")));
    }
    // Checked as a whole first, so that a bad id leaves every one of them in place.
    for (const qint64 id : ids) {
        const std::optional<Generation> generation = m_context.service.getGenerationStatus(id);
        if (!generation || generation->request.profileId != *profileId)
            return m_context.fail(
                QStringLiteral("there is no generation %1 of this profile (one in the trash "
                               "goes with atelier-cli trash empty %1).")
                    .arg(id));
        if (!isTerminal(generation->status))
            return m_context.fail(
                QStringLiteral("generation %1 has not ended yet; cancel it first.").arg(id));
    }
    int code = Ok;
    if (!m_context.agrees(
            QStringLiteral("Delete %1 for good, files and thumbnails?").arg(results(ids.size())), &code))
        return code;
    QList<qint64> erased;
    for (const qint64 id : ids) {
        if (const GenerationError error = m_context.service.deleteGeneration(id, *profileId);
            error.isError()) {
            if (!erased.isEmpty())
                m_context.err << QStringLiteral("Deleted %1 for good before the database refused:")
                                     .arg(results(erased.size()))
                              << Qt::endl;
            return m_context.fail(error);
        }
        erased.append(id);
    }
    return report(QStringLiteral("deleted"), ids,
                  QStringLiteral("Deleted %1 for good.").arg(results(ids.size())));
}

int TrashCommands::trash()
{
    QStringList arguments = m_context.commandLine.arguments();
    const QString action = arguments.isEmpty() ? QStringLiteral("list") : arguments.takeFirst();
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    if (action == QLatin1String("list") && arguments.isEmpty())
        return list(profile->id);
    if (action == QLatin1String("restore"))
        return restore(arguments, profile->id);
    if (action == QLatin1String("empty"))
        return empty(arguments, profile->id);
    return m_context.fail(kUsage);
}

int TrashCommands::list(qint64 profileId)
{
    const QList<Generation> trash = m_context.service.trashedGenerations(profileId);
    if (m_context.wantsJson()) {
        QJsonArray items;
        for (const Generation &generation : trash)
            items.append(ReportFormatter::toJson(generation));
        m_context.printJson(QJsonObject{{QStringLiteral("items"), items}});
        return Ok;
    }
    if (trash.isEmpty())
        m_context.out << "The trash is empty." << '\n';
    for (const Generation &generation : trash)
        m_context.out << ReportFormatter::historyLine(generation) << "  (deleted "
                      << generation.trashedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                      << ")\n";
    m_context.out << Qt::flush;
    return Ok;
}

int TrashCommands::restore(const QStringList &arguments, qint64 profileId)
{
    QList<qint64> ids;
    if (arguments.isEmpty())
        return m_context.fail(QStringLiteral("'trash restore' takes generation ids, e.g. atelier-cli trash "
                                             "restore 12 14."));
    if (!m_context.parseIds(arguments, &ids))
        return BadInput;
    if (const GenerationError error = m_context.service.restoreGenerations(ids, profileId); error.isError())
        return m_context.fail(error);
    return report(QStringLiteral("restored"), ids,
                  QStringLiteral("Restored %1 to the history.").arg(results(ids.size())));
}

int TrashCommands::empty(const QStringList &arguments, qint64 profileId)
{
    QList<qint64> ids;
    if (!arguments.isEmpty() && !m_context.parseIds(arguments, &ids))
        return BadInput;
    const QList<Generation> trash = m_context.service.trashedGenerations(profileId);
    for (const qint64 id : std::as_const(ids)) {
        if (std::none_of(trash.cbegin(), trash.cend(), [id](const Generation &g) { return g.id == id; }))
            return m_context.fail(
                QStringLiteral("generation %1 is not in the trash of this profile.").arg(id));
    }
    const qsizetype count = ids.isEmpty() ? trash.size() : ids.size();
    const bool cloud = m_context.commandLine.isSet(QStringLiteral("cloud"));
    const QString question =
        QStringLiteral("Delete %1 in the trash for good, files and thumbnails%2?")
            .arg(results(count), cloud ? QStringLiteral(" and cloud copies") : QString());
    int code = Ok;
    if (count > 0 && !m_context.agrees(question, &code))
        return code;
    GenerationError error;
    const int erased = m_context.service.eraseFromTrash(profileId, ids, cloud, &error);
    if (error.isError()) {
        if (erased > 0)
            m_context.err << QStringLiteral("Deleted %1 before the database refused:").arg(results(erased))
                          << Qt::endl;
        return m_context.fail(error);
    }
    if (m_context.wantsJson()) {
        m_context.printJson(QJsonObject{{QStringLiteral("erased"), erased}});
        return Ok;
    }
    m_context.out << (erased == 0 ? QStringLiteral("The trash is empty.")
                                  : QStringLiteral("Deleted %1 for good.").arg(results(erased)));
    // This process ends before the cloud answers; whatever starts next (the window, run) finishes the job.
    if (erased > 0 && cloud && m_context.service.canUpload())
        m_context.out
            << " Their Cloudinary copies are destroyed the next time the window opens or atelier-cli "
               "runs a job.";
    m_context.out << Qt::endl;
    return Ok;
}

int TrashCommands::report(const QString &key, const QList<qint64> &ids, const QString &done)
{
    if (m_context.wantsJson()) {
        QJsonArray items;
        for (const qint64 id : ids)
            items.append(id);
        m_context.printJson(QJsonObject{{key, items}});
        return Ok;
    }
    m_context.out << done << Qt::endl;
    return Ok;
}

} // namespace atelier::cli
