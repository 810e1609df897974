#include "openaiaccess.h"

#include "providers/openai/openaipreferences.h"
#include "providers/openai/openaiprovider.h"
#include "secrets/secretstore.h"

namespace atelier {

OpenAiAccess::OpenAiAccess(SecretStore &secrets, OpenAiPreferences &preferences, OpenAiProvider &provider,
                           QObject *parent)
    : QObject(parent), m_secrets(secrets), m_preferences(preferences), m_provider(provider)
{}

void OpenAiAccess::load()
{
    applyPreferences();
}

void OpenAiAccess::applyPreferences()
{
    OpenAiSettings settings = m_preferences.effective();
    settings.apiKey = m_provider.settings().apiKey;
    m_provider.setSettings(settings);
    Q_EMIT changed();
}

void OpenAiAccess::saveKey(const QString &key)
{
    Q_UNUSED(key)
}

void OpenAiAccess::forgetKey() {}

} // namespace atelier
