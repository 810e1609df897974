#include "requestfiledrop.h"

#include <QDropEvent>
#include <QFutureWatcher>
#include <QMimeData>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace atelier {

namespace {

// The one local file a drag carries when it may hold a request; empty otherwise.
QString droppedFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1)
        return {};
    const QString path = mime->urls().constFirst().toLocalFile();
    return RequestImport::mayHold(path) ? path : QString();
}

} // namespace

RequestFileDrop::RequestFileDrop(const ModelCatalog &catalog, std::function<GenerationRequest()> base,
                                 QObject *parent)
    : QObject(parent), m_catalog(catalog), m_base(std::move(base))
{}

void RequestFileDrop::watch(QWidget *widget)
{
    widget->setAcceptDrops(true);
    widget->installEventFilter(this);
}

void RequestFileDrop::read(const QString &path)
{
    // Only the latest drop counts: one read earlier but finishing later is dropped.
    const quint64 drop = ++m_lastDrop;
    auto *watcher = new QFutureWatcher<RequestFile>(this);
    connect(watcher, &QFutureWatcher<RequestFile>::finished, this, [this, watcher, drop] {
        watcher->deleteLater();
        if (drop != m_lastDrop)
            return;
        // Merged onto the form as it is now, so what was typed while the file was read stays.
        Q_EMIT imported(RequestImport::fromRead(watcher->result(), m_catalog, m_base()));
    });
    watcher->setFuture(QtConcurrent::run([path] { return RequestImport::read(path); }));
}

bool RequestFileDrop::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        if (droppedFile(drag->mimeData()).isEmpty())
            break;
        drag->acceptProposedAction();
        return true;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        const QString path = droppedFile(drop->mimeData());
        if (path.isEmpty())
            break;
        drop->acceptProposedAction();
        read(path);
        return true;
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace atelier
