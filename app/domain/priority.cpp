#include "priority.h"

namespace atelier {

QString priorityName(Priority priority)
{
    switch (priority) {
    case Priority::Low:
        return QStringLiteral("low");
    case Priority::High:
        return QStringLiteral("high");
    case Priority::Normal:
        break;
    }
    return QStringLiteral("normal");
}

std::optional<Priority> priorityFromName(const QString &name)
{
    for (const Priority priority : {Priority::Low, Priority::Normal, Priority::High}) {
        if (name == priorityName(priority))
            return priority;
    }
    return std::nullopt;
}

} // namespace atelier
