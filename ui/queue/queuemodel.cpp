#include "queuemodel.h"

#include "currentprofile.h"
#include "durationtext.h"
#include "engine/imagegenerationservice.h"

#include <QBuffer>
#include <QDateTime>
#include <QFutureWatcher>
#include <QImageReader>
#include <QLocale>
#include <QMimeData>
#include <QtConcurrent>

#include <algorithm>
#include <numeric>
#include <tuple>

namespace atelier {

namespace {
constexpr int kPreviewEdge = 128;
constexpr qint64 kCompletedShownMs = 4000;
const char kQueueMime[] = "application/x-atelier-queued-ids";

QString timeLeft(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 1000)
        return QueueModel::tr("almost done");
    return QueueModel::tr("about %1 left").arg(DurationText::compact(ms));
}

QString joined(const QStringList &parts)
{
    QStringList kept;
    for (const QString &part : parts) {
        if (!part.isEmpty())
            kept << part;
    }
    return kept.join(QStringLiteral(" · "));
}
} // namespace

QueueModel::QueueModel(ImageGenerationService &service, CurrentProfile &profile, QObject *parent)
    : QAbstractListModel(parent), m_service(service), m_profile(profile)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, &QueueModel::flush);
    m_tickTimer.setInterval(1000);
    connect(&m_tickTimer, &QTimer::timeout, this, &QueueModel::markAllDirty);
    m_tickTimer.start();

    connect(&service, &ImageGenerationService::generationQueued, this,
            [this](const Generation &generation) { upsert(generation); });
    connect(&service, &ImageGenerationService::generationStarted, this, &QueueModel::onStarted);
    connect(&service, &ImageGenerationService::progressChanged, this, &QueueModel::onProgress);
    connect(&service, &ImageGenerationService::generationRetrying, this, &QueueModel::onRetrying);
    connect(&service, &ImageGenerationService::queuePositionsChanged, this, &QueueModel::markAllDirty);
    connect(&service, &ImageGenerationService::generationFinished, this, &QueueModel::onEnded);
    connect(&service, &ImageGenerationService::generationFailed, this, &QueueModel::onEnded);
    connect(&service, &ImageGenerationService::generationCancelled, this, &QueueModel::onEnded);
    connect(&service, &ImageGenerationService::generationDeleted, this, &QueueModel::forget);
    connect(&service, &ImageGenerationService::generationSteered, this, &QueueModel::onSteered);
    // Too much changed elsewhere at once to be told job by job (an import, a process that slept).
    connect(&service, &ImageGenerationService::changedElsewhere, this, [this](bool everything) {
        if (everything)
            reload();
    });
    connect(&service, &ImageGenerationService::queuePausedChanged, this, &QueueModel::markAllDirty);
    connect(&profile, &CurrentProfile::changedTo, this, &QueueModel::reload);
    reload();
}

int QueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    const GenerationStatus status = row.generation.status;
    switch (role) {
    case Qt::DisplayRole:
        return row.generation.request.prompt;
    case Qt::ToolTipRole:
        return row.generation.request.fullPrompt();
    case IdRole:
        return row.generation.id;
    case StatusRole:
        return int(status);
    case PercentRole:
        return status == GenerationStatus::Completed ? 100 : row.progress.percent;
    case DetailRole:
        return detail(row);
    case PreviewRole:
        return row.preview;
    case CanCancelRole:
        return status == GenerationStatus::Pending || status == GenerationStatus::Processing;
    case CanRetryRole:
        return status == GenerationStatus::Failed || status == GenerationStatus::Cancelled;
    case CanSteerRole:
        return status == GenerationStatus::Pending;
    case HeldRole:
        return row.generation.held;
    case PriorityRole:
        return int(row.generation.priority);
    default:
        return {};
    }
}

QString QueueModel::detail(const Row &row) const
{
    const Generation &g = row.generation;
    const qint64 left = m_service.estimatedTimeRemainingMs(g.id);
    switch (g.status) {
    case GenerationStatus::Pending: {
        if (g.held)
            return joined({tr("Paused"), tr("resume it to run it")});
        if (row.retryAtMs > QDateTime::currentMSecsSinceEpoch()) {
            const qint64 wait = row.retryAtMs - QDateTime::currentMSecsSinceEpoch();
            return tr("Trying again in %1: %2").arg(DurationText::compact(wait), row.retryReason.message);
        }
        const int position = m_service.queuePosition(g.id);
        const QString priority = g.priority == Priority::High  ? tr("high priority")
                                 : g.priority == Priority::Low ? tr("low priority")
                                                               : QString();
        return joined({tr("Waiting"), position > 0 ? tr("position %1").arg(position) : QString(), priority,
                       m_service.isQueuePaused() ? tr("queue paused") : timeLeft(left)});
    }
    case GenerationStatus::Processing:
        return joined({row.progress.step.isEmpty() ? tr("Starting") : row.progress.step,
                       tr("%1%").arg(row.progress.percent), timeLeft(left)});
    case GenerationStatus::Completed:
        return tr("Done in %1 · in the gallery").arg(DurationText::compact(g.processingMs()));
    case GenerationStatus::Failed: {
        const QString action = suggestedAction(g.error);
        return action.isEmpty() ? g.error.message : g.error.message + QLatin1Char(' ') + action;
    }
    case GenerationStatus::Cancelled:
        return tr("Cancelled; the tokens are back.");
    }
    return {};
}

