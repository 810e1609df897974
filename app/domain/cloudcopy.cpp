#include "cloudcopy.h"

namespace atelier {

QString cloudStateName(CloudCopy::State state)
{
    switch (state) {
    case CloudCopy::State::None:
        return QStringLiteral("none");
    case CloudCopy::State::Pending:
        return QStringLiteral("pending");
    case CloudCopy::State::Uploaded:
        return QStringLiteral("uploaded");
    case CloudCopy::State::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("none");
}

std::optional<CloudCopy::State> cloudStateFromName(const QString &name)
{
    for (const auto state : {CloudCopy::State::None, CloudCopy::State::Pending, CloudCopy::State::Uploaded,
                             CloudCopy::State::Failed}) {
        if (cloudStateName(state) == name)
            return state;
    }
    return std::nullopt;
}

} // namespace atelier
