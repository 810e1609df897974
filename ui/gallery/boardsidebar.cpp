#include "boardsidebar.h"

#include "boardlistmodel.h"
#include "currentprofile.h"
#include "engine/imagegenerationservice.h"
#include "icons.h"
#include "inlineconfirmation.h"
#include "studiocontext.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace atelier {

namespace {

// A board's name with its count on the right, quieter.
class BoardDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // A count read again while a name is being typed must not put the old name back.
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (const auto *line = qobject_cast<QLineEdit *>(editor); line && line->isModified())
            return;
        QStyledItemDelegate::setEditorData(editor, index);
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const int count = index.data(BoardListModel::CountRole).toInt();
        QStyleOptionViewItem item = option;
        initStyleOption(&item, index);
        const QString number = count >= 0 ? QLocale().toString(count) : QString();
        const int room = number.isEmpty() ? 0 : option.fontMetrics.horizontalAdvance(number) + 12;
        item.rect.setRight(item.rect.right() - room);
        QStyledItemDelegate::paint(painter, option, index);
        if (number.isEmpty())
            return;
        const bool selected = option.state & QStyle::State_Selected;
        painter->save();
        painter->setPen(
            option.palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
        painter->drawText(option.rect.adjusted(0, 0, -6, 0), Qt::AlignRight | Qt::AlignVCenter, number);
        painter->restore();
    }
};

} // namespace

BoardSidebar::BoardSidebar(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_model = new BoardListModel(context.service, context.profile, this);
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("boardList"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new BoardDelegate(m_list));
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->setAcceptDrops(true);
    m_list->setDropIndicatorShown(true);
    m_list->setDragDropMode(QAbstractItemView::DropOnly);
    m_list->setDefaultDropAction(Qt::CopyAction);
    m_list->setCurrentIndex(m_model->index(0));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("newBoardField"));
    m_name->setPlaceholderText(tr("New board…"));
    m_name->addAction(Icons::icon(QStringLiteral("add")), QLineEdit::LeadingPosition);
    m_name->setToolTip(tr("Type a name and press Enter to make a board, then drag results onto it"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("boardMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *title = new QLabel(tr("Boards"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_name);
    layout->addWidget(m_message);

    m_confirmation = new InlineConfirmation(this);
    layout->addWidget(m_confirmation);
    connect(m_confirmation, &InlineConfirmation::confirmed, this, &BoardSidebar::deleteChosen);
    auto *remove = new QAction(Icons::icon(QStringLiteral("delete")), tr("Delete board…"), m_list);
    remove->setObjectName(QStringLiteral("deleteBoardAction"));
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, &BoardSidebar::askToDelete);
    auto *rename = new QAction(Icons::icon(QStringLiteral("rename")), tr("Rename board"), m_list);
    connect(rename, &QAction::triggered, this, [this] {
        if (m_list->currentIndex().row() > 0)
            m_list->edit(m_list->currentIndex());
    });
    m_list->addActions({rename, remove});
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_name, &QLineEdit::returnPressed, this, &BoardSidebar::create);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &BoardSidebar::choose);
    connect(m_model, &BoardListModel::modelReset, this, [this] {
        // The boards were read again: the chosen one stays chosen while it is there.
        m_list->setCurrentIndex(m_model->index(m_model->rowOf(m_chosen)));
    });
    connect(m_model, &BoardListModel::failed, this, [this](const QString &message) { say(message, true); });
    connect(m_model, &BoardListModel::added, this, [this](const QString &board, int count) {
        say(count == 1 ? tr("Added 1 result to \"%1\".").arg(board)
                       : tr("Added %1 results to \"%2\".").arg(count).arg(board),
            false);
    });
}

void BoardSidebar::create()
{
    GenerationError error;
    const std::optional<Board> board =
        m_context.service.createBoard(m_context.profile.id(), m_name->text(), &error);
    if (!board) {
        say(error.message, true);
        return;
    }
    m_name->clear();
    say(tr("Drag results onto \"%1\" to add them.").arg(board->name), false);
}

void BoardSidebar::choose()
{
    const qint64 chosen = m_list->currentIndex().data(BoardListModel::BoardIdRole).toLongLong();
    if (chosen == m_chosen)
        return;
    m_chosen = chosen;
    Q_EMIT boardChosen(chosen);
}

void BoardSidebar::askToDelete()
{
    const QModelIndex current = m_list->currentIndex();
    if (current.row() < 1)
        return;
    m_toDelete = current.data(BoardListModel::BoardIdRole).toLongLong();
    const int count = current.data(BoardListModel::CountRole).toInt();
    m_confirmation->ask(
        count == 1
            ? tr("Delete the board \"%1\"? Its result stays in the gallery.").arg(current.data().toString())
            : tr("Delete the board \"%1\"? Its %2 results stay in the gallery.")
                  .arg(current.data().toString())
                  .arg(count),
        tr("Delete board"));
}

void BoardSidebar::deleteChosen()
{
    // The board asked about, wherever the choice has moved since.
    const int row = m_model->rowOf(m_toDelete);
    if (row < 1)
        return;
    const QModelIndex board = m_model->index(row);
    const QString name = board.data().toString();
    const int count = board.data(BoardListModel::CountRole).toInt();
    const GenerationError error = m_context.service.deleteBoard(m_toDelete, m_context.profile.id());
    if (error.isError()) {
        say(tr("Could not delete the board: %1").arg(error.message), true);
        return;
    }
    say(count == 1 ? tr("Deleted \"%1\"; its result stays in the gallery.").arg(name)
                   : tr("Deleted \"%1\"; its %2 results stay in the gallery.").arg(name).arg(count),
        false);
}

void BoardSidebar::say(const QString &message, bool trouble)
{
    m_message->setText(message);
    m_message->setForegroundRole(trouble ? QPalette::Text : QPalette::PlaceholderText);
    m_message->setVisible(!message.isEmpty());
}

} // namespace atelier
