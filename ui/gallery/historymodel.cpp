#include "historymodel.h"

#include "boardlistmodel.h"
#include "currentprofile.h"
#include "engine/imagegenerationservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMimeData>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace atelier {

namespace {

// The full-text index matches every word as a prefix of a word of the prompt; live rows are checked the
// same way here, without asking the database for each one.
bool promptMatches(const Generation &generation, const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[^\\w]+"));
    const QStringList wanted = text.toCaseFolded().split(separators, Qt::SkipEmptyParts);
    const QStringList words =
        generation.request.fullPrompt().toCaseFolded().split(separators, Qt::SkipEmptyParts);
    return std::all_of(wanted.cbegin(), wanted.cend(), [&words](const QString &prefix) {
        return std::any_of(words.cbegin(), words.cend(),
                           [&prefix](const QString &word) { return word.startsWith(prefix); });
    });
}

// Stops a read nobody waits for any more: skipped when it has not started, its answer never taken.
void drop(QFutureWatcher<HistoryPage> *&watcher)
{
    if (!watcher)
        return;
    watcher->disconnect();
    watcher->cancel();
    watcher->deleteLater();
    watcher = nullptr;
}

} // namespace

HistoryModel::HistoryModel(ImageGenerationService &service, CurrentProfile &profile, QObject *parent)
    : QAbstractListModel(parent), m_service(service), m_profile(profile)
{
    // At most ten repaints a second, however often the engine reports.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, &HistoryModel::flushChanges);
    connect(&profile, &CurrentProfile::changedTo, this, &HistoryModel::reload);

    const auto takeIfCurrent = [this](const Generation &generation) {
        if (generation.request.profileId == m_profile.id())
            follow(generation);
    };
    connect(&service, &ImageGenerationService::generationQueued, this,
            [takeIfCurrent](const Generation &generation, int) { takeIfCurrent(generation); });
    connect(&service, &ImageGenerationService::generationFinished, this, takeIfCurrent);
    connect(&service, &ImageGenerationService::generationFailed, this, takeIfCurrent);
    connect(&service, &ImageGenerationService::generationCancelled, this, takeIfCurrent);
    // A row already shown learns where its cloud copy stands.
    connect(&service, &ImageGenerationService::cloudCopyChanged, this, [this](const Generation &generation) {
        if (isLoading() || rowOf(generation.id) >= 0)
            follow(generation);
    });
    // Imported results carry their own dates, so they land anywhere in the order: read the page again.
    connect(&service, &ImageGenerationService::generationsImported, this, [this](qint64 profileId) {
        if (profileId == m_profile.id())
            reload();
    });
    // Too much changed in another process at once to be told one by one (an import there, say).
    connect(&service, &ImageGenerationService::changedElsewhere, this, [this](bool everything) {
        if (everything)
            reload();
    });
    connect(&service, &ImageGenerationService::generationStarted, this, [this](qint64 id, int) {
        if (!isLoading() && rowOf(id) < 0)
            return;
        if (const std::optional<Generation> generation = m_service.getGenerationStatus(id))
            follow(*generation);
    });
    connect(&service, &ImageGenerationService::generationsMarked, this, &HistoryModel::followMarks);
    // Deleted results keep their thumbnails in the trash: a restore shows them at once.
    connect(&service, &ImageGenerationService::generationDeleted, this, [this](qint64 id, qint64 profileId) {
        if (profileId == m_profile.id())
            follow(id);
    });
    // Back from the trash, each in its place in the order.
    connect(&service, &ImageGenerationService::generationsRestored, this, [this](qint64 profileId) {
        if (profileId == m_profile.id())
            reload();
    });
    reload();
}

void HistoryModel::setQuery(const HistoryQuery &query)
{
    m_query = query;
    reload();
}

void HistoryModel::reload()
{
    drop(m_reset);
    drop(m_count);
    drop(m_fetch);
    m_missed.clear();
    if (m_profile.id() <= 0) {
        m_total = 0;
        showPage({});
        return;
    }
    HistoryQuery page = m_query;
    page.after = {};
    page.offset = 0;
    page.limit = kPageSize;
    // The count is asked for once the page is in: read side by side on two cores, the two searches and the
    // grid's painting slowed each other down, and the page is what the person waits for.
    m_reset = watch(m_service.readHistoryTiles(m_profile.id(), page));
    connect(m_reset, &QFutureWatcherBase::finished, this, [this] {
        const HistoryPage answer = m_reset->future().resultCount() > 0 ? m_reset->result() : HistoryPage{};
        drop(m_reset);
        recount();
        showPage(answer);
    });
}

void HistoryModel::recount()
{
    m_count = watch(m_service.countHistoryTiles(m_profile.id(), m_query));
    connect(m_count, &QFutureWatcherBase::finished, this, [this] {
        const HistoryPage answer = m_count->future().resultCount() > 0 ? m_count->result() : HistoryPage{};
        drop(m_count);
        showCount(answer);
    });
}

