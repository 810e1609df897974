#include "boardlistmodel.h"

#include "currentprofile.h"
#include "engine/imagegenerationservice.h"
#include "icons.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMimeData>

#include <algorithm>

namespace atelier {

namespace {

QList<qint64> idsIn(const QMimeData *data)
{
    QList<qint64> ids;
    const QJsonArray array = QJsonDocument::fromJson(data->data(BoardListModel::idsMimeType())).array();
    for (const QJsonValue &value : array) {
        if (value.toInteger() > 0)
            ids.append(value.toInteger());
    }
    return ids;
}

} // namespace

BoardListModel::BoardListModel(ImageGenerationService &service, CurrentProfile &profile, QObject *parent)
    : QAbstractListModel(parent), m_service(service), m_profile(profile)
{
    const auto refreshFor = [this](qint64 profileId) {
        if (profileId == m_profile.id())
            refresh();
    };
    connect(&profile, &CurrentProfile::changedTo, this, &BoardListModel::refresh);
    connect(&service, &ImageGenerationService::boardsChanged, this, refreshFor);
    connect(&service, &ImageGenerationService::generationsMarked, this, refreshFor);
    connect(&service, &ImageGenerationService::generationDeleted, this,
            [refreshFor](qint64, qint64 profileId) { refreshFor(profileId); });
    connect(&service, &ImageGenerationService::changedElsewhere, this, &BoardListModel::refresh);
    read();
}

void BoardListModel::refresh()
{
    // Later, not inside the call that changed the boards: a rename comes from setData(), while its editor is
    // still open.
    if (m_refreshing)
        return;
    m_refreshing = true;
    QMetaObject::invokeMethod(this, &BoardListModel::read, Qt::QueuedConnection);
}

void BoardListModel::read()
{
    m_refreshing = false;
    const QList<Board> boards = m_profile.id() > 0 ? m_service.boards(m_profile.id()) : QList<Board>{};
    // The same boards: the rows stay (and with them the choice), and only a changed count is said.
    const bool sameRows =
        std::equal(boards.cbegin(), boards.cend(), m_boards.cbegin(), m_boards.cend(),
                   [](const Board &a, const Board &b) { return a.id == b.id && a.name == b.name; });
    if (sameRows) {
        for (int i = 0; i < boards.size(); ++i) {
            if (boards.at(i).count != m_boards.at(i).count) {
                m_boards[i].count = boards.at(i).count;
                Q_EMIT dataChanged(index(i + 1), index(i + 1), {CountRole});
            }
        }
        return;
    }
    beginResetModel();
    m_boards = boards;
    endResetModel();
}

int BoardListModel::rowOf(qint64 boardId) const
{
    for (int i = 0; i < m_boards.size(); ++i) {
        if (m_boards.at(i).id == boardId)
            return i + 1;
    }
    return 0;
}

int BoardListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_boards.size()) + 1;
}

QVariant BoardListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (index.row() == 0) {
        switch (role) {
        case Qt::DisplayRole:
            return tr("All results");
        case Qt::DecorationRole:
            return Icons::icon(QStringLiteral("gallery"));
        case BoardIdRole:
            return qint64(0);
        case CountRole:
            return -1;
        default:
            return {};
        }
    }
    const Board &board = m_boards.at(index.row() - 1);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return board.name;
    case Qt::DecorationRole:
        return Icons::icon(QStringLiteral("board"));
    case Qt::ToolTipRole:
        return tr("%1: drop results here to add them; double-click to rename").arg(board.name);
    case BoardIdRole:
        return board.id;
    case CountRole:
        return board.count;
    default:
        return {};
    }
}

bool BoardListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.row() < 1 || index.row() > m_boards.size())
        return false;
    const Board &board = m_boards.at(index.row() - 1);
    if (value.toString().simplified() == board.name)
        return false;
    const GenerationError error = m_service.renameBoard(board.id, m_profile.id(), value.toString());
    if (error.isError()) {
        Q_EMIT failed(tr("Could not rename the board: %1").arg(error.message));
        return false;
    }
    return true; // boardsChanged() brings the new name
}

Qt::ItemFlags BoardListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid() && index.row() > 0)
        flags |= Qt::ItemIsEditable | Qt::ItemIsDropEnabled;
    return flags;
}

QStringList BoardListModel::mimeTypes() const
{
    return {idsMimeType()};
}

Qt::DropActions BoardListModel::supportedDropActions() const
{
    // Copied, never moved: a result on a board stays in the gallery.
    return Qt::CopyAction;
}

bool BoardListModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int,
                                     const QModelIndex &parent) const
{
    // Onto a board, not between rows.
    return parent.isValid() && parent.row() > 0 && data->hasFormat(idsMimeType());
}

bool BoardListModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                  const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const QList<qint64> ids = idsIn(data);
    if (ids.isEmpty())
        return false;
    const Board board = m_boards.at(parent.row() - 1);
    const GenerationError error = m_service.addToBoard(board.id, ids, m_profile.id());
    if (error.isError()) {
        Q_EMIT failed(tr("Could not add to \"%1\": %2").arg(board.name, error.message));
        return false;
    }
    Q_EMIT added(board.name, int(ids.size()));
    return true;
}

} // namespace atelier