int QueueModel::rowOf(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].generation.id == id)
            return i;
    }
    return -1;
}

void QueueModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_dirty.clear();
    for (const Generation &generation : m_service.activeGenerations()) {
        if (generation.request.profileId == m_profile.id())
            m_rows.append(Row{generation, {}, {}, 0, -1, {}});
    }
    endResetModel();
}

void QueueModel::upsert(const Generation &generation)
{
    if (generation.request.profileId != m_profile.id())
        return;
    if (const int row = rowOf(generation.id); row >= 0) {
        m_rows[row] = Row{generation, {}, {}, m_rows[row].previewSerial + 1, -1, {}};
        markDirty(generation.id);
        return;
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{generation, {}, {}, 0, -1, {}});
    endInsertRows();
}

void QueueModel::onStarted(qint64 id, int attempt)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_rows[row].generation.status = GenerationStatus::Processing;
    m_rows[row].generation.attempts = attempt;
    m_rows[row].progress = Progress{id, 0, tr("Starting"), 0, 0, -1, true, {}};
    m_rows[row].retryAtMs = -1;
    markDirty(id);
}

void QueueModel::onProgress(const Progress &progress)
{
    const int row = rowOf(progress.generationId);
    if (row < 0)
        return;
    Row &entry = m_rows[row];
    entry.generation.status = GenerationStatus::Processing;
    const QByteArray preview = progress.preview;
    entry.progress = progress;
    entry.progress.preview.clear(); // decoded below; the bytes need not stay
    if (!preview.isEmpty())
        decodePreview(progress.generationId, preview);
    markDirty(progress.generationId);
}

void QueueModel::onRetrying(qint64 id, int nextAttempt, qint64 delayMs, const GenerationError &error)
{
    Q_UNUSED(nextAttempt)
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_rows[row].generation.status = GenerationStatus::Pending;
    m_rows[row].generation.queueRank = double(QDateTime::currentMSecsSinceEpoch()); // back at the end
    m_rows[row].retryAtMs = QDateTime::currentMSecsSinceEpoch() + delayMs;
    m_rows[row].retryReason = error;
    m_rows[row].progress = {};
    markDirty(id);
}

void QueueModel::onEnded(const Generation &generation)
{
    const int row = rowOf(generation.id);
    if (row < 0)
        return;
    m_rows[row].generation = generation;
    markDirty(generation.id);
    // A finished image moves to the gallery; the row says so for a moment, then leaves.
    if (generation.status == GenerationStatus::Completed) {
        const qint64 id = generation.id;
        QTimer::singleShot(kCompletedShownMs, this, [this, id] {
            const int at = rowOf(id);
            if (at >= 0 && m_rows[at].generation.status == GenerationStatus::Completed)
                dismiss(id);
        });
    }
}

void QueueModel::onSteered(const Generation &generation)
{
    const int row = rowOf(generation.id);
    if (row < 0)
        return;
    Generation &shown = m_rows[row].generation;
    shown.priority = generation.priority;
    shown.queueRank = generation.queueRank;
    shown.held = generation.held;
    markDirty(generation.id);
    arrange();
}

void QueueModel::arrange()
{
    const auto group = [](const Row &row) {
        switch (row.generation.status) {
        case GenerationStatus::Processing:
            return 0;
        case GenerationStatus::Pending:
            return 1;
        default:
            return 2;
        }
    };
    QList<int> order(m_rows.size());
    std::iota(order.begin(), order.end(), 0);
    // Stable: the ended and running rows keep the order they came in.
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const Row &x = m_rows.at(a);
        const Row &y = m_rows.at(b);
        if (group(x) != group(y))
            return group(x) < group(y);
        if (group(x) != 1)
            return false;
        const Generation &g = x.generation;
        const Generation &h = y.generation;
        return std::tuple(-int(g.priority), g.queueRank, g.id) <
               std::tuple(-int(h.priority), h.queueRank, h.id);
    });
    if (std::is_sorted(order.cbegin(), order.cend()))
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    QList<Row> arranged;
    arranged.reserve(m_rows.size());
    QList<int> newRowOf(m_rows.size());
    for (int i = 0; i < order.size(); ++i) {
        arranged.append(m_rows.at(order.at(i)));
        newRowOf[order.at(i)] = i;
    }
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before)
        after.append(index.isValid() ? this->index(newRowOf.at(index.row())) : index);
    m_rows = std::move(arranged);
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

