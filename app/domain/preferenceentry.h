#pragma once

#include <QString>

namespace atelier {

// One setting as `atelier-cli config` and the Settings window show it.
struct PreferenceEntry
{
    QString name;   // "openai.base-url"
    QString value;  // as shown to people
    QString source; // "default", "settings" or the environment variable that set it
};

} // namespace atelier
