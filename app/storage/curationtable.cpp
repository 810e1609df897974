#include "curationtable.h"

#include "eventlog.h"
#include "sql.h"
#include "statement.h"
#include "transaction.h"

#include <QSet>

namespace atelier {

namespace {

GenerationError validation(const QString &message)
{
    return GenerationError::make(GenerationError::Category::Validation, message);
}

QVariantList idList(const QList<qint64> &ids)
{
    QVariantList list;
    for (const qint64 id : ids)
        list.append(id);
    return list;
}

} // namespace

bool CurationTable::setFavorite(const QList<qint64> &ids, qint64 profileId, bool favorite, qint64 nowMs,
                                GenerationError *error)
{
    return changeGenerations(
        ids, profileId, QStringLiteral("Could not change the favourites"),
        favorite ? QStringLiteral("favorited") : QStringLiteral("unfavorited"), {}, nowMs,
        [this, favorite](const QString &json, GenerationError *failure) {
            Statement query(m_db);
            // Only rows that change, so that the change feed does not tell of the others.
            return Sql::run(query,
                            QStringLiteral("UPDATE generations SET favorite = ?"
                                           " WHERE id IN (SELECT value FROM json_each(?)) AND favorite != ?"),
                            {favorite ? 1 : 0, json, favorite ? 1 : 0},
                            QStringLiteral("Could not change the favourites"), failure);
        },
        error);
}

bool CurationTable::setRating(const QList<qint64> &ids, qint64 profileId, int rating, qint64 nowMs,
                              GenerationError *error)
{
    if (rating < 0 || rating > 5) {
        *error = validation(QStringLiteral("A rating is a number from 0 (none) to 5, not %1.").arg(rating));
        return false;
    }
    return changeGenerations(
        ids, profileId, QStringLiteral("Could not change the rating"), QStringLiteral("rated"),
        {{QStringLiteral("rating"), rating}}, nowMs,
        [this, rating](const QString &json, GenerationError *failure) {
            Statement query(m_db);
            return Sql::run(query,
                            QStringLiteral("UPDATE generations SET rating = ?"
                                           " WHERE id IN (SELECT value FROM json_each(?)) AND rating != ?"),
                            {rating, json, rating}, QStringLiteral("Could not change the rating"), failure);
        },
        error);
}

bool CurationTable::changeTags(const QList<qint64> &ids, qint64 profileId, const QStringList &add,
                               const QStringList &remove, qint64 nowMs, GenerationError *error)
{
    const QString what = QStringLiteral("Could not change the tags");
    return changeGenerations(
        ids, profileId, what, QStringLiteral("tagged"),
        {{QStringLiteral("added"), add}, {QStringLiteral("removed"), remove}}, nowMs,
        [this, &add, &remove, &what](const QString &json, GenerationError *failure) {
            Statement query(m_db);
            for (const QString &tag : add) {
                if (!Sql::run(query,
                              QStringLiteral("INSERT OR IGNORE INTO generation_tags (generation_id, tag)"
                                             " SELECT value, ? FROM json_each(?)"),
                              {tag, json}, what, failure))
                    return false;
            }
            for (const QString &tag : remove) {
                if (!Sql::run(query,
                              QStringLiteral("DELETE FROM generation_tags WHERE tag = ?"
                                             " AND generation_id IN (SELECT value FROM json_each(?))"),
                              {tag, json}, what, failure))
                    return false;
            }
            return true;
        },
        error);
}

QList<TagCount> CurationTable::tags(qint64 profileId) const
{
    QList<TagCount> tags;
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral("SELECT t.tag, COUNT(*) FROM generation_tags t"
                                 " JOIN generations g ON g.id = t.generation_id"
                                 " WHERE g.profile_id = ? AND g.deleted_at IS NULL"
                                 " GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag"),
                  {profileId}, QStringLiteral("Could not read the tags"), nullptr))
        return tags;
    while (query.next())
        tags.append({query.value(0).toString(), query.value(1).toInt()});
    return tags;
}

