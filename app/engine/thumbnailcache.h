#pragma once

#include "storage/freedesktopthumbnails.h"

#include <QCache>
#include <QList>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QSize>
#include <QString>

namespace atelier {

// Small pictures of result files, made on the thread pool and kept in a cache bounded by bytes (least
// recently used go first). Below it lies the freedesktop.org thumbnail cache on disk, shared with the file
// manager: a thumbnail found there is not decoded again. The view asks only for what it paints; asking twice
// for a file being decoded waits for the same decode. Requests still waiting when the view scrolls are
// dropped.
class ThumbnailCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThumbnailCache)
public:
    ThumbnailCache(QSize bound, qint64 maxBytes, QObject *parent = nullptr);

    QSize bound() const { return m_bound; }
    // The freedesktop thumbnail folder; $XDG_CACHE_HOME/thumbnails unless set.
    void setDiskCache(const QString &root) { m_disk = FreedesktopThumbnails(root); }
    QString diskCache() const { return m_disk.root(); }
    // The thumbnail when it is ready; otherwise a null pixmap, and the file is queued for decoding.
    QPixmap thumbnail(const QString &path);
    // True once decoding the file failed (missing or not an image): show a warning, not a placeholder.
    bool isBroken(const QString &path) const { return m_broken.contains(path); }
    // Forgets the requests that have not started: the rows that asked for them may be out of sight now.
    void dropWaiting();

    qint64 cachedBytes() const { return m_cache.totalCost(); }
    qint64 maxBytes() const { return m_cache.maxCost(); }

Q_SIGNALS:
    // A thumbnail (or the news that there is none) for path is ready.
    void thumbnailReady(const QString &path);

private:
    void startNext();
    void take(const QString &path, const QImage &image);

    // Decodes at once; the rest wait, newest request first. One core stays free for the GUI thread, which
    // would otherwise wait for the scheduler while the decoders take every core.
    const int m_parallel;
    QSize m_bound;
    FreedesktopThumbnails m_disk;
    QCache<QString, QPixmap> m_cache;
    QList<QString> m_waiting;  // newest last
    QSet<QString> m_requested; // waiting or decoding
    int m_running = 0;
    QSet<QString> m_broken;
};

} // namespace atelier
