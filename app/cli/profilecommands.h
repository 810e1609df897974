#pragma once

#include "commandcontext.h"

namespace atelier::cli {

// `profiles`: list, create, rename, top up and show the ledger.
class ProfileCommands
{
public:
    explicit ProfileCommands(CommandContext &context) : m_context(context) {}

    int run();

private:
    CommandContext &m_context;
};

} // namespace atelier::cli
