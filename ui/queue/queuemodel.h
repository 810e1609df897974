#pragma once

#include "domain/generation.h"
#include "domain/progress.h"

#include <QAbstractListModel>
#include <QImage>
#include <QSet>
#include <QTimer>

namespace atelier {

class CurrentProfile;
class ImageGenerationService;

// The current profile's jobs as the queue panel shows them: every pending and running one, and the failed
// and cancelled ones until they are retried or dismissed. Follows the service's signals; the engine may
// report progress many times a second, so changed rows are collected and announced at most ten times a
// second, only those rows.
class QueueModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        StatusRole,  // GenerationStatus as int
        PercentRole, // 0-100
        DetailRole,  // the step, position, time left or error, in words
        PreviewRole, // QImage: the latest partial image, or null
        CanCancelRole,
        CanRetryRole,
        CanSteerRole, // waiting: it can be moved, paused or given a priority
        HeldRole,     // waiting, paused by hand
        PriorityRole, // Priority as int
    };

    QueueModel(ImageGenerationService &service, CurrentProfile &profile, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    int rowOf(qint64 id) const;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Waiting jobs are dragged to a new place: the drop asks the service to move them, and the rows follow
    // the queue's new order.
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    // Removes an ended job from the list (it stays in the history).
    void dismiss(qint64 id);
    void dismissEnded();

Q_SIGNALS:
    // A drop could not move the job (it started meanwhile, say): the words to show.
    void moveRefused(const QString &message);

private:
    struct Row
    {
        Generation generation;
        Progress progress;
        QImage preview;
        int previewSerial = 0;
        qint64 retryAtMs = -1; // when an automatic retry starts, on the wall clock
        GenerationError retryReason;
    };

    void reload();
    // Drops the row whatever its state (the generation was deleted).
    void forget(qint64 id);
    void upsert(const Generation &generation);
    void onStarted(qint64 id, int attempt);
    void onProgress(const Progress &progress);
    void onRetrying(qint64 id, int nextAttempt, qint64 delayMs, const GenerationError &error);
    void onEnded(const Generation &generation);
    void onSteered(const Generation &generation);
    // Running jobs first, then the waiting ones in the order they start, then the ended ones.
    void arrange();
    void decodePreview(qint64 id, const QByteArray &bytes);
    void markDirty(qint64 id);
    void markAllDirty();
    void flush();
    QString detail(const Row &row) const;

    ImageGenerationService &m_service;
    CurrentProfile &m_profile;
    QList<Row> m_rows;
    QSet<qint64> m_dirty;
    QTimer m_flushTimer;
    QTimer m_tickTimer; // times left count down between reports
};

} // namespace atelier
