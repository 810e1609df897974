#pragma once

#include "commandcontext.h"

#include <QList>

namespace atelier::cli {

// Deleting, and the trash it fills:
//   delete ID... [--forever [--yes]]   into the trash (or erased at once, files and all, after a question)
//   trash [list]                   what is in the profile's trash, the last deleted first
//   trash restore ID...            back into the history as they were
//   trash empty [ID...] [--cloud] [--yes]   erased for good (asks first); --cloud: their cloud copies too
class TrashCommands
{
public:
    explicit TrashCommands(CommandContext &context) : m_context(context) {}

    int deleteCommand();
    int trash();

private:
    int list(qint64 profileId);
    int restore(const QStringList &arguments, qint64 profileId);
    int empty(const QStringList &arguments, qint64 profileId);
    // The ids and what was done with them: a line, or {"<key>": [ids]}.
    int report(const QString &key, const QList<qint64> &ids, const QString &done);

    CommandContext &m_context;
};

} // namespace atelier::cli
