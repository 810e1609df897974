#pragma once

#include "domain/generation.h"
#include "domain/historyquery.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

class QMimeData;

namespace atelier {

class CurrentProfile;
class ImageGenerationService;

// The current profile's generations that match a query, read from the service a page at a time as the view
// scrolls (canFetchMore / fetchMore). It follows the engine live: a new or changed generation is inserted or
// updated in place, a deleted one removed, without resetting the model; repaints are batched on a short
// timer.
class HistoryModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)
public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        PromptRole,
        StatusRole, // GenerationStatus as int
        ModelRole,
        ThumbnailPathRole, // the first result file; empty when there is none
        GenerationRole,    // the whole Generation
    };

    static constexpr int kPageSize = 200;

    HistoryModel(ImageGenerationService &service, CurrentProfile &profile, QObject *parent = nullptr);

    // Shows the generations that match (the page: cursor, offset and limit, is the model's business); resets
    // the model.
    void setQuery(const HistoryQuery &query);
    HistoryQuery query() const { return m_query; }
    // Every generation that matches, loaded or not.
    int totalCount() const { return m_total; }
    // The row of a loaded generation; -1 when it is not loaded.
    int rowOf(qint64 id) const;
    Generation generationAt(int row) const { return m_items.value(row); }

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

    // A thumbnail of this file is ready: repaint the rows that show it.
    void thumbnailReady(const QString &path);

Q_SIGNALS:
    void totalCountChanged(int total);
    // A loaded generation was deleted with these files; emitted before its row goes.
    void filesDeleted(const QStringList &paths);

private:
    void reload();
    void indexRows() const;
    void indexRowsFrom(int first) const;
    void take(const Generation &generation);
    void remove(qint64 id);
    bool matches(const Generation &generation) const;
    // Where the generation goes in the order of the query among the loaded rows.
    int insertionRow(const Generation &generation) const;
    void markChanged(int row);
    void flushChanges();
    void setTotal(int total);

    ImageGenerationService &m_service;
    CurrentProfile &m_profile;
    HistoryQuery m_query;
    QList<Generation> m_items;
    int m_total = 0;
    mutable QHash<qint64, int> m_rows;           // id -> row, rebuilt after rows move
    mutable QHash<QString, int> m_thumbnailRows; // thumbnail path -> row, rebuilt with m_rows
    mutable bool m_rowsDirty = true;
    QSet<qint64> m_changed;
    QTimer m_flushTimer;
};

} // namespace atelier
