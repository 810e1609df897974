#pragma once

#include "domain/board.h"

#include <QAbstractListModel>
#include <QList>

namespace atelier {

class CurrentProfile;
class ImageGenerationService;

// The current profile's boards for the gallery's sidebar: a first row for all results, then each board by
// name with how many results are on it. Results dropped on a board join it; a board's name is edited in
// place. It reads the boards again whenever they may have changed, here or in another process; a name being
// typed stays as typed meanwhile.
class BoardListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BoardListModel)
public:
    enum Role
    {
        BoardIdRole = Qt::UserRole + 1, // 0 for the row of all results
        CountRole,                      // -1 for the row of all results
    };
    // The ids of the results a drag carries, as JSON ([12, 14]).
    static QString idsMimeType() { return QStringLiteral("application/x-atelier-generation-ids"); }

    BoardListModel(ImageGenerationService &service, CurrentProfile &profile, QObject *parent = nullptr);

    // The row of a board; 0 (all results) when it is not there.
    int rowOf(qint64 boardId) const;
    // Reads the boards again once the event loop runs (several asks, one read).
    void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

Q_SIGNALS:
    // A change was refused (a taken name, say): why, in words.
    void failed(const QString &message);
    // Results were dropped on a board.
    void added(const QString &board, int count);

private:
    void read();

    ImageGenerationService &m_service;
    CurrentProfile &m_profile;
    QList<Board> m_boards;
    bool m_refreshing = false;
};

} // namespace atelier
