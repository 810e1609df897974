#include "generationrow.h"

#include "sql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace atelier {

namespace {
enum Column
{
    Id,
    ProfileId,
    Status,
    Prompt,
    CustomPrompt,
    Model,
    Provider,
    Style,
    Quality,
    AspectRatio,
    RequestedSize,
    Size,
    ImageCount,
    ProductImages,
    ModelImages,
    Parameters,
    ProgressColumn,
    Step,
    Run,
    Attempts,
    CreatedAt,
    QueuedAt,
    StartedAt,
    FinishedAt,
    NotBefore,
    ErrorCategory,
    ErrorMessage,
    HttpStatus,
    ResultPaths,
    TokensReserved,
    TokensCharged,
    CloudState,
    CloudError,
    CloudAssets,
    ImportedSha256,
    PriorityColumn,
    QueueRank,
    Held,
    Favorite,
    Rating,
    Tags,
    Boards,
    DeletedAt,
    ParentId,
};
} // namespace

QString GenerationRow::columns()
{
    return QStringLiteral(
        "g.id, g.profile_id, g.status, g.prompt, g.custom_prompt, g.model, g.provider, g.style, g.quality,"
        " g.aspect_ratio, g.requested_size, g.size, g.image_count, g.product_images, g.model_images,"
        " g.parameters,"
        " g.progress, g.step, g.run, g.attempts, g.created_at, g.queued_at, g.started_at, g.finished_at,"
        " g.not_before, g.error_category, g.error_message, g.http_status, g.result_paths, g.tokens_reserved,"
        " g.tokens_charged, g.cloud_state, g.cloud_error, g.cloud_assets, g.imported_sha256, g.priority,"
        " g.queue_rank, g.held, g.favorite, g.rating,"
        " (SELECT json_group_array(tag) FROM"
        "  (SELECT tag FROM generation_tags WHERE generation_id = g.id ORDER BY tag)),"
        " (SELECT json_group_array(board_id) FROM"
        "  (SELECT board_id FROM board_items WHERE generation_id = g.id ORDER BY board_id)),"
        " g.deleted_at, g.parent_id");
}

Generation GenerationRow::read(const Statement &query)
{
    const auto text = [&query](Column column) { return query.value(column).toString(); };
    Generation g;
    g.id = query.value(Id).toLongLong();
    g.request.profileId = query.value(ProfileId).toLongLong();
    g.status = statusFromName(text(Status)).value_or(GenerationStatus::Failed);
    g.request.prompt = text(Prompt);
    g.request.customPrompt = text(CustomPrompt);
    g.request.model = text(Model);
    g.provider = text(Provider);
    g.request.style = text(Style);
    g.request.quality = text(Quality);
    g.request.aspectRatio = text(AspectRatio);
    g.request.size = text(RequestedSize);
    g.size = text(Size);
    g.request.imageCount = query.value(ImageCount).toInt();
    g.request.productImages = Sql::stringList(text(ProductImages));
    g.request.modelImages = Sql::stringList(text(ModelImages));
    g.request.parameters = Sql::variantMap(text(Parameters));
    g.progress = query.value(ProgressColumn).toInt();
    g.step = text(Step);
    g.run = query.value(Run).toInt();
    g.attempts = query.value(Attempts).toInt();
    g.createdAt = Sql::dateTime(query.value(CreatedAt));
    g.queuedAt = Sql::dateTime(query.value(QueuedAt));
    g.startedAt = Sql::dateTime(query.value(StartedAt));
    g.finishedAt = Sql::dateTime(query.value(FinishedAt));
    g.notBefore = Sql::dateTime(query.value(NotBefore));
    if (!query.value(ErrorCategory).isNull()) {
        const auto category =
            categoryFromName(text(ErrorCategory)).value_or(GenerationError::Category::Internal);
        g.error = GenerationError::make(category, text(ErrorMessage), query.value(HttpStatus).toInt());
    }
    g.resultPaths = Sql::stringList(text(ResultPaths));
    g.tokensReserved = query.value(TokensReserved).toLongLong();
    g.tokensCharged = query.value(TokensCharged).toLongLong();
    g.cloud.state = cloudStateFromName(text(CloudState)).value_or(CloudCopy::State::None);
    g.cloud.error = text(CloudError);
    g.cloud.assets = cloudAssets(text(CloudAssets));
    g.importedSha256 = text(ImportedSha256);
    g.priority = std::clamp(Priority(query.value(PriorityColumn).toInt()), Priority::Low, Priority::High);
    g.queueRank = query.value(QueueRank).toDouble();
    g.held = query.value(Held).toBool();
    g.marks.favorite = query.value(Favorite).toBool();
    g.marks.rating = query.value(Rating).toInt();
    g.marks.tags = Sql::stringList(text(Tags));
    const QJsonArray boards = QJsonDocument::fromJson(text(Boards).toUtf8()).array();
    for (const QJsonValue &board : boards)
        g.marks.boardIds.append(board.toInteger());
    g.trashedAt = Sql::dateTime(query.value(DeletedAt)); // a tombstone is never read
    g.parentId = query.value(ParentId).toLongLong();
    return g;
}

