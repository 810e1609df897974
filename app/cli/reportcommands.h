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
    // --status, --model, --search, --from, --to and --oldest-first into the query; prints why not and gives
    // false when one does not read.
    bool readFilters(HistoryQuery *query);

private:
    CommandContext &m_context;
};

} // namespace atelier::cli
