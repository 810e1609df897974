#pragma once

#include "commandcontext.h"

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

private:
    CommandContext &m_context;
};

} // namespace atelier::cli