QList<Generation> GenerationRow::select(const QSqlDatabase &db, const QString &tail,
                                        const QVariantList &values)
{
    QList<Generation> list;
    Statement query(db);
    const QString sql = QStringLiteral("SELECT %1 FROM generations g %2").arg(columns(), tail);
    if (!Sql::run(query, sql, values, QStringLiteral("Could not read the generations"), nullptr))
        return list;
    while (query.next())
        list.append(read(query));
    return list;
}

QString GenerationRow::tileColumns()
{
    return QStringLiteral("g.id, g.created_at, g.status, substr(g.prompt, 1, %1),"
                          " json_array_length(g.result_paths), json_extract(g.result_paths, '$[0]'),"
                          " g.favorite, g.rating")
        .arg(GenerationTile::kPromptChars);
}

GenerationTile GenerationRow::readTile(const Statement &query, int first)
{
    const auto value = [&query, first](int column) { return query.value(first + column); };
    return {value(0).toLongLong(),
            value(1).toLongLong(),
            statusFromName(value(2).toString()).value_or(GenerationStatus::Failed),
            value(4).toInt(),
            value(3).toString(),
            value(5).toString(),
            value(6).toBool(),
            value(7).toInt()};
}

QString GenerationRow::insertColumns()
{
    return QStringLiteral(
        "profile_id, status, prompt, custom_prompt, model, provider, style, quality, "
        "aspect_ratio, requested_size,"
        " size, image_count, product_images, model_images, parameters, progress, step, "
        "run, attempts, created_at,"
        " queued_at, result_paths, tokens_reserved, tokens_charged, cloud_state, imported_sha256, priority,"
        " queue_rank, parent_id");
}

QVariantList GenerationRow::insertValues(const Generation &generation)
{
    const GenerationRequest &r = generation.request;
    return {
        r.profileId, statusName(generation.status), Sql::text(r.prompt), Sql::text(r.customPrompt),
        Sql::text(r.model), Sql::text(generation.provider), Sql::text(r.style), Sql::text(r.quality),
        Sql::text(r.aspectRatio), Sql::text(r.size), Sql::text(generation.size), r.imageCount,
        Sql::json(r.productImages), Sql::json(r.modelImages), Sql::json(r.parameters), generation.progress,
        Sql::text(generation.step), generation.run, generation.attempts, Sql::msOrNull(generation.createdAt),
        Sql::msOrNull(generation.queuedAt), Sql::json(generation.resultPaths), generation.tokensReserved,
        generation.tokensCharged, cloudStateName(generation.cloud.state),
        generation.importedSha256.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                            : QVariant(generation.importedSha256),
        int(generation.priority),
        // A new job goes last among its priority: its rank is when it was queued.
        double(generation.queuedAt.toMSecsSinceEpoch()),
        generation.parentId > 0 ? QVariant(generation.parentId) : QVariant(QMetaType::fromType<qint64>())};
}

QString GenerationRow::cloudAssetsJson(const QList<CloudAsset> &assets)
{
    QJsonArray array;
    for (const CloudAsset &asset : assets)
        array.append(QJsonObject{{QStringLiteral("public_id"), asset.publicId},
                                 {QStringLiteral("secure_url"), asset.secureUrl},
                                 {QStringLiteral("version"), asset.version}});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<CloudAsset> GenerationRow::cloudAssets(const QString &json)
{
    QList<CloudAsset> assets;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        assets.append({object.value(QStringLiteral("public_id")).toString(),
                       object.value(QStringLiteral("secure_url")).toString(),
                       object.value(QStringLiteral("version")).toInteger()});
    }
    return assets;
}

QVariantList GenerationRow::errorValues(const GenerationError &error)
{
    if (!error.isError())
        return {QVariant(QMetaType::fromType<QString>()), QVariant(QMetaType::fromType<QString>()),
                QVariant(QMetaType::fromType<int>())};
    return {categoryName(error.category), error.message,
            error.httpStatus > 0 ? QVariant(error.httpStatus) : QVariant(QMetaType::fromType<int>())};
}

} // namespace atelier
