#pragma once

#include "cloudinarysettings.h"
#include "domain/preferenceentry.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QSettings;

namespace atelier {

// The Cloudinary settings a person chooses, kept in QSettings under "cloudinary/": whether results are
// uploaded, the account (cloud name and API key; the secret lives in the keychain), folder, upload preset,
// tags, the signature's hash and whether deleting a generation also destroys its cloud copy. As in
// Cloudinary's SDKs, CLOUDINARY_URL (cloudinary://KEY:SECRET@CLOUD) wins over the account settings and
// CLOUDINARY_UPLOAD_PREFIX over the API address.
class CloudinaryPreferences
{
public:
    explicit CloudinaryPreferences(
        QSettings &settings, QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());

    // The settings' names, as `atelier-cli config` and the Settings window take them.
    static inline const QString Upload = QStringLiteral("cloudinary.upload");
    static inline const QString CloudName = QStringLiteral("cloudinary.cloud-name");
    static inline const QString ApiKey = QStringLiteral("cloudinary.api-key");
    static inline const QString Folder = QStringLiteral("cloudinary.folder");
    static inline const QString Preset = QStringLiteral("cloudinary.upload-preset");
    static inline const QString Tags = QStringLiteral("cloudinary.tags");
    static inline const QString Signature = QStringLiteral("cloudinary.signature");
    static inline const QString DeleteRemote = QStringLiteral("cloudinary.delete-remote");
    static inline const QString Prefix = QStringLiteral("cloudinary.upload-prefix");
    static QStringList names();
    static QString defaultTags() { return QStringLiteral("ai-generated, {model}"); }

    bool uploadsEnabled() const;
    bool deletesRemote() const;
    // The settings in effect, without the secret and without the tags (they are per generation).
    CloudinarySettings effective() const;
    // The tags of every upload; "{model}" stands for the generation's model id.
    QStringList tags() const;
    // The secret CLOUDINARY_URL gives; empty when it gives none.
    QString environmentSecret() const;
    QList<PreferenceEntry> entries() const;

    // Checks and saves one setting; on a bad name or value returns why in words and changes nothing.
    QString set(const QString &name, const QString &value);
    QString unset(const QString &name);

private:
    QString value(const QString &name) const;
    QString source(const QString &name) const;
    QString saved();

    QSettings &m_settings;
    QUrl m_environmentUrl; // CLOUDINARY_URL, when it is one
    QString m_environmentPrefix;
};

} // namespace atelier
