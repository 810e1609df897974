#include "openaisettings.h"

#include <QtGlobal>

namespace atelier {

OpenAiSettings OpenAiSettings::fromEnvironment()
{
    OpenAiSettings settings;
    settings.apiKey = qEnvironmentVariable("OPENAI_API_KEY").trimmed();
    if (const QString base = qEnvironmentVariable("OPENAI_BASE_URL").trimmed(); !base.isEmpty())
        settings.baseUrl = QUrl(base);
    settings.organization = qEnvironmentVariable("OPENAI_ORG_ID").trimmed();
    settings.project = qEnvironmentVariable("OPENAI_PROJECT_ID").trimmed();
    return settings;
}

} // namespace atelier
