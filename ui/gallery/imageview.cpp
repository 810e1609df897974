#include "imageview.h"

#include <QFutureWatcher>
#include <QImageReader>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QThreadPool>
#include <QWheelEvent>
#include <QtConcurrent>

#include <cmath>

namespace atelier {

namespace {

constexpr double kStep = 1.25;
constexpr double kMinZoom = 0.05;
constexpr double kMaxZoom = 8.0;

QImage decode(const QString &path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    return reader.read();
}

} // namespace

ImageView::ImageView(QWidget *parent) : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    setMinimumSize(160, 160);
    // One decode at a time, apart from the global pool, so thumbnails never wait behind full-size images.
    m_decoder = new QThreadPool(this);
    m_decoder->setMaxThreadCount(1);
    for (QScrollBar *bar : {horizontalScrollBar(), verticalScrollBar()})
        connect(bar, &QScrollBar::valueChanged, this, &ImageView::viewMoved);
}

void ImageView::setPath(const QString &path)
{
    if (path == m_path)
        return;
    m_path = path;
    m_image = QImage();
    m_pixmap = QPixmap();
    m_failed = false;
    m_loading = !path.isEmpty();
    m_fit = true;
    updateScrollBars();
    viewport()->update();
    // Loads of files chosen and left before they started are dropped. A cleared load never finishes, so its
    // watcher goes with it; a running one finishes unwatched.
    m_decoder->clear();
    delete m_watcher;
    if (path.isEmpty())
        return;
    auto *watcher = new QFutureWatcher<QImage>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        take(path, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(m_decoder, decode, path));
}

void ImageView::take(const QString &path, const QImage &image)
{
    if (path != m_path)
        return; // the selection moved on while it was decoding
    m_loading = false;
    m_failed = image.isNull();
    m_image = image;
    m_pixmap = QPixmap::fromImage(image);
    setZoom(fitZoom(), true);
    Q_EMIT imageLoaded();
}

void ImageView::zoomIn()
{
    setZoom(m_zoom * kStep, false);
}

void ImageView::zoomOut()
{
    setZoom(m_zoom / kStep, false);
}

void ImageView::zoomToFit()
{
    setZoom(fitZoom(), true);
}

QPointF ImageView::centre() const
{
    if (m_pixmap.isNull())
        return {0.5, 0.5};
    const QSizeF shown = QSizeF(m_pixmap.size()) * m_zoom;
    // Centred while smaller than the view: its middle is the middle.
    const double x = shown.width() <= viewport()->width()
                         ? 0.5
                         : (horizontalScrollBar()->value() + viewport()->width() / 2.0) / shown.width();
    const double y = shown.height() <= viewport()->height()
                         ? 0.5
                         : (verticalScrollBar()->value() + viewport()->height() / 2.0) / shown.height();
    return {x, y};
}

void ImageView::follow(double zoom, bool fitted, QPointF centre)
{
    if (fitted) {
        if (!m_fit || m_zoom != fitZoom())
            zoomToFit();
        return;
    }
    setZoom(zoom, false);
    const QSizeF shown = QSizeF(m_pixmap.size()) * m_zoom;
    horizontalScrollBar()->setValue(qRound(centre.x() * shown.width() - viewport()->width() / 2.0));
    verticalScrollBar()->setValue(qRound(centre.y() * shown.height() - viewport()->height() / 2.0));
}

double ImageView::fitZoom() const
{
    if (m_pixmap.isNull())
        return 1.0;
    const QSize area = viewport()->size();
    // Small images stay at their own size: enlarging only blurs them.
    return qMin(1.0,
                qMin(double(area.width()) / m_pixmap.width(), double(area.height()) / m_pixmap.height()));
}

void ImageView::setZoom(double zoom, bool fit)
{
    zoom = qBound(kMinZoom, zoom, kMaxZoom);
    // Keep the point at the centre of the view where it was.
    const QPointF centre((horizontalScrollBar()->value() + viewport()->width() / 2.0) / m_zoom,
                         (verticalScrollBar()->value() + viewport()->height() / 2.0) / m_zoom);
    m_zoom = zoom;
    m_fit = fit;
    updateScrollBars();
    horizontalScrollBar()->setValue(qRound(centre.x() * m_zoom - viewport()->width() / 2.0));
    verticalScrollBar()->setValue(qRound(centre.y() * m_zoom - viewport()->height() / 2.0));
    viewport()->update();
    Q_EMIT zoomChanged(m_zoom, m_fit);
    Q_EMIT viewMoved();
}

void ImageView::updateScrollBars()
{
    const QSize shown = m_pixmap.isNull() ? QSize() : (QSizeF(m_pixmap.size()) * m_zoom).toSize();
    horizontalScrollBar()->setRange(0, qMax(0, shown.width() - viewport()->width()));
    verticalScrollBar()->setRange(0, qMax(0, shown.height() - viewport()->height()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    verticalScrollBar()->setPageStep(viewport()->height());
}

void ImageView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    if (m_pixmap.isNull()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        const QString text = m_loading  ? tr("Loading the image…")
                             : m_failed ? tr("This image could not be opened. The file may have been moved.")
                                        : QString();
        painter.drawText(viewport()->rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         text);
        return;
    }
    const QSize shown = (QSizeF(m_pixmap.size()) * m_zoom).toSize();
    // Centred while smaller than the view, scrolled once larger.
    const int x = shown.width() < viewport()->width() ? (viewport()->width() - shown.width()) / 2
                                                      : -horizontalScrollBar()->value();
    const int y = shown.height() < viewport()->height() ? (viewport()->height() - shown.height()) / 2
                                                        : -verticalScrollBar()->value();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 2.0);
    painter.drawPixmap(QRect(QPoint(x, y), shown), m_pixmap);
}

void ImageView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    if (m_fit && !m_pixmap.isNull())
        setZoom(fitZoom(), true);
    else
        updateScrollBars();
}

void ImageView::wheelEvent(QWheelEvent *event)
{
    if (m_pixmap.isNull() || event->angleDelta().y() == 0) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    setZoom(m_zoom * std::pow(kStep, event->angleDelta().y() / 120.0), false);
    event->accept();
}

void ImageView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_0:
        zoomToFit();
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ImageView::mousePressEvent(QMouseEvent *event)
{
    m_dragFrom = event->position().toPoint();
    viewport()->setCursor(Qt::ClosedHandCursor);
}

void ImageView::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const QPoint delta = event->position().toPoint() - m_dragFrom;
    m_dragFrom = event->position().toPoint();
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
}

void ImageView::mouseReleaseEvent(QMouseEvent *)
{
    viewport()->unsetCursor();
}

} // namespace atelier
