#pragma once

#include <QtGlobal>

namespace atelier {

// Token usage a provider reports for one request (the OpenAI `usage` object). All zero when none was
// reported.
struct ImageUsage
{
    qint64 inputTextTokens = 0;
    qint64 inputImageTokens = 0;
    qint64 outputTokens = 0;

    bool isReported() const { return inputTextTokens > 0 || inputImageTokens > 0 || outputTokens > 0; }
};

} // namespace atelier
