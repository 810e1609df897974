#include "openaiaccess.h"

#include "providers/openai/openaipreferences.h"
#include "providers/openai/openaiprovider.h"

namespace atelier {

OpenAiAccess::OpenAiAccess(SecretStore &secrets, OpenAiPreferences &preferences, OpenAiProvider &provider,
                           QObject *parent)
    : QObject(parent), m_preferences(preferences), m_provider(provider), m_key(secrets, secretName(), [this] {
          return OpenAiSettings().withEnvironment(m_preferences.environment()).apiKey;
      })
{
    connect(&m_key, &KeychainEntry::changed, this, [this] {
        applyKey();
        Q_EMIT changed();
    });
}

QString OpenAiAccess::keychainService()
{
    return QStringLiteral("Atelier");
}

QString OpenAiAccess::secretName()
{
    return QStringLiteral("openai-api-key");
}

QString OpenAiAccess::keyShapeProblem(const QString &key)
{
    if (key.isEmpty())
        return tr("Type or paste the key first.");
    if (!KeychainEntry::isSecretShaped(key))
        return tr("That does not look like an API key: a key is one word of 8 to 1024 letters, digits and "
                  "signs, without spaces.");
    return {};
}

void OpenAiAccess::load()
{
    m_key.load();
}

void OpenAiAccess::applyPreferences()
{
    applyKey();
    Q_EMIT changed();
}

QString OpenAiAccess::saveKey(const QString &key)
{
    const QString trimmed = key.trimmed();
    if (const QString problem = keyShapeProblem(trimmed); !problem.isEmpty())
        return problem;
    m_key.save(trimmed);
    return {};
}

void OpenAiAccess::forgetKey()
{
    m_key.forget();
}

void OpenAiAccess::applyKey()
{
    OpenAiSettings settings = m_preferences.effective();
    settings.apiKey = m_key.value();
    // A job that needs the key says why there is none.
    settings.keyProblem = m_key.value().isEmpty() ? m_key.problem() : QString();
    m_provider.setSettings(settings);
}

} // namespace atelier
