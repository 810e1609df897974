#include "reportformatter.h"

#include <QJsonArray>
#include <QStringList>

namespace atelier::cli {

namespace {

QJsonValue isoOrNull(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QString local(const QDateTime &at)
{
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("-");
}

QString shortened(const QString &text, int length)
{
    QString flat = text.simplified();
    if (flat.size() > length)
        flat = flat.left(length - 1) + QChar(0x2026);
    return flat;
}

} // namespace

QString ReportFormatter::duration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("-");
    if (ms < 10'000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 seconds = (ms + 500) / 1000;
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
}

QString ReportFormatter::tokens(qint64 count)
{
    return count == 1 || count == -1 ? QStringLiteral("%1 token").arg(count)
                                     : QStringLiteral("%1 tokens").arg(count);
}

QString ReportFormatter::details(const Generation &g, const QString &modelLabel)
{
    QStringList lines;
    lines << QStringLiteral("Generation %1: %2").arg(g.id).arg(statusName(g.status));
    lines << QStringLiteral("  Prompt:     %1").arg(g.request.fullPrompt());
    lines << QStringLiteral("  Model:      %1 (%2), %3, quality %4%5")
                 .arg(modelLabel, g.request.model, g.size, g.request.quality,
                      g.request.style.isEmpty() ? QString() : QStringLiteral(", style ") + g.request.style);
    lines << QStringLiteral("  Images:     %1").arg(g.request.imageCount);
    QStringList options;
    for (auto it = g.request.parameters.cbegin(); it != g.request.parameters.cend(); ++it)
        options.append(QStringLiteral("%1=%2").arg(it.key(), it.value().toString()));
    if (!options.isEmpty())
        lines << QStringLiteral("  Options:    %1").arg(options.join(QStringLiteral(", ")));
    if (!isTerminal(g.status))
        lines << QStringLiteral("  Progress:   %1% %2").arg(g.progress).arg(g.step);
    lines << QStringLiteral("  Attempts:   %1 (run %2)").arg(g.attempts).arg(g.run);
    lines << QStringLiteral("  Created:    %1").arg(local(g.createdAt));
    if (g.finishedAt.isValid())
        lines << QStringLiteral("  Finished:   %1 (took %2)")
                     .arg(local(g.finishedAt), duration(g.processingMs()));
    lines
        << QStringLiteral("  Tokens:     %1 reserved, %2 charged").arg(g.tokensReserved).arg(g.tokensCharged);
    if (g.error.isError()) {
        const QString action = suggestedAction(g.error);
        lines << QStringLiteral("  Error:      %1%2")
                     .arg(g.error.message, action.isEmpty() ? QString() : QLatin1Char(' ') + action);
    }
    if (g.marks.favorite || g.marks.rating > 0)
        lines << QStringLiteral("  Marked:     %1").arg(marks(g.marks).trimmed());
    if (!g.marks.tags.isEmpty())
        lines << QStringLiteral("  Tags:       %1").arg(g.marks.tags.join(QStringLiteral(", ")));
    for (const QString &path : g.resultPaths)
        lines << QStringLiteral("  Image:      %1").arg(path);
    if (g.cloud.state != CloudCopy::State::None)
        lines << QStringLiteral("  Cloud:      %1%2")
                     .arg(cloudStateName(g.cloud.state),
                          g.cloud.error.isEmpty() ? QString() : QStringLiteral(": ") + g.cloud.error);
    for (const CloudAsset &asset : g.cloud.assets)
        lines << QStringLiteral("  Cloud URL:  %1").arg(asset.secureUrl);
    return lines.join(QLatin1Char('\n'));
}

QString ReportFormatter::historyLine(const Generation &g)
{
    return QStringLiteral("#%1  %2  %3  %4  %5  %6%7")
        .arg(g.id, 5)
        .arg(statusName(g.status), -10)
        .arg(local(g.createdAt))
        .arg(g.request.model, -16)
        .arg(g.size, -9)
        .arg(marks(g.marks), shortened(g.request.fullPrompt(), 60));
}

QString ReportFormatter::marks(const GenerationMarks &marks)
{
    if (!marks.favorite && marks.rating == 0)
        return {};
    const QString stars = marks.rating > 0 ? QString(marks.rating, QChar(0x2605)) : QString();
    return QStringLiteral("%1%2%3 ").arg(marks.favorite ? QStringLiteral("favourite") : QString(),
                                         marks.favorite && marks.rating > 0 ? QStringLiteral(" ") : QString(),
                                         stars);
}

QString ReportFormatter::stats(const UserStats &s, const QString &profileName)
{
    QStringList lines;
    lines << QStringLiteral("Profile %1: balance %2").arg(profileName, tokens(s.balance));
    lines << QStringLiteral("  Generations:   %1 (%2 completed, %3 failed, %4 cancelled, %5 active)")
                 .arg(s.total)
                 .arg(s.completed)
                 .arg(s.failed)
                 .arg(s.cancelled)
                 .arg(s.active);
    lines << QStringLiteral("  Success rate:  %1%").arg(s.successRate() * 100.0, 0, 'f', 1);
    lines << QStringLiteral("  Average time:  %1").arg(duration(s.averageProcessingMs));
    lines << QStringLiteral("  Tokens used:   %1").arg(s.tokensUsed);
    if (!s.popularModels.isEmpty()) {
        QStringList models;
        for (const auto &[model, count] : s.popularModels)
            models << QStringLiteral("%1 (%2)").arg(model).arg(count);
        lines << QStringLiteral("  Popular:       %1").arg(models.join(QStringLiteral(", ")));
    }
    QStringList days;
    for (const auto &[day, count] : s.perDay) {
        if (count > 0)
            days << QStringLiteral("%1: %2").arg(day.toString(Qt::ISODate)).arg(count);
    }
    if (!days.isEmpty())
        lines << QStringLiteral("  Per day:       %1").arg(days.join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

QString ReportFormatter::queue(const QueueStatus &s)
{
    return QStringLiteral("Queue%5: %1 pending, %2 processing; average wait %3, typical generation %4")
        .arg(s.pending)
        .arg(s.processing)
        .arg(duration(s.averageWaitMs), duration(s.estimatedProcessingMs),
             s.paused ? QStringLiteral(" (paused: nothing starts until 'atelier-cli queue resume')")
                      : QString());
}

QString ReportFormatter::profileLine(const Profile &p)
{
    return QStringLiteral("%1  %2  %3 tokens").arg(p.id, 4).arg(p.name, -24).arg(p.balance, 8);
}

QString ReportFormatter::ledgerLine(const LedgerEntry &e)
{
    return QStringLiteral("%1  %2  %3  %4")
        .arg(local(e.at))
        .arg(ledgerKindName(e.kind), -8)
        .arg(e.amount, 7)
        .arg(e.generationId > 0 ? QStringLiteral("generation %1, run %2").arg(e.generationId).arg(e.run)
                                : e.note);
}

QString ReportFormatter::outcome(const Generation &generation)
{
    switch (generation.status) {
    case GenerationStatus::Completed:
        return QStringLiteral("done in %1: %2")
            .arg(duration(generation.processingMs()), generation.resultPaths.join(QStringLiteral(", ")));
    case GenerationStatus::Cancelled:
        return QStringLiteral("cancelled; %1 refunded.").arg(tokens(generation.tokensReserved));
    default:
        return QStringLiteral("failed: %1 %2")
            .arg(generation.error.message, suggestedAction(generation.error))
            .trimmed();
    }
}

QJsonObject ReportFormatter::toJson(const Generation &g)
{
    QJsonObject json{
        {QStringLiteral("id"), g.id},
        {QStringLiteral("profileId"), g.request.profileId},
        {QStringLiteral("status"), statusName(g.status)},
        {QStringLiteral("progress"), g.progress},
        {QStringLiteral("step"), g.step},
        {QStringLiteral("prompt"), g.request.prompt},
        {QStringLiteral("customPrompt"), g.request.customPrompt},
        {QStringLiteral("model"), g.request.model},
        {QStringLiteral("provider"), g.provider},
        {QStringLiteral("size"), g.size},
        {QStringLiteral("aspectRatio"), g.request.aspectRatio},
        {QStringLiteral("quality"), g.request.quality},
        {QStringLiteral("style"), g.request.style},
        {QStringLiteral("n"), g.request.imageCount},
        {QStringLiteral("productImages"), QJsonArray::fromStringList(g.request.productImages)},
        {QStringLiteral("modelImages"), QJsonArray::fromStringList(g.request.modelImages)},
        {QStringLiteral("run"), g.run},
        {QStringLiteral("attempts"), g.attempts},
        {QStringLiteral("priority"), priorityName(g.priority)},
        {QStringLiteral("paused"), g.held},
        {QStringLiteral("createdAt"), isoOrNull(g.createdAt)},
        {QStringLiteral("startedAt"), isoOrNull(g.startedAt)},
        {QStringLiteral("finishedAt"), isoOrNull(g.finishedAt)},
        {QStringLiteral("processingMs"), g.processingMs()},
        {QStringLiteral("images"), QJsonArray::fromStringList(g.resultPaths)},
        {QStringLiteral("tokensReserved"), g.tokensReserved},
        {QStringLiteral("tokensCharged"), g.tokensCharged},
        {QStringLiteral("favorite"), g.marks.favorite},
        {QStringLiteral("rating"), g.marks.rating},
        {QStringLiteral("tags"), QJsonArray::fromStringList(g.marks.tags)},
        {QStringLiteral("parameters"), QJsonObject::fromVariantMap(g.request.parameters)},
        {QStringLiteral("parentId"), g.parentId > 0 ? QJsonValue(g.parentId) : QJsonValue()},
    };
    QJsonArray boards;
    for (const qint64 board : g.marks.boardIds)
        boards.append(board);
    json.insert(QStringLiteral("boards"), boards);
    if (g.error.isError()) {
        json.insert(QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("category"), categoryName(g.error.category)},
                                {QStringLiteral("message"), g.error.message},
                                {QStringLiteral("httpStatus"), g.error.httpStatus}});
    }
    // The names `upload --json` and the history export use for the same thing.
    QJsonArray secureUrls;
    for (const CloudAsset &asset : g.cloud.assets)
        secureUrls.append(asset.secureUrl);
    json.insert(QStringLiteral("cloud_state"), cloudStateName(g.cloud.state));
    json.insert(QStringLiteral("secure_urls"), secureUrls);
    if (!g.cloud.error.isEmpty())
        json.insert(QStringLiteral("cloud_error"), g.cloud.error);
    if (g.trashedAt.isValid())
        json.insert(QStringLiteral("trashedAt"), g.trashedAt.toUTC().toString(Qt::ISODateWithMs));
    return json;
}

QString ReportFormatter::family(const GenerationFamily &family)
{
    // The newest are listed; how many there are in all when that is more.
    const auto ids = [](const QList<GenerationTile> &tiles, int count) {
        QStringList list;
        for (const GenerationTile &tile : tiles)
            list.append(QString::number(tile.id));
        return count > tiles.size()
                   ? QStringLiteral("… %1 (%2 in all)").arg(list.join(QStringLiteral(", "))).arg(count)
                   : list.join(QStringLiteral(", "));
    };
    QString text;
    if (family.parentId > 0)
        text += QStringLiteral("  Came from:  %1%2\n")
                    .arg(family.parentId)
                    .arg(family.parentState == GenerationFamily::ParentState::InTrash
                             ? QStringLiteral(" (in the trash)")
                         : family.parentState == GenerationFamily::ParentState::Erased
                             ? QStringLiteral(" (deleted)")
                             : QString());
    if (!family.siblings.isEmpty())
        text += QStringLiteral("  Siblings:   %1\n").arg(ids(family.siblings, family.siblingCount));
    if (!family.variations.isEmpty())
        text += QStringLiteral("  Variations: %1\n").arg(ids(family.variations, family.variationCount));
    return text;
}

QJsonObject ReportFormatter::toJson(const GenerationFamily &family)
{
    const auto ids = [](const QList<GenerationTile> &tiles) {
        QJsonArray array;
        for (const GenerationTile &tile : tiles)
            array.append(tile.id);
        return array;
    };
    QString state;
    switch (family.parentState) {
    case GenerationFamily::ParentState::None:
        state = QStringLiteral("none");
        break;
    case GenerationFamily::ParentState::InHistory:
        state = QStringLiteral("history");
        break;
    case GenerationFamily::ParentState::InTrash:
        state = QStringLiteral("trash");
        break;
    case GenerationFamily::ParentState::Erased:
        state = QStringLiteral("erased");
        break;
    }
    return {{QStringLiteral("parentId"), family.parentId > 0 ? QJsonValue(family.parentId) : QJsonValue()},
            {QStringLiteral("parentState"), state},
            {QStringLiteral("siblings"), ids(family.siblings)},
            {QStringLiteral("siblingCount"), family.siblingCount},
            {QStringLiteral("variations"), ids(family.variations)},
            {QStringLiteral("variationCount"), family.variationCount}};
}

QJsonObject ReportFormatter::toJson(const UserStats &s)
{
    QJsonArray models;
    for (const auto &[model, count] : s.popularModels)
        models.append(QJsonObject{{QStringLiteral("model"), model}, {QStringLiteral("count"), count}});
    QJsonArray days;
    for (const auto &[day, count] : s.perDay)
        days.append(QJsonObject{{QStringLiteral("date"), day.toString(Qt::ISODate)},
                                {QStringLiteral("count"), count}});
    return QJsonObject{
        {QStringLiteral("profileId"), s.profileId},
        {QStringLiteral("total"), s.total},
        {QStringLiteral("completed"), s.completed},
        {QStringLiteral("failed"), s.failed},
        {QStringLiteral("cancelled"), s.cancelled},
        {QStringLiteral("active"), s.active},
        {QStringLiteral("successRate"), s.successRate()},
        {QStringLiteral("averageProcessingMs"), s.averageProcessingMs},
        {QStringLiteral("tokensUsed"), s.tokensUsed},
        {QStringLiteral("balance"), s.balance},
        {QStringLiteral("popularModels"), models},
        {QStringLiteral("perDay"), days},
    };
}

QJsonObject ReportFormatter::toJson(const QueueStatus &s)
{
    return QJsonObject{
        {QStringLiteral("pending"), s.pending},
        {QStringLiteral("processing"), s.processing},
        {QStringLiteral("averageWaitMs"), s.averageWaitMs},
        {QStringLiteral("estimatedProcessingMs"), s.estimatedProcessingMs},
        {QStringLiteral("estimatedDrainMs"), s.estimatedDrainMs},
        {QStringLiteral("paused"), s.paused},
    };
}

QJsonObject ReportFormatter::toJson(const Profile &p)
{
    return QJsonObject{{QStringLiteral("id"), p.id},
                       {QStringLiteral("name"), p.name},
                       {QStringLiteral("createdAt"), isoOrNull(p.createdAt)},
                       {QStringLiteral("balance"), p.balance}};
}

QJsonObject ReportFormatter::toJson(const LedgerEntry &e)
{
    return QJsonObject{{QStringLiteral("id"), e.id},         {QStringLiteral("kind"), ledgerKindName(e.kind)},
                       {QStringLiteral("amount"), e.amount}, {QStringLiteral("generationId"), e.generationId},
                       {QStringLiteral("run"), e.run},       {QStringLiteral("at"), isoOrNull(e.at)},
                       {QStringLiteral("note"), e.note}};
}

} // namespace atelier::cli