std::optional<Board> CurationTable::createBoard(qint64 profileId, const QString &name, qint64 nowMs,
                                                GenerationError *error)
{
    const QString what = QStringLiteral("Could not create the board");
    Transaction transaction(m_db, what, error);
    if (!transaction.isActive() || nameTaken(profileId, name, 0, what, error))
        return std::nullopt;
    Statement query(m_db);
    if (!Sql::run(query, QStringLiteral("INSERT INTO boards (profile_id, name, created_at) VALUES (?, ?, ?)"),
                  {profileId, name, nowMs}, what, error))
        return std::nullopt;
    Board board;
    board.id = query.lastInsertId().toLongLong();
    board.profileId = profileId;
    board.name = name;
    board.createdAt = QDateTime::fromMSecsSinceEpoch(nowMs);
    query.finish();
    if (!m_events.write(nowMs, profileId, 0, QStringLiteral("board_created"),
                        {{QStringLiteral("board"), board.id}, {QStringLiteral("name"), name}}, error) ||
        !transaction.commit(error))
        return std::nullopt;
    return board;
}

bool CurationTable::renameBoard(qint64 boardId, qint64 profileId, const QString &name, qint64 nowMs,
                                GenerationError *error)
{
    const QString what = QStringLiteral("Could not rename the board");
    Transaction transaction(m_db, what, error);
    if (!transaction.isActive())
        return false;
    const std::optional<QString> old = boardName(boardId, profileId, what, error);
    if (!old || nameTaken(profileId, name, boardId, what, error))
        return false;
    Statement query(m_db);
    return Sql::run(query, QStringLiteral("UPDATE boards SET name = ? WHERE id = ?"), {name, boardId}, what,
                    error) &&
           m_events.write(nowMs, profileId, 0, QStringLiteral("board_renamed"),
                          {{QStringLiteral("board"), boardId},
                           {QStringLiteral("from"), *old},
                           {QStringLiteral("name"), name}},
                          error) &&
           transaction.commit(error);
}

bool CurationTable::deleteBoard(qint64 boardId, qint64 profileId, qint64 nowMs, GenerationError *error)
{
    const QString what = QStringLiteral("Could not delete the board");
    Transaction transaction(m_db, what, error);
    if (!transaction.isActive())
        return false;
    const std::optional<QString> name = boardName(boardId, profileId, what, error);
    if (!name)
        return false;
    Statement query(m_db);
    return Sql::run(query, QStringLiteral("DELETE FROM board_items WHERE board_id = ?"), {boardId}, what,
                    error) &&
           Sql::run(query, QStringLiteral("DELETE FROM boards WHERE id = ?"), {boardId}, what, error) &&
           m_events.write(nowMs, profileId, 0, QStringLiteral("board_deleted"),
                          {{QStringLiteral("board"), boardId}, {QStringLiteral("name"), *name}}, error) &&
           transaction.commit(error);
}

bool CurationTable::addToBoard(qint64 boardId, const QList<qint64> &ids, qint64 profileId, qint64 nowMs,
                               GenerationError *error)
{
    const QString what = QStringLiteral("Could not add to the board");
    return changeGenerations(
        ids, profileId, what, QStringLiteral("board_added"), {{QStringLiteral("board"), boardId}}, nowMs,
        [this, boardId, profileId, nowMs, &what](const QString &json, GenerationError *failure) {
            Statement query(m_db);
            return boardName(boardId, profileId, what, failure) &&
                   Sql::run(
                       query,
                       QStringLiteral("INSERT OR IGNORE INTO board_items (board_id, generation_id, added_at)"
                                      " SELECT ?, value, ? FROM json_each(?)"),
                       {boardId, nowMs, json}, what, failure);
        },
        error);
}

