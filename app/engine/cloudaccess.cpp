#include "cloudaccess.h"

#include "cloud/cloudinaryuploader.h"
#include "engine/cloudsync.h"
#include "engine/openaiaccess.h"

namespace atelier {

CloudAccess::CloudAccess(SecretStore &secrets, CloudinaryPreferences &preferences,
                         CloudinaryUploader &uploader, CloudSync &sync, QObject *parent)
    : QObject(parent), m_preferences(preferences), m_uploader(uploader), m_sync(sync),
      m_secret(secrets, secretName(), [this] { return m_preferences.environmentSecret(); })
{
    connect(&m_secret, &KeychainEntry::changed, this, [this] {
        apply();
        Q_EMIT changed();
    });
}

QString CloudAccess::secretName()
{
    return QStringLiteral("cloudinary-api-secret");
}

void CloudAccess::load()
{
    m_secret.load();
}

void CloudAccess::applyPreferences()
{
    apply();
    Q_EMIT changed();
}

QString CloudAccess::accountProblem() const
{
    CloudinarySettings settings = m_preferences.effective();
    settings.apiSecret = m_secret.value();
    // What the settings lack comes first; then why the secret could not be read, if that is what is missing.
    if (settings.apiSecret.isEmpty() && !m_secret.problem().isEmpty()) {
        settings.apiSecret = QStringLiteral("stand-in");
        const GenerationError other = settings.validate();
        return other.isError() ? other.message : m_secret.problem();
    }
    return settings.validate().message;
}

QString CloudAccess::saveSecret(const QString &secret)
{
    // Same shape as an API key: one word, so a pasted line with spaces is caught here.
    const QString trimmed = secret.trimmed();
    if (const QString problem = OpenAiAccess::keyShapeProblem(trimmed); !problem.isEmpty())
        return problem;
    m_secret.save(trimmed);
    return {};
}

void CloudAccess::forgetSecret()
{
    m_secret.forget();
}

void CloudAccess::apply()
{
    CloudinarySettings settings = m_preferences.effective();
    settings.apiSecret = m_secret.value();
    m_uploader.setSettings(settings);
    m_sync.setTags(m_preferences.tags());
    m_sync.setAccount(!settings.validate().isError(), m_preferences.uploadsEnabled());
}

} // namespace atelier
