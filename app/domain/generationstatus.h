#pragma once

#include <QString>

#include <optional>

namespace atelier {

enum class GenerationStatus
{
    Pending,
    Processing,
    Completed,
    Failed,
    Cancelled
};

// The lower-case names used in the database, the CLI and JSON output.
QString statusName(GenerationStatus status);
std::optional<GenerationStatus> statusFromName(const QString &name);

inline bool isTerminal(GenerationStatus status)
{
    return status == GenerationStatus::Completed || status == GenerationStatus::Failed ||
           status == GenerationStatus::Cancelled;
}

} // namespace atelier
