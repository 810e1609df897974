#pragma once

#include "commandcontext.h"
#include "domain/historyquery.h"

namespace atelier::cli {

// The commands that only read: status, history, stats and queue.
class ReportCommands
{
public:
    explicit ReportCommands(CommandContext &context) : m_context(context) {}

    int status();
    int history();
    int stats();
    int queue();
    // --status, --model, --search, --from, --to, --oldest-first, --favorite, --rating, --tag and --board (a
    // board of the profile) into the query; prints why not and gives false when one does not read.
    bool readFilters(qint64 profileId, HistoryQuery *query);

private:
    bool readMarkFilters(qint64 profileId, HistoryQuery *query);

    CommandContext &m_context;
};

} // namespace atelier::cli
