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

    // cloudinary.upload, cloudinary.cloud-name, cloudinary.api-key, cloudinary.folder,
    // cloudinary.upload-preset, cloudinary.tags, cloudinary.signature, cloudinary.delete-remote,
    // cloudinary.upload-prefix
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
