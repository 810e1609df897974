#pragma once

#include "domain/board.h"
#include "domain/generationerror.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QStringList>

#include <optional>

namespace atelier {

class Clock;
class Store;

// Favourites, ratings, tags and boards as the service offers them: what a person typed is checked and
// normalised (see TagName), written to the store, then announced. A change applies to the profile's own
// results only, and a bad id or name refuses it whole.
class Curation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Curation)
public:
    Curation(Store &store, Clock &clock, QObject *parent = nullptr)
        : QObject(parent), m_store(store), m_clock(clock)
    {}

    GenerationError setFavorite(const QList<qint64> &ids, qint64 profileId, bool favorite);
    GenerationError setRating(const QList<qint64> &ids, qint64 profileId, int rating);
    // Tags as typed; each is normalised, and a bad one refuses the change.
    GenerationError changeTags(const QList<qint64> &ids, qint64 profileId, const QStringList &add,
                               const QStringList &remove);
    QList<TagCount> tags(qint64 profileId) const;

    QList<Board> boards(qint64 profileId) const;
    std::optional<Board> createBoard(qint64 profileId, const QString &name, GenerationError *error);
    GenerationError renameBoard(qint64 boardId, qint64 profileId, const QString &name);
    GenerationError deleteBoard(qint64 boardId, qint64 profileId);
    GenerationError addToBoard(qint64 boardId, const QList<qint64> &ids, qint64 profileId);
    GenerationError removeFromBoard(qint64 boardId, const QList<qint64> &ids, qint64 profileId);

Q_SIGNALS:
    // The marks of these generations changed (favourite, rating, tags or boards).
    void marked(qint64 profileId, const QList<qint64> &ids);
    // A board was created, renamed or deleted, or results joined or left one.
    void boardsChanged(qint64 profileId);

private:
    // After a change the store accepted: says so and returns no error.
    GenerationError announce(bool changed, const GenerationError &error, qint64 profileId,
                             const QList<qint64> &ids, bool boards);
    std::optional<QStringList> normalizedTags(const QStringList &typed, GenerationError *error) const;

    Store &m_store;
    Clock &m_clock;
};

} // namespace atelier
