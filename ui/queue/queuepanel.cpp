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
#include <QMessageBox>
#include <QPushButton>
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
    // Waiting jobs are dragged to their new place; the rows follow the queue's order.
    m_view->setDragEnabled(true);
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDragDropOverwriteMode(false);

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

    m_pause = new QToolButton(this);
    m_pause->setObjectName(QStringLiteral("pauseQueue"));
    m_pause->setCheckable(true);
    m_pause->setAutoRaise(true);
    m_pause->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_pause, &QToolButton::clicked, this, [this](bool pause) { setQueuePaused(pause); });
    connect(&context.service, &ImageGenerationService::queuePausedChanged, this, &QueuePanel::showPaused);
    showPaused(context.service.isQueuePaused());

    auto *header = new QHBoxLayout;
    header->addWidget(title, 1);
    header->addWidget(m_pause);
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
    connect(m_model, &QueueModel::moveRefused, this, &QueuePanel::showMessage);
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
    if (index.data(QueueModel::CanSteerRole).toBool())
        addSteering(menu, id, index);
    menu->popup(m_view->viewport()->mapToGlobal(position));
}

void QueuePanel::addSteering(QMenu *menu, qint64 id, const QModelIndex &index)
{
    menu->addSeparator();
    menu->addAction(tr("Move to Top"), this, [this, id] { move(id, QueuePlace::Top); });
    menu->addAction(tr("Move to Bottom"), this, [this, id] { move(id, QueuePlace::Bottom); });
    const bool held = index.data(QueueModel::HeldRole).toBool();
    menu->addAction(held ? tr("Resume") : tr("Pause"), this, [this, id, held] { setHeld(id, !held); });
    QMenu *priorities = menu->addMenu(tr("Priority"));
    const auto current = Priority(index.data(QueueModel::PriorityRole).toInt());
    for (const auto &[priority, label] :
         {std::pair{Priority::High, tr("High")}, std::pair{Priority::Normal, tr("Normal")},
          std::pair{Priority::Low, tr("Low")}}) {
        QAction *action = priorities->addAction(label, this, [this, id, priority = priority] {
            report(m_context.service.setGenerationPriority(id, m_context.profile.id(), priority));
        });
        action->setCheckable(true);
        action->setChecked(priority == current);
    }
    menu->addSeparator();
    menu->addAction(tr("Cancel All Waiting…"), this, &QueuePanel::cancelAllPending);
}

void QueuePanel::move(qint64 id, QueuePlace place)
{
    report(m_context.service.moveGeneration(id, m_context.profile.id(), place));
}

void QueuePanel::setHeld(qint64 id, bool held)
{
    report(m_context.service.setGenerationHeld(id, m_context.profile.id(), held));
}

void QueuePanel::setQueuePaused(bool paused)
{
    report(m_context.service.setQueuePaused(paused));
    showPaused(m_context.service.isQueuePaused());
}

void QueuePanel::cancelAllPending()
{
    int waiting = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        waiting += m_model->index(row).data(QueueModel::CanSteerRole).toBool();
    if (waiting == 0)
        return;
    QMessageBox question(
        QMessageBox::Question, tr("Cancel All Waiting"),
        tr("Cancel all %n waiting job(s) of this profile? Their tokens come back; running jobs "
           "go on.",
           nullptr, waiting),
        QMessageBox::NoButton, this);
    question.setObjectName(QStringLiteral("cancelAllQuestion"));
    QPushButton *confirm = question.addButton(tr("Cancel All Waiting"), QMessageBox::DestructiveRole);
    question.addButton(tr("Keep Them"), QMessageBox::RejectRole);
    question.setDefaultButton(qobject_cast<QPushButton *>(question.buttons().constLast()));
    question.exec();
    if (question.clickedButton() != confirm)
        return;
    GenerationError error;
    m_context.service.cancelAllPending(m_context.profile.id(), &error);
    report(error);
}

void QueuePanel::showPaused(bool paused)
{
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume queue") : tr("Pause queue"));
    m_pause->setIcon(Icons::icon(paused ? QStringLiteral("resume") : QStringLiteral("pause")));
    m_pause->setToolTip(paused
                            ? tr("Start waiting jobs again, in this window and every other Atelier program")
                            : tr("Let running jobs finish and start no others, here and in every other "
                                 "Atelier program, until resumed"));
}

void QueuePanel::report(const GenerationError &error)
{
    showMessage(error.isError() ? error.message : QString());
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
