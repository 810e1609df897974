#pragma once

#include <QAbstractScrollArea>
#include <QImage>
#include <QPixmap>
#include <QPoint>
#include <QPointer>

class QThreadPool;
template<typename T> class QFutureWatcher;

namespace atelier {

// One image at full resolution, fitted to the view or zoomed (wheel, + and -, 0 to fit) and panned by
// dragging. The file is decoded on the view's own one-thread pool; until then the view says it is loading.
class ImageView final : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit ImageView(QWidget *parent = nullptr);

    // Loads the file; an empty path shows nothing. A load still waiting for an earlier file is dropped, one
    // already running is ignored.
    void setPath(const QString &path);
    QString path() const { return m_path; }
    // The decoded image; null until it is loaded.
    QImage image() const { return m_image; }
    double zoom() const { return m_zoom; }
    bool isFitted() const { return m_fit; }

    void zoomIn();
    void zoomOut();
    void zoomToFit();
    // The point of the image at the centre of the view, as fractions of its width and height.
    QPointF centre() const;
    // Looks as another view does: the same zoom (or fitted) around the same point, for views kept in step.
    void follow(double zoom, bool fitted, QPointF centre);

Q_SIGNALS:
    void zoomChanged(double zoom, bool fitted);
    // Zoomed or panned, by the person or by a call.
    void viewMoved();
    // The image of path() is decoded (or could not be: image() is null).
    void imageLoaded();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void take(const QString &path, const QImage &image);
    void setZoom(double zoom, bool fit);
    double fitZoom() const;
    void updateScrollBars();

    QThreadPool *m_decoder;
    QPointer<QFutureWatcher<QImage>> m_watcher; // the latest load; gone once it has finished
    QString m_path;
    QImage m_image;
    QPixmap m_pixmap;
    bool m_loading = false;
    bool m_failed = false;
    double m_zoom = 1.0;
    bool m_fit = true;
    QPoint m_dragFrom;
};

} // namespace atelier
