#pragma once

#include "commandcontext.h"

namespace atelier::cli {

// `queue` with a subcommand: steering the queue that every process on the data folder shares.
//   queue pause | resume            the whole queue (running jobs finish, none start)
//   queue pause ID | resume ID      one pending job
//   queue move ID --top | --bottom | --before OTHER
//   queue priority ID high|normal|low
//   queue cancel-all [--yes]        every pending job of the profile, after asking
class QueueCommands
{
public:
    explicit QueueCommands(CommandContext &context) : m_context(context) {}

    int run();

private:
    int pauseOrResume(bool pause);
    int move();
    int priority();
    int cancelAll();
    // Prints the generation's new place in the queue, or its JSON.
    int report(qint64 id, const QString &what);
    // The ID after the subcommand, and the profile acting on it; prints why not.
    bool targetOf(qint64 *id, qint64 *profileId);

    CommandContext &m_context;
};

} // namespace atelier::cli
