#include "cloudaccess.h"

#include "cloud/cloudinaryuploader.h"
#include "engine/cloudsync.h"

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

QString CloudAccess::secretShapeProblem(const QString &secret)
{
    if (secret.isEmpty())
        return tr("Type or paste the API secret first.");
    if (!KeychainEntry::isSecretShaped(secret))
        return tr(
            "That does not look like a Cloudinary API secret: it is one word of 8 to 1024 letters, digits "
            "and signs, without spaces.");
    return {};
}

QString CloudAccess::saveSecret(const QString &secret)
{
    const QString trimmed = secret.trimmed();
    if (const QString problem = secretShapeProblem(trimmed); !problem.isEmpty())
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
    m_sync.setDeletesRemote(m_preferences.deletesRemote());
    const QString problem = accountProblem();
    m_sync.setAccount(problem.isEmpty(), m_preferences.uploadsEnabled(), problem);
}

} // namespace atelier