QFutureWatcher<HistoryPage> *HistoryModel::watch(const QFuture<HistoryPage> &future)
{
    // The watcher is the model's child: a model that is gone is never called back.
    auto *watcher = new QFutureWatcher<HistoryPage>(this);
    watcher->setFuture(future);
    return watcher;
}

void HistoryModel::showPage(const HistoryPage &page)
{
    beginResetModel();
    m_changed.clear();
    m_flushTimer.stop();
    m_items = page.tiles;
    m_readError = page.error.message;
    endResetModel();
    if (!m_count)
        answered();
}

void HistoryModel::showCount(const HistoryPage &count)
{
    if (count.error.isError())
        m_readError = count.error.message;
    m_total = qMax(0, count.total);
    if (!m_reset)
        answered();
}

void HistoryModel::answered()
{
    m_total = qMax(int(m_items.size()), m_total);
    const QList<Change> missed = std::exchange(m_missed, {});
    if (!missed.isEmpty()) {
        // The page and the count may each have been read before these happened or after. Taking them again
        // puts the rows right either way; the count is read again rather than guessed.
        for (const Change &change : missed)
            follow(change, false);
        recount();
        return;
    }
    // Said even when it did not change: the newest query is answered.
    Q_EMIT totalCountChanged(m_total);
}

int HistoryModel::rowOf(qint64 id) const
{
    const auto it = std::find_if(m_items.cbegin(), m_items.cend(),
                                 [id](const GenerationTile &tile) { return tile.id == id; });
    return it == m_items.cend() ? -1 : int(it - m_items.cbegin());
}

int HistoryModel::rowOf(qint64 createdMs, qint64 id) const
{
    const int row = insertionRow(createdMs, id);
    return row < m_items.size() && m_items.at(row).id == id ? row : -1;
}

std::optional<Generation> HistoryModel::generationAt(int row) const
{
    if (row < 0 || row >= m_items.size())
        return std::nullopt;
    return m_service.getGenerationStatus(m_items.at(row).id);
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GenerationTile &tile = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case PromptRole:
        return tile.prompt;
    case Qt::ToolTipRole:
        // One row by its key, and only when the pointer rests on a tile.
        if (const std::optional<Generation> generation = m_service.getGenerationStatus(tile.id))
            return generation->request.fullPrompt();
        return tile.prompt;
    case IdRole:
        return tile.id;
    case StatusRole:
        return int(tile.status);
    case ThumbnailPathRole:
        return tile.thumbnailPath;
    case FavoriteRole:
        return tile.favorite;
    case RatingRole:
        return tile.rating;
    default:
        return {};
    }
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "id"},
                  {PromptRole, "prompt"},
                  {StatusRole, "status"},
                  {ThumbnailPathRole, "thumbnailPath"},
                  {FavoriteRole, "favorite"},
                  {RatingRole, "rating"}});
    return names;
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !isLoading() && !m_fetch && m_items.size() < m_total;
}

void HistoryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    // The loaded rows are the first ones of the order (live rows go in at their place or come with a page),
    // so the next page starts after the last one: no offset, whose cost grows with the depth.
    HistoryQuery page = m_query;
    page.offset = 0;
    page.limit = kPageSize;
    if (!m_items.isEmpty())
        page.after = {QDateTime::fromMSecsSinceEpoch(m_items.constLast().createdMs, Qt::UTC),
                      m_items.constLast().id};
    m_fetch = watch(m_service.readHistoryTiles(m_profile.id(), page));
    connect(m_fetch, &QFutureWatcherBase::finished, this, [this] {
        const HistoryPage page = m_fetch->future().resultCount() > 0 ? m_fetch->result() : HistoryPage{};
        drop(m_fetch);
        appendPage(page);
    });
}

void HistoryModel::appendPage(const HistoryPage &page)
{
    if (page.error.isError())
        m_readError = page.error.message;
    QList<GenerationTile> more = page.tiles;
    // A row that arrived live may already be loaded.
    more.removeIf([this](const GenerationTile &tile) { return rowOf(tile.createdMs, tile.id) >= 0; });
    if (page.tiles.isEmpty()) {
        // The history shrank meanwhile (another process deleted some), or cannot be read: stop asking.
        setTotal(int(m_items.size()));
        return;
    }
    if (more.isEmpty())
        return;
    const int first = int(m_items.size());
    beginInsertRows({}, first, first + int(more.size()) - 1);
    m_items.append(more);
    endInsertRows();
}

Qt::ItemFlags HistoryModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid() && m_items.at(index.row()).imageCount > 0)
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList HistoryModel::mimeTypes() const
{
    return {QStringLiteral("text/uri-list"), BoardListModel::idsMimeType()};
}

