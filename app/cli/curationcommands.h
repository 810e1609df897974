#pragma once

#include "commandcontext.h"

#include "domain/board.h"

#include <QList>

#include <optional>

namespace atelier::cli {

// Marking results to find them again:
//   rate N ID...                  0 (none) to 5 stars
//   favorite ID... | unfavorite ID...
//   tag ID... --add TAGS --remove TAGS   (comma-separated)
//   tags                          the profile's tags, most used first
//   boards [list] | create NAME | rename NAME NEW | delete NAME | add NAME ID... | remove NAME ID...
class CurationCommands
{
public:
    explicit CurationCommands(CommandContext &context) : m_context(context) {}

    int rate();
    int favorite(bool favorite);
    int tag();
    int tags();
    int boards();
    // The profile's board of that name (any case); prints why not.
    std::optional<Board> boardNamed(qint64 profileId, const QString &name);

private:
    // The ids and the profile acting on them (--profile, or the first one's owner); prints why not.
    bool targetsOf(const QStringList &arguments, QList<qint64> *ids, qint64 *profileId);
    // Prints the generations as they are now (one line each, or JSON).
    int report(const QList<qint64> &ids, const QString &done);
    int listBoards(qint64 profileId);
    int changeBoard(const QString &action, QStringList arguments, qint64 profileId);

    CommandContext &m_context;
};

} // namespace atelier::cli
