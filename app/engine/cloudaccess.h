#pragma once

#include "cloud/cloudinarypreferences.h"
#include "engine/keychainentry.h"

#include <QObject>
#include <QString>

namespace atelier {

class CloudSync;
class CloudinaryUploader;
class SecretStore;

// The Cloudinary account of a running program: reads the API secret from CLOUDINARY_URL or the keychain
// (asynchronously), keeps the uploader's settings and the engine's upload switch current, saves and forgets
// the secret. The secret is never kept anywhere but the keychain (or this session's memory, which is said).
class CloudAccess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloudAccess)
public:
    using SecretSource = KeychainEntry::Source;

    CloudAccess(SecretStore &secrets, CloudinaryPreferences &preferences, CloudinaryUploader &uploader,
                CloudSync &sync, QObject *parent = nullptr);

    // The keychain entry; atelier and atelier-cli share it (under OpenAiAccess::keychainService()).
    static QString secretName();

    // Reads the preferences and the secret, then emits changed().
    void load();
    CloudinaryPreferences &preferences() { return m_preferences; }
    // Applies the preferences to the uploader after they changed.
    void applyPreferences();

    SecretSource secretSource() const { return m_secret.source(); }
    bool hasSecret() const { return m_secret.hasValue(); }
    bool isBusy() const { return m_secret.isBusy(); }
    // Why the keychain could not be used, in words; empty when it could.
    QString problem() const { return m_secret.problem(); }
    // Why the account cannot be used yet, in words; empty when it can.
    QString accountProblem() const;

    // Why this is not shaped like an API secret, in words that never repeat it; empty when it is.
    static QString secretShapeProblem(const QString &secret);
    // Starts saving the secret in the keychain; refuses (with why) what cannot be a secret.
    QString saveSecret(const QString &secret);
    void forgetSecret();

Q_SIGNALS:
    void changed();

private:
    void apply();

    CloudinaryPreferences &m_preferences;
    CloudinaryUploader &m_uploader;
    CloudSync &m_sync;
    KeychainEntry m_secret;
};

} // namespace atelier
