#include "thumbnailcache.h"

#include <QFutureWatcher>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent>

namespace atelier {

namespace {

// Runs on the pool. The disk cache first: what the file manager made serves us, and what we make serves it.
QImage decodeThumbnail(const FreedesktopThumbnails &disk, const QString &path, QSize bound)
{
    const auto size = qMax(bound.width(), bound.height()) > int(FreedesktopThumbnails::Size::Large)
                          ? FreedesktopThumbnails::Size::XLarge
                          : FreedesktopThumbnails::Size::Large;
    QImage image = disk.load(path, size);
    if (image.isNull() && !disk.hasFailed(path))
        image = disk.make(path, size);
    if (!image.isNull() && (image.width() > bound.width() || image.height() > bound.height()))
        image = image.scaled(bound, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    // The format the raster engine paints from, so that turning it into a pixmap on the GUI thread is no
    // conversion.
    return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

} // namespace

ThumbnailCache::ThumbnailCache(QSize bound, qint64 maxBytes, QObject *parent)
    : QObject(parent), m_parallel(qBound(1, QThread::idealThreadCount() - 1, 2)), m_bound(bound),
      m_cache(maxBytes)
{}

QPixmap ThumbnailCache::thumbnail(const QString &path)
{
    if (path.isEmpty() || m_broken.contains(path))
        return {};
    if (const QPixmap *cached = m_cache.object(path))
        return *cached;
    if (m_requested.contains(path)) {
        // Asked again: it is on screen, so it goes to the front of the line.
        if (m_waiting.removeOne(path))
            m_waiting.append(path);
        return {};
    }
    m_requested.insert(path);
    m_waiting.append(path);
    startNext();
    return {};
}

void ThumbnailCache::startNext()
{
    while (m_running < m_parallel && !m_waiting.isEmpty()) {
        const QString path = m_waiting.takeLast();
        ++m_running;
        auto *watcher = new QFutureWatcher<QImage>(this);
        // The watcher is the cache's child: a cache that is gone is never called back.
        connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, path] {
            watcher->deleteLater();
            --m_running;
            take(path, watcher->result());
            startNext();
        });
        watcher->setFuture(QtConcurrent::run(decodeThumbnail, m_disk, path, m_bound));
    }
}

void ThumbnailCache::dropWaiting()
{
    for (const QString &path : std::as_const(m_waiting))
        m_requested.remove(path);
    m_waiting.clear();
}

void ThumbnailCache::take(const QString &path, const QImage &image)
{
    m_requested.remove(path);
    if (image.isNull()) {
        m_broken.insert(path);
    } else {
        auto *pixmap = new QPixmap(QPixmap::fromImage(image));
        const qint64 bytes = qint64(pixmap->width()) * pixmap->height() * qMax(1, pixmap->depth() / 8);
        m_cache.insert(path, pixmap, bytes);
    }
    Q_EMIT thumbnailReady(path);
}

} // namespace atelier
