#include "curation.h"

#include "domain/clock.h"
#include "domain/tagname.h"
#include "storage/store.h"

namespace atelier {

namespace {

GenerationError validation(const QString &message)
{
    return GenerationError::make(GenerationError::Category::Validation, message);
}

} // namespace

GenerationError Curation::setFavorite(const QList<qint64> &ids, qint64 profileId, bool favorite)
{
    GenerationError error;
    const bool changed = m_store.curation().setFavorite(ids, profileId, favorite, m_clock.nowMs(), &error);
    return announce(changed, error, profileId, ids, false);
}

GenerationError Curation::setRating(const QList<qint64> &ids, qint64 profileId, int rating)
{
    GenerationError error;
    const bool changed = m_store.curation().setRating(ids, profileId, rating, m_clock.nowMs(), &error);
    return announce(changed, error, profileId, ids, false);
}

GenerationError Curation::changeTags(const QList<qint64> &ids, qint64 profileId, const QStringList &add,
                                     const QStringList &remove)
{
    GenerationError error;
    const std::optional<QStringList> added = normalizedTags(add, &error);
    const std::optional<QStringList> removed = added ? normalizedTags(remove, &error) : std::nullopt;
    if (!removed)
        return error;
    if (added->isEmpty() && removed->isEmpty())
        return validation(tr("Name a tag to add or to remove."));
    const bool changed =
        m_store.curation().changeTags(ids, profileId, *added, *removed, m_clock.nowMs(), &error);
    return announce(changed, error, profileId, ids, false);
}

QList<TagCount> Curation::tags(qint64 profileId) const
{
    return m_store.curation().tags(profileId);
}

QList<Board> Curation::boards(qint64 profileId) const
{
    return m_store.curation().boards(profileId);
}

std::optional<Board> Curation::createBoard(qint64 profileId, const QString &name, GenerationError *error)
{
    QString why;
    const std::optional<QString> checked = TagName::boardName(name, &why);
    if (!checked) {
        *error = validation(why);
        return std::nullopt;
    }
    std::optional<Board> board = m_store.curation().createBoard(profileId, *checked, m_clock.nowMs(), error);
    if (board)
        Q_EMIT boardsChanged(profileId);
    return board;
}

GenerationError Curation::renameBoard(qint64 boardId, qint64 profileId, const QString &name)
{
    QString why;
    const std::optional<QString> checked = TagName::boardName(name, &why);
    if (!checked)
        return validation(why);
    GenerationError error;
    const bool changed =
        m_store.curation().renameBoard(boardId, profileId, *checked, m_clock.nowMs(), &error);
    return announce(changed, error, profileId, {}, true);
}

GenerationError Curation::deleteBoard(qint64 boardId, qint64 profileId)
{
    GenerationError error;
    const bool changed = m_store.curation().deleteBoard(boardId, profileId, m_clock.nowMs(), &error);
    return announce(changed, error, profileId, {}, true);
}

GenerationError Curation::addToBoard(qint64 boardId, const QList<qint64> &ids, qint64 profileId)
{
    GenerationError error;
    const bool changed = m_store.curation().addToBoard(boardId, ids, profileId, m_clock.nowMs(), &error);
    return announce(changed, error, profileId, ids, true);
}

GenerationError Curation::removeFromBoard(qint64 boardId, const QList<qint64> &ids, qint64 profileId)
{
    GenerationError error;
    const bool changed = m_store.curation().removeFromBoard(boardId, ids, profileId, m_clock.nowMs(), &error);
    return announce(changed, error, profileId, ids, true);
}

GenerationError Curation::announce(bool changed, const GenerationError &error, qint64 profileId,
                                   const QList<qint64> &ids, bool boards)
{
    if (!changed)
        return error;
    if (!ids.isEmpty())
        Q_EMIT marked(profileId, ids);
    if (boards)
        Q_EMIT boardsChanged(profileId);
    return {};
}

std::optional<QStringList> Curation::normalizedTags(const QStringList &typed, GenerationError *error) const
{
    QStringList tags;
    for (const QString &text : typed) {
        QString why;
        const std::optional<QStringList> parsed = TagName::parseList(text, &why);
        if (!parsed) {
            *error = validation(why);
            return std::nullopt;
        }
        for (const QString &tag : *parsed) {
            if (!tags.contains(tag))
                tags.append(tag);
        }
    }
    return tags;
}

} // namespace atelier