QMimeData *HistoryModel::mimeData(const QModelIndexList &indexes) const
{
    QList<QUrl> urls;
    QJsonArray ids;
    for (const QModelIndex &index : indexes) {
        ids.append(m_items.at(index.row()).id);
        // The tiles know one file each; a drag names every one.
        const QStringList paths = generationAt(index.row()).value_or(Generation{}).resultPaths;
        for (const QString &path : paths)
            urls.append(QUrl::fromLocalFile(path));
    }
    if (ids.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setUrls(urls);
    // For a board in the sidebar.
    mime->setData(BoardListModel::idsMimeType(), QJsonDocument(ids).toJson(QJsonDocument::Compact));
    return mime;
}

void HistoryModel::followMarks(qint64 profileId, const QList<qint64> &ids)
{
    if (profileId != m_profile.id())
        return;
    const bool byMarks =
        m_query.favoritesOnly || m_query.minRating > 0 || !m_query.tag.isEmpty() || m_query.boardId > 0;
    // Filtered by marks, a row not shown may now belong; past a few, reading the page again is cheaper
    // than reading each.
    constexpr int kReadEach = 50;
    if (byMarks && ids.size() > kReadEach) {
        reload();
        return;
    }
    bool recounting = false;
    for (const qint64 id : ids) {
        const bool shown = rowOf(id) >= 0;
        if (!byMarks && !isLoading() && !shown)
            continue;
        const std::optional<Generation> generation = m_service.getGenerationStatus(id);
        if (!generation)
            continue;
        // A row not loaded may have been counted already (past the loaded pages) or not: the count is read
        // again rather than guessed.
        if (byMarks && !shown && !isLoading()) {
            take(*generation, false);
            recounting = true;
        } else {
            follow(*generation);
        }
    }
    if (recounting && !m_count)
        recount();
}

void HistoryModel::follow(const Change &change, bool counting)
{
    // The rows shown are about to be replaced by an answer that may predate this change.
    if (isLoading()) {
        m_missed.append(change);
        return;
    }
    if (const auto *generation = std::get_if<Generation>(&change))
        take(*generation, counting);
    else
        remove(std::get<qint64>(change), counting);
}

void HistoryModel::take(const Generation &generation, bool counting)
{
    const GenerationTile tile = GenerationTile::of(generation);
    const int row = rowOf(tile.createdMs, tile.id);
    const bool wanted = matches(generation);
    if (row >= 0 && wanted) {
        m_items[row] = tile;
        markChanged(row);
        return;
    }
    if (row >= 0) {
        remove(generation.id, counting);
        return;
    }
    if (!wanted)
        return;
    const int at = insertionRow(tile.createdMs, tile.id);
    // Past the loaded rows it comes with a later page, unless there is none.
    if (at < m_items.size() || m_items.size() >= m_total) {
        beginInsertRows({}, at, at);
        m_items.insert(at, tile);
        endInsertRows();
    }
    if (counting)
        setTotal(m_total + 1);
}

void HistoryModel::remove(qint64 id, bool counting)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    m_changed.remove(id);
    endRemoveRows();
    if (counting)
        setTotal(m_total - 1);
}

bool HistoryModel::matches(const Generation &generation) const
{
    if (generation.request.profileId != m_profile.id())
        return false;
    if (!m_query.statuses.isEmpty() && !m_query.statuses.contains(generation.status))
        return false;
    if (!m_query.model.isEmpty() && generation.request.model != m_query.model)
        return false;
    if (m_query.from.isValid() && generation.createdAt < m_query.from)
        return false;
    if (m_query.to.isValid() && generation.createdAt >= m_query.to)
        return false;
    const GenerationMarks &marks = generation.marks;
    if ((m_query.favoritesOnly && !marks.favorite) || marks.rating < m_query.minRating ||
        (!m_query.tag.isEmpty() && !marks.tags.contains(m_query.tag)) ||
        (m_query.boardId > 0 && !marks.boardIds.contains(m_query.boardId)))
        return false;
    return m_query.text.trimmed().isEmpty() || promptMatches(generation, m_query.text);
}

int HistoryModel::insertionRow(qint64 createdMs, qint64 id) const
{
    // The order of the history: created_at, then id.
    const auto key = std::pair(createdMs, id);
    const bool newestFirst = m_query.newestFirst;
    const auto it = std::partition_point(m_items.cbegin(), m_items.cend(), [&](const GenerationTile &loaded) {
        const auto loadedKey = std::pair(loaded.createdMs, loaded.id);
        return newestFirst ? loadedKey > key : loadedKey < key;
    });
    return int(it - m_items.cbegin());
}

void HistoryModel::markChanged(int row)
{
    m_changed.insert(m_items.at(row).id);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void HistoryModel::flushChanges()
{
    QList<int> rows;
    rows.reserve(m_changed.size());
    for (const qint64 id : std::as_const(m_changed)) {
        if (const int row = rowOf(id); row >= 0)
            rows.append(row);
    }
    m_changed.clear();
    std::sort(rows.begin(), rows.end());
    // One signal per run of neighbouring rows.
    for (int i = 0; i < rows.size();) {
        int last = i;
        while (last + 1 < rows.size() && rows.at(last + 1) == rows.at(last) + 1)
            ++last;
        Q_EMIT dataChanged(index(rows.at(i)), index(rows.at(last)));
        i = last + 1;
    }
}

void HistoryModel::setTotal(int total)
{
    total = qMax(total, int(m_items.size()));
    if (total == m_total)
        return;
    m_total = total;
    Q_EMIT totalCountChanged(total);
}

} // namespace atelier
