#pragma once

#include "domain/board.h"
#include "domain/generationerror.h"

#include <QList>
#include <QSqlDatabase>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace atelier {

class EventLog;

// Favourites, ratings, tags and boards: what a person marks results with to find them again. Each change is
// one transaction with its event, applies only to generations of the profile that are not deleted, and
// refuses as a whole (Validation, nothing changed) when one of them is not. Names and tags come in checked
// and normalised (see TagName).
class CurationTable final
{
public:
    CurationTable(QSqlDatabase db, EventLog &events) : m_db(std::move(db)), m_events(events) {}

    bool setFavorite(const QList<qint64> &ids, qint64 profileId, bool favorite, qint64 nowMs,
                     GenerationError *error);
    bool setRating(const QList<qint64> &ids, qint64 profileId, int rating, qint64 nowMs,
                   GenerationError *error);
    // Adds the tags `add` to each generation, then takes `remove` off.
    bool changeTags(const QList<qint64> &ids, qint64 profileId, const QStringList &add,
                    const QStringList &remove, qint64 nowMs, GenerationError *error);
    // The profile's tags with how many results carry each, the most used first.
    QList<TagCount> tags(qint64 profileId) const;

    std::optional<Board> createBoard(qint64 profileId, const QString &name, qint64 nowMs,
                                     GenerationError *error);
    bool renameBoard(qint64 boardId, qint64 profileId, const QString &name, qint64 nowMs,
                     GenerationError *error);
    // The board goes; the results that were on it stay where they are.
    bool deleteBoard(qint64 boardId, qint64 profileId, qint64 nowMs, GenerationError *error);
    // Results already on the board (or not on it, to remove) are left as they are.
    bool addToBoard(qint64 boardId, const QList<qint64> &ids, qint64 profileId, qint64 nowMs,
                    GenerationError *error);
    bool removeFromBoard(qint64 boardId, const QList<qint64> &ids, qint64 profileId, qint64 nowMs,
                         GenerationError *error);
    // The profile's boards by name, with how many results are on each.
    QList<Board> boards(qint64 profileId) const;

private:
    // Runs `change` in a transaction after checking that the ids are the profile's live generations, then
    // writes the event (details get the ids).
    bool changeGenerations(const QList<qint64> &ids, qint64 profileId, const QString &what,
                           const QString &event, QVariantMap details, qint64 nowMs,
                           const std::function<bool(const QString &idsJson, GenerationError *)> &change,
                           GenerationError *error);
    bool checkGenerations(const QList<qint64> &ids, qint64 profileId, const QString &idsJson,
                          const QString &what, GenerationError *error) const;
    // The board's name when it is the profile's; a Validation error otherwise.
    std::optional<QString> boardName(qint64 boardId, qint64 profileId, const QString &what,
                                     GenerationError *error) const;
    // True when another board of the profile has the name (any case); *error says so.
    bool nameTaken(qint64 profileId, const QString &name, qint64 exceptId, const QString &what,
                   GenerationError *error) const;

    QSqlDatabase m_db;
    EventLog &m_events;
};

} // namespace atelier
