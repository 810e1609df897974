#include "historymodel.h"

#include "currentprofile.h"
#include "engine/imagegenerationservice.h"

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

// Whether a comes before b in the order of the history (created_at, then id).
bool before(const Generation &a, const Generation &b, bool newestFirst)
{
    const auto key = [](const Generation &g) { return std::pair(g.createdAt.toMSecsSinceEpoch(), g.id); };
    return newestFirst ? key(a) > key(b) : key(a) < key(b);
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
            take(generation);
    };
    connect(&service, &ImageGenerationService::generationQueued, this,
            [takeIfCurrent](const Generation &generation, int) { takeIfCurrent(generation); });
    connect(&service, &ImageGenerationService::generationFinished, this, takeIfCurrent);
    connect(&service, &ImageGenerationService::generationFailed, this, takeIfCurrent);
    connect(&service, &ImageGenerationService::generationCancelled, this, takeIfCurrent);
    // A row already shown learns where its cloud copy stands.
    connect(&service, &ImageGenerationService::cloudCopyChanged, this, [this](const Generation &generation) {
        if (rowOf(generation.id) >= 0)
            take(generation);
    });
    // Imported results carry their own dates, so they land anywhere in the order: read the page again.
    connect(&service, &ImageGenerationService::generationsImported, this, [this](qint64 profileId) {
        if (profileId == m_profile.id())
            reload();
    });
    connect(&service, &ImageGenerationService::generationStarted, this, [this](qint64 id, int) {
        if (rowOf(id) < 0)
            return;
        if (const std::optional<Generation> generation = m_service.getGenerationStatus(id))
            take(*generation);
    });
    connect(&service, &ImageGenerationService::generationDeleted, this, [this](qint64 id, qint64 profileId) {
        if (profileId != m_profile.id())
            return;
        // The paths are known only while the row is loaded.
        if (const int row = rowOf(id); row >= 0 && !m_items.at(row).resultPaths.isEmpty())
            Q_EMIT filesDeleted(m_items.at(row).resultPaths);
        remove(id);
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
    beginResetModel();
    m_changed.clear();
    m_flushTimer.stop();
    HistoryQuery page = m_query;
    page.after = {};
    page.offset = 0;
    page.limit = kPageSize;
    m_items =
        m_profile.id() > 0 ? m_service.getUserGenerationHistory(m_profile.id(), page) : QList<Generation>();
    m_rowsDirty = true;
    // Known before the view asks canFetchMore on the reset; never fewer than what is shown.
    const int total = m_profile.id() > 0 ? qMax(int(m_items.size()),
                                                m_service.countUserGenerationHistory(m_profile.id(), m_query))
                                         : 0;
    const bool totalChanged = total != m_total;
    m_total = total;
    endResetModel();
    if (totalChanged)
        Q_EMIT totalCountChanged(total);
}

void HistoryModel::indexRows() const
{
    if (!m_rowsDirty)
        return;
    m_rows.clear();
    m_thumbnailRows.clear();
    m_rows.reserve(m_items.size());
    indexRowsFrom(0);
    m_rowsDirty = false;
}

void HistoryModel::indexRowsFrom(int first) const
{
    for (int row = first; row < m_items.size(); ++row) {
        m_rows.insert(m_items.at(row).id, row);
        if (!m_items.at(row).resultPaths.isEmpty())
            m_thumbnailRows.insert(m_items.at(row).resultPaths.first(), row);
    }
}

int HistoryModel::rowOf(qint64 id) const
{
    indexRows();
    return m_rows.value(id, -1);
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Generation &generation = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case PromptRole:
        return generation.request.prompt;
    case Qt::ToolTipRole:
        return generation.request.fullPrompt();
    case IdRole:
        return generation.id;
    case StatusRole:
        return int(generation.status);
    case ModelRole:
        return generation.request.model;
    case ThumbnailPathRole:
        return generation.resultPaths.value(0);
    case GenerationRole:
        return QVariant::fromValue(generation);
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
                  {ModelRole, "model"},
                  {ThumbnailPathRole, "thumbnailPath"},
                  {GenerationRole, "generation"}});
    return names;
}

bool HistoryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_items.size() < m_total;
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
        page.after = {m_items.constLast().createdAt, m_items.constLast().id};
    QList<Generation> more = m_service.getUserGenerationHistory(m_profile.id(), page);
    // A row that arrived live may already be loaded.
    more.removeIf([this](const Generation &generation) { return rowOf(generation.id) >= 0; });
    if (more.isEmpty()) {
        // The history shrank meanwhile (another process deleted some): stop asking.
        setTotal(int(m_items.size()));
        return;
    }
    const int first = int(m_items.size());
    beginInsertRows({}, first, first + int(more.size()) - 1);
    m_items.append(more);
    // Appending moves no loaded row: index the new ones alone, not the whole history again.
    if (!m_rowsDirty)
        indexRowsFrom(first);
    endInsertRows();
}

Qt::ItemFlags HistoryModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid() && !m_items.at(index.row()).resultPaths.isEmpty())
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList HistoryModel::mimeTypes() const
{
    return {QStringLiteral("text/uri-list")};
}

QMimeData *HistoryModel::mimeData(const QModelIndexList &indexes) const
{
    QList<QUrl> urls;
    for (const QModelIndex &index : indexes) {
        const QStringList paths = m_items.value(index.row()).resultPaths;
        for (const QString &path : paths)
            urls.append(QUrl::fromLocalFile(path));
    }
    if (urls.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setUrls(urls);
    return mime;
}

void HistoryModel::thumbnailReady(const QString &path)
{
    indexRows();
    if (const int row = m_thumbnailRows.value(path, -1); row >= 0)
        markChanged(row);
}

void HistoryModel::take(const Generation &generation)
{
    const int row = rowOf(generation.id);
    const bool wanted = matches(generation);
    if (row >= 0 && wanted) {
        m_items[row] = generation;
        m_rowsDirty = true; // it may have a thumbnail now
        markChanged(row);
        return;
    }
    if (row >= 0) {
        remove(generation.id);
        return;
    }
    if (!wanted)
        return;
    const int at = insertionRow(generation);
    // Past the loaded rows it comes with a later page.
    if (at < m_items.size() || !canFetchMore({})) {
        beginInsertRows({}, at, at);
        m_items.insert(at, generation);
        m_rowsDirty = true;
        endInsertRows();
    }
    setTotal(m_total + 1);
}

void HistoryModel::remove(qint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    m_rowsDirty = true;
    m_changed.remove(id);
    endRemoveRows();
    setTotal(m_total - 1);
}

bool HistoryModel::matches(const Generation &generation) const
{
    if (!m_query.statuses.isEmpty() && !m_query.statuses.contains(generation.status))
        return false;
    if (!m_query.model.isEmpty() && generation.request.model != m_query.model)
        return false;
    if (m_query.from.isValid() && generation.createdAt < m_query.from)
        return false;
    if (m_query.to.isValid() && generation.createdAt >= m_query.to)
        return false;
    return m_query.text.trimmed().isEmpty() || promptMatches(generation, m_query.text);
}

int HistoryModel::insertionRow(const Generation &generation) const
{
    const auto it = std::partition_point(m_items.cbegin(), m_items.cend(), [&](const Generation &loaded) {
        return before(loaded, generation, m_query.newestFirst);
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
