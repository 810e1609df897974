#include "generationstatus.h"

#include <array>
#include <utility>

namespace atelier {

namespace {
constexpr std::array<std::pair<GenerationStatus, const char *>, 5> kNames{{
    {GenerationStatus::Pending, "pending"},
    {GenerationStatus::Processing, "processing"},
    {GenerationStatus::Completed, "completed"},
    {GenerationStatus::Failed, "failed"},
    {GenerationStatus::Cancelled, "cancelled"},
}};
} // namespace

QString statusName(GenerationStatus status)
{
    for (const auto &[value, name] : kNames) {
        if (value == status)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<GenerationStatus> statusFromName(const QString &name)
{
    for (const auto &[value, text] : kNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

} // namespace atelier
