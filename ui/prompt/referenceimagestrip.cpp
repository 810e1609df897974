#include "referenceimagestrip.h"

#include "icons.h"

#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace atelier {

namespace {
constexpr int kThumbnail = 56;

bool isImageFile(const QString &path)
{
    return QFileInfo(path).isFile() && !QImageReader::imageFormat(path).isEmpty();
}

QStringList localFiles(const QMimeData *mime)
{
    QStringList files;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile())
            files << url.toLocalFile();
    }
    return files;
}
} // namespace

ReferenceImageStrip::ReferenceImageStrip(const QString &title, QWidget *parent) : QWidget(parent)
{
    setAcceptDrops(true);
    auto *heading = new QLabel(title, this);
    auto *add = new QToolButton(this);
    add->setIcon(Icons::icon(QStringLiteral("add")));
    add->setToolTip(tr("Add images…"));
    add->setAutoRaise(true);
    m_remove = new QToolButton(this);
    m_remove->setIcon(Icons::icon(QStringLiteral("delete")));
    m_remove->setToolTip(tr("Remove the selected images (Delete)"));
    m_remove->setAutoRaise(true);
    m_remove->setEnabled(false);

    m_list = new QListWidget(this);
    m_list->setViewMode(QListView::IconMode);
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(false);
    m_list->setIconSize(QSize(kThumbnail, kThumbnail));
    m_list->setFixedHeight(kThumbnail + 22);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setDragDropMode(QAbstractItemView::NoDragDrop);
    m_list->setAcceptDrops(false);
    m_list->installEventFilter(this);
    m_list->viewport()->installEventFilter(this);
    m_hint = new QLabel(m_list->viewport());
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setWordWrap(true);

    auto *header = new QHBoxLayout;
    header->addWidget(heading, 1);
    header->addWidget(add);
    header->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_list);
    showHint();

    connect(add, &QToolButton::clicked, this, &ReferenceImageStrip::pickFiles);
    connect(m_remove, &QToolButton::clicked, this, &ReferenceImageStrip::removeSelected);
    connect(m_list, &QListWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_list->selectedItems().isEmpty()); });
}

void ReferenceImageStrip::setPaths(const QStringList &paths)
{
    m_paths.clear();
    m_list->clear();
    for (const QString &path : paths) {
        m_paths << path;
        addItem(path);
    }
    showHint();
    Q_EMIT pathsChanged();
}

void ReferenceImageStrip::addPaths(const QStringList &paths)
{
    QStringList refused;
    for (const QString &path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (m_paths.contains(absolute))
            continue;
        if (!isImageFile(absolute)) {
            refused << QFileInfo(path).fileName();
            continue;
        }
        m_paths << absolute;
        addItem(absolute);
    }
    showHint();
    if (!refused.isEmpty())
        m_hint->setText(tr("Not an image: %1").arg(refused.join(QStringLiteral(", "))));
    m_hint->setVisible(m_paths.isEmpty() || !refused.isEmpty());
    Q_EMIT pathsChanged();
}

void ReferenceImageStrip::addItem(const QString &path)
{
    auto *item = new QListWidgetItem(Icons::icon(QStringLiteral("image")), QString(), m_list);
    item->setToolTip(path);
    item->setData(Qt::UserRole, path);
    // Decoding a photo takes tens of milliseconds: done on the pool, shown when ready. A watcher the strip
    // owns, not then(this, ...): Qt 6.4 asserts in then() when the strip closed before the decode ended.
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const QImage image = watcher->result();
        if (image.isNull())
            return;
        for (int row = 0; row < m_list->count(); ++row) {
            if (m_list->item(row)->data(Qt::UserRole).toString() == path)
                m_list->item(row)->setIcon(QIcon(QPixmap::fromImage(image)));
        }
    });
    watcher->setFuture(QtConcurrent::run([path] {
        QImageReader reader(path);
        reader.setAutoTransform(true);
        const QSize size = reader.size();
        if (size.isValid())
            reader.setScaledSize(size.scaled(kThumbnail * 2, kThumbnail * 2, Qt::KeepAspectRatio));
        return reader.read();
    }));
}

void ReferenceImageStrip::removeSelected()
{
    const QList<QListWidgetItem *> selected = m_list->selectedItems();
    if (selected.isEmpty())
        return;
    for (QListWidgetItem *item : selected) {
        m_paths.removeAll(item->data(Qt::UserRole).toString());
        delete item;
    }
    showHint();
    Q_EMIT pathsChanged();
}

void ReferenceImageStrip::pickFiles()
{
    auto *dialog = new QFileDialog(this, tr("Add reference images"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setNameFilter(tr("Images (*.png *.jpg *.jpeg *.webp)"));
    connect(dialog, &QFileDialog::filesSelected, this, &ReferenceImageStrip::addPaths);
    dialog->open();
}

void ReferenceImageStrip::showHint()
{
    m_hint->setText(tr("Drop images here"));
    m_hint->setGeometry(m_list->viewport()->rect());
    m_hint->setVisible(m_paths.isEmpty());
}

void ReferenceImageStrip::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localFiles(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
        m_list->viewport()->setBackgroundRole(QPalette::AlternateBase);
    }
}

void ReferenceImageStrip::dragLeaveEvent(QDragLeaveEvent *event)
{
    Q_UNUSED(event)
    m_list->viewport()->setBackgroundRole(QPalette::Base);
}

void ReferenceImageStrip::dropEvent(QDropEvent *event)
{
    m_list->viewport()->setBackgroundRole(QPalette::Base);
    addPaths(localFiles(event->mimeData()));
    event->acceptProposedAction();
}

bool ReferenceImageStrip::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace) {
            removeSelected();
            return true;
        }
    }
    // The hint covers the viewport, whose size is known only once the list is laid out.
    if (watched == m_list->viewport() && event->type() == QEvent::Resize)
        m_hint->setGeometry(m_list->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

} // namespace atelier
