#pragma once

#include "domain/generation.h"
#include "domain/generationtile.h"
#include "domain/historyquery.h"

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QList>
#include <QSet>
#include <QTimer>

#include <optional>
#include <variant>

class QMimeData;

namespace atelier {

class CurrentProfile;
class ImageGenerationService;

// The current profile's generations that match a query, as tiles (only what the grid paints; the rest is read
// when asked), a page at a time as the view scrolls (canFetchMore / fetchMore). Every read runs off the GUI
// thread: a new query leaves the rows as they are until its first page replaces them (its count follows), and
// an answer to a query replaced meanwhile is dropped. It follows the engine live: a new or changed generation
// is inserted or updated in place, a deleted one removed, without resetting the model; repaints are batched
// on a short timer.
class HistoryModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)
public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        PromptRole,        // the start of the prompt
        StatusRole,        // GenerationStatus as int
        ThumbnailPathRole, // the first result file; empty when there is none
        FavoriteRole,      // bool
        RatingRole,        // 0 (not rated) to 5
    };

    static constexpr int kPageSize = 200;

    HistoryModel(ImageGenerationService &service, CurrentProfile &profile, QObject *parent = nullptr);

    // Asks for the generations that match (the page: cursor, offset and limit, is the model's business); the
    // model resets when the answer arrives.
    void setQuery(const HistoryQuery &query);
    HistoryQuery query() const { return m_query; }
    // True until the answer to the newest query, its rows and then its count, is in.
    bool isLoading() const { return m_reset || m_count; }
    // Why the last read failed; empty when it did not.
    QString readError() const { return m_readError; }
    // Every generation that matches, loaded or not.
    int totalCount() const { return m_total; }
    // The row of a loaded generation; -1 when it is not loaded.
    int rowOf(qint64 id) const;
    qint64 idAt(int row) const { return m_items.value(row).id; }
    // What the grid shows of a loaded row, without reading the database; an empty tile past the rows.
    GenerationTile tileAt(int row) const { return m_items.value(row); }
    // The whole generation of a loaded row, read from the service; nothing when it is gone.
    std::optional<Generation> generationAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Dragged out: the files as URLs only. Reading the bytes here would block the GUI thread as the drag
    // starts, and file managers, browsers, editors and chat programs all take URLs.
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;

Q_SIGNALS:
    // The count changed, or the count of the newest query arrived (the same or not).
    void totalCountChanged(int total);

private:
    using Change = std::variant<Generation, qint64>; // taken, or deleted (its id)

    void reload();
    // The marks of these generations may have changed: rows shown take them, and with a filter by marks
    // rows come and go.
    void followMarks(qint64 profileId, const QList<qint64> &ids);
    QFutureWatcher<HistoryPage> *watch(const QFuture<HistoryPage> &future);
    void showPage(const HistoryPage &page);
    void showCount(const HistoryPage &count);
    void answered();
    void appendPage(const HistoryPage &page);
    void recount();
    // counting: the change moves the total too; otherwise a count is on its way.
    void follow(const Change &change, bool counting = true);
    void take(const Generation &generation, bool counting);
    void remove(qint64 id, bool counting);
    bool matches(const Generation &generation) const;
    // Where a row with this key goes in the order of the query among the loaded rows.
    int insertionRow(qint64 createdMs, qint64 id) const;
    int rowOf(qint64 createdMs, qint64 id) const;
    void markChanged(int row);
    void flushChanges();
    void setTotal(int total);

    ImageGenerationService &m_service;
    CurrentProfile &m_profile;
    HistoryQuery m_query;
    QList<GenerationTile> m_items; // in the order of the query
    int m_total = 0;
    QString m_readError;
    QFutureWatcher<HistoryPage> *m_reset = nullptr; // the first page of the newest query, on its way
    QFutureWatcher<HistoryPage> *m_count = nullptr; // its count, on its way
    QFutureWatcher<HistoryPage> *m_fetch = nullptr; // the next page, on its way
    // Live changes that came while the answer was on its way: it may be older, so they follow it.
    QList<Change> m_missed;
    QSet<qint64> m_changed;
    QTimer m_flushTimer;
};

} // namespace atelier