Qt::ItemFlags QueueModel::flags(const QModelIndex &index) const
{
    // Drops land between rows (the root) or on a row (just before it).
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags flags = QAbstractListModel::flags(index) | Qt::ItemIsDropEnabled;
    if (m_rows.at(index.row()).generation.status == GenerationStatus::Pending)
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList QueueModel::mimeTypes() const
{
    return {QString::fromLatin1(kQueueMime)};
}

QMimeData *QueueModel::mimeData(const QModelIndexList &indexes) const
{
    QStringList ids;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && m_rows.at(index.row()).generation.status == GenerationStatus::Pending)
            ids << QString::number(m_rows.at(index.row()).generation.id);
    }
    if (ids.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(kQueueMime), ids.join(QLatin1Char(',')).toLatin1());
    return data;
}

bool QueueModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                              const QModelIndex &parent)
{
    Q_UNUSED(column)
    if (action != Qt::MoveAction || !data || !data->hasFormat(QString::fromLatin1(kQueueMime)))
        return false;
    const QList<QByteArray> ids = data->data(QString::fromLatin1(kQueueMime)).split(',');
    // Dropped on a row: just before it. Between rows: before the row below. Below all: last.
    int target = row >= 0 ? row : parent.isValid() ? parent.row() : int(m_rows.size());
    bool moved = false;
    for (const QByteArray &text : ids) {
        const qint64 id = text.toLongLong();
        // The first waiting job at or below the drop that is not the one dragged.
        qint64 before = 0;
        for (int at = target; at < m_rows.size() && before == 0; ++at) {
            const Generation &g = m_rows.at(at).generation;
            if (g.status == GenerationStatus::Pending && g.id != id)
                before = g.id;
        }
        const GenerationError error =
            before != 0 ? m_service.moveGeneration(id, m_profile.id(), QueuePlace::Before, before)
                        : m_service.moveGeneration(id, m_profile.id(), QueuePlace::Bottom);
        if (error.isError()) {
            Q_EMIT moveRefused(error.message);
            continue;
        }
        moved = true;
    }
    return moved;
}

void QueueModel::decodePreview(qint64 id, const QByteArray &bytes)
{
    const int serial = ++m_rows[rowOf(id)].previewSerial;
    // A watcher the model owns, not then(this, ...): Qt 6.4 asserts in then() when the model is gone first.
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, id, serial] {
        watcher->deleteLater();
        const QImage image = watcher->result();
        const int row = rowOf(id);
        // A later preview, or a new run, may have come in while this one decoded.
        if (row < 0 || image.isNull() || m_rows[row].previewSerial != serial)
            return;
        m_rows[row].preview = image;
        markDirty(id);
    });
    watcher->setFuture(QtConcurrent::run([bytes] {
        QBuffer buffer;
        buffer.setData(bytes);
        QImageReader reader(&buffer);
        const QSize size = reader.size();
        if (size.isValid())
            reader.setScaledSize(size.scaled(kPreviewEdge, kPreviewEdge, Qt::KeepAspectRatio));
        return reader.read();
    }));
}

void QueueModel::dismiss(qint64 id)
{
    const int row = rowOf(id);
    if (row >= 0 && isTerminal(m_rows[row].generation.status))
        forget(id);
}

void QueueModel::forget(qint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    m_dirty.remove(id);
}

void QueueModel::dismissEnded()
{
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (isTerminal(m_rows[row].generation.status))
            dismiss(m_rows[row].generation.id);
    }
}

void QueueModel::markDirty(qint64 id)
{
    m_dirty.insert(id);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void QueueModel::markAllDirty()
{
    arrange();
    for (const Row &row : std::as_const(m_rows))
        markDirty(row.generation.id);
}

void QueueModel::flush()
{
    if (m_dirty.size() * 2 > m_rows.size() && !m_rows.isEmpty()) {
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
    } else {
        for (const qint64 id : std::as_const(m_dirty)) {
            if (const int row = rowOf(id); row >= 0)
                Q_EMIT dataChanged(index(row), index(row));
        }
    }
    m_dirty.clear();
}

} // namespace atelier