bool CurationTable::removeFromBoard(qint64 boardId, const QList<qint64> &ids, qint64 profileId, qint64 nowMs,
                                    GenerationError *error)
{
    const QString what = QStringLiteral("Could not take results off the board");
    return changeGenerations(
        ids, profileId, what, QStringLiteral("board_removed"), {{QStringLiteral("board"), boardId}}, nowMs,
        [this, boardId, profileId, &what](const QString &json, GenerationError *failure) {
            Statement query(m_db);
            return boardName(boardId, profileId, what, failure) &&
                   Sql::run(query,
                            QStringLiteral("DELETE FROM board_items WHERE board_id = ?"
                                           " AND generation_id IN (SELECT value FROM json_each(?))"),
                            {boardId, json}, what, failure);
        },
        error);
}

QList<Board> CurationTable::boards(qint64 profileId) const
{
    QList<Board> boards;
    Statement query(m_db);
    if (!Sql::run(
            query,
            QStringLiteral("SELECT b.id, b.name, b.created_at,"
                           " (SELECT COUNT(*) FROM board_items i JOIN generations g"
                           "  ON g.id = i.generation_id WHERE i.board_id = b.id AND g.deleted_at IS NULL)"
                           " FROM boards b WHERE b.profile_id = ? ORDER BY b.name, b.id"),
            {profileId}, QStringLiteral("Could not read the boards"), nullptr))
        return boards;
    while (query.next()) {
        Board board;
        board.id = query.value(0).toLongLong();
        board.profileId = profileId;
        board.name = query.value(1).toString();
        board.createdAt = Sql::dateTime(query.value(2));
        board.count = query.value(3).toInt();
        boards.append(board);
    }
    return boards;
}

bool CurationTable::changeGenerations(
    const QList<qint64> &ids, qint64 profileId, const QString &what, const QString &event,
    QVariantMap details, qint64 nowMs,
    const std::function<bool(const QString &idsJson, GenerationError *)> &change, GenerationError *error)
{
    if (ids.isEmpty()) {
        *error = validation(QStringLiteral("Choose at least one generation."));
        return false;
    }
    Transaction transaction(m_db, what, error);
    if (!transaction.isActive())
        return false;
    const QString json = Sql::json(ids);
    if (!checkGenerations(ids, profileId, json, what, error) || !change(json, error))
        return false;
    details.insert(QStringLiteral("ids"), idList(ids));
    return m_events.write(nowMs, profileId, ids.size() == 1 ? ids.first() : 0, event, details, error) &&
           transaction.commit(error);
}

bool CurationTable::checkGenerations(const QList<qint64> &ids, qint64 profileId, const QString &idsJson,
                                     const QString &what, GenerationError *error) const
{
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral("SELECT id FROM generations WHERE id IN (SELECT value FROM json_each(?))"
                                 " AND profile_id = ? AND deleted_at IS NULL"),
                  {idsJson, profileId}, what, error))
        return false;
    QSet<qint64> found;
    while (query.next())
        found.insert(query.value(0).toLongLong());
    for (const qint64 id : ids) {
        if (!found.contains(id)) {
            *error = validation(QStringLiteral("There is no generation %1 of this profile.").arg(id));
            return false;
        }
    }
    return true;
}

std::optional<QString> CurationTable::boardName(qint64 boardId, qint64 profileId, const QString &what,
                                                GenerationError *error) const
{
    Statement query(m_db);
    if (!Sql::run(query, QStringLiteral("SELECT name FROM boards WHERE id = ? AND profile_id = ?"),
                  {boardId, profileId}, what, error))
        return std::nullopt;
    if (!query.next()) {
        *error = validation(QStringLiteral("There is no board %1 of this profile.").arg(boardId));
        return std::nullopt;
    }
    return query.value(0).toString();
}

bool CurationTable::nameTaken(qint64 profileId, const QString &name, qint64 exceptId, const QString &what,
                              GenerationError *error) const
{
    Statement query(m_db);
    if (!Sql::run(query,
                  QStringLiteral("SELECT name FROM boards WHERE profile_id = ? AND name = ? AND id != ?"),
                  {profileId, name, exceptId}, what, error))
        return true;
    if (!query.next())
        return false;
    *error =
        validation(QStringLiteral("There is already a board named \"%1\".").arg(query.value(0).toString()));
    return true;
}

} // namespace atelier
