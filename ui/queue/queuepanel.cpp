#include "queuepanel.h"

#include "currentprofile.h"
#include "engine/imagegenerationservice.h"
#include "icons.h"
#include "queuedelegate.h"
#include "queuemodel.h"
#include "studiocontext.h"

#include <QAction>
#include <QEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace atelier {

QueuePanel::QueuePanel(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_model = new QueueModel(context.service, context.profile, this);
    m_delegate = new QueueDelegate(this);
    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("queueView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    m_view->setMouseTracking(true);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);

    auto *title = new QLabel(tr("Queue"), this);
    QFont font = title->font();
    font.setBold(true);
    title->setFont(font);
    auto *clear = new QToolButton(this);
    clear->setText(tr("Clear finished"));
    clear->setIcon(Icons::icon(QStringLiteral("clear")));
    clear->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    clear->setAutoRaise(true);
    clear->setToolTip(tr("Remove the failed and cancelled jobs from this list; they stay in the gallery"));
    m_empty = new QLabel(tr("Nothing in the queue.\nType a prompt and press Generate."), m_view->viewport());
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_view->viewport()->installEventFilter(this);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->hide();

    auto *header = new QHBoxLayout;
    header->addWidget(title, 1);
    header->addWidget(clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);

    auto *cancelSelected = new QAction(tr("Cancel the selected job"), this);
    cancelSelected->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    cancelSelected->setShortcutContext(Qt::WindowShortcut);
    connect(cancelSelected, &QAction::triggered, this, [this] {
        if (const QModelIndex index = m_view->currentIndex(); index.isValid())
            cancel(index.data(QueueModel::IdRole).toLongLong());
    });
    auto *retrySelected = new QAction(tr("Retry the selected job"), this);
    retrySelected->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    retrySelected->setShortcutContext(Qt::WindowShortcut);
    connect(retrySelected, &QAction::triggered, this, [this] {
        if (const QModelIndex index = m_view->currentIndex(); index.isValid())
            retry(index.data(QueueModel::IdRole).toLongLong());
    });
    addActions({cancelSelected, retrySelected});

    connect(clear, &QToolButton::clicked, m_model, &QueueModel::dismissEnded);
    connect(m_delegate, &QueueDelegate::cancelClicked, this, &QueuePanel::cancel);
    connect(m_delegate, &QueueDelegate::retryClicked, this, &QueuePanel::retry);
    connect(m_delegate, &QueueDelegate::dismissClicked, m_model, &QueueModel::dismiss);
    connect(m_view, &QListView::customContextMenuRequested, this, &QueuePanel::showMenu);
    connect(m_model, &QueueModel::rowsInserted, this, &QueuePanel::updateEmptyState);
    connect(m_model, &QueueModel::rowsRemoved, this, &QueuePanel::updateEmptyState);
    connect(m_model, &QueueModel::modelReset, this, &QueuePanel::updateEmptyState);
    updateEmptyState();
}

void QueuePanel::cancel(qint64 id)
{
    const GenerationError error = m_context.service.cancelGeneration(id, m_context.profile.id());
    showMessage(error.isError() ? error.message : QString());
}

void QueuePanel::retry(qint64 id)
{
    const ImageGenerationService::Submission submission =
        m_context.service.retryGeneration(id, m_context.profile.id());
    showMessage(submission.error.isError() ? submission.error.message : QString());
}

void QueuePanel::showMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (!index.isValid())
        return;
    const qint64 id = index.data(QueueModel::IdRole).toLongLong();
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (index.data(QueueModel::CanCancelRole).toBool())
        menu->addAction(Icons::icon(QStringLiteral("cancel")), tr("Cancel"), this,
                        [this, id] { cancel(id); });
    if (index.data(QueueModel::CanRetryRole).toBool()) {
        menu->addAction(Icons::icon(QStringLiteral("retry")), tr("Retry"), this, [this, id] { retry(id); });
        menu->addAction(tr("Dismiss"), m_model, [this, id] { m_model->dismiss(id); });
    }
    menu->popup(m_view->viewport()->mapToGlobal(position));
}

void QueuePanel::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

bool QueuePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_empty->setGeometry(m_view->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

void QueuePanel::updateEmptyState()
{
    m_empty->setVisible(m_model->rowCount() == 0);
}

} // namespace atelier
