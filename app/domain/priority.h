#pragma once

#include <QString>

#include <optional>

namespace atelier {

// Which of a profile's pending jobs start first: high before normal before low, and within one priority the
// order the person set. Profiles still take turns whatever their jobs' priorities.
enum class Priority
{
    Low = -1,
    Normal = 0,
    High = 1,
};

// "low", "normal", "high": the names of the database, the CLI and JSON output.
QString priorityName(Priority priority);
std::optional<Priority> priorityFromName(const QString &name);

} // namespace atelier
