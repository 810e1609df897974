#include "cloudinarypreferences.h"

#include <QHash>
#include <QSettings>

namespace atelier {

namespace {

const QString CloudinaryUrl = QStringLiteral("CLOUDINARY_URL");
const QString UploadPrefix = QStringLiteral("CLOUDINARY_UPLOAD_PREFIX");

QString key(const QString &name)
{
    // "cloudinary.cloud-name" -> "cloudinary/cloud-name"
    return QString(name).replace(QLatin1Char('.'), QLatin1Char('/'));
}

const QHash<QString, QString> &defaults()
{
    using P = CloudinaryPreferences;
    static const QHash<QString, QString> values{{P::Upload, QStringLiteral("off")},
                                                {P::Folder, QStringLiteral("atelier")},
                                                {P::Tags, P::defaultTags()},
                                                {P::Signature, QStringLiteral("sha1")},
                                                {P::DeleteRemote, QStringLiteral("off")},
                                                {P::Prefix, QStringLiteral("https://api.cloudinary.com")}};
    return values;
}

std::optional<bool> onOff(const QString &value)
{
    const QString lower = value.toLower();
    if (lower == QLatin1String("on") || lower == QLatin1String("true") || lower == QLatin1String("yes"))
        return true;
    if (lower == QLatin1String("off") || lower == QLatin1String("false") || lower == QLatin1String("no"))
        return false;
    return std::nullopt;
}

} // namespace

CloudinaryPreferences::CloudinaryPreferences(QSettings &settings, QProcessEnvironment environment)
    : m_settings(settings)
{
    const QUrl url(environment.value(CloudinaryUrl).trimmed(), QUrl::StrictMode);
    if (url.isValid() && url.scheme() == QLatin1String("cloudinary") && !url.host().isEmpty())
        m_environmentUrl = url;
    m_environmentPrefix = environment.value(UploadPrefix).trimmed();
}

QStringList CloudinaryPreferences::names()
{
    return {Upload, CloudName, ApiKey, Folder, Preset, Tags, Signature, DeleteRemote, Prefix};
}

QString CloudinaryPreferences::source(const QString &name) const
{
    if ((name == CloudName || name == ApiKey) && !m_environmentUrl.isEmpty())
        return CloudinaryUrl;
    if (name == Prefix && !m_environmentPrefix.isEmpty())
        return UploadPrefix;
    return m_settings.contains(key(name)) ? QStringLiteral("settings") : QStringLiteral("default");
}

QString CloudinaryPreferences::value(const QString &name) const
{
    if (name == CloudName && !m_environmentUrl.isEmpty())
        return m_environmentUrl.host();
    if (name == ApiKey && !m_environmentUrl.isEmpty())
        return m_environmentUrl.userName();
    if (name == Prefix && !m_environmentPrefix.isEmpty())
        return m_environmentPrefix;
    return m_settings.value(key(name), defaults().value(name)).toString();
}

bool CloudinaryPreferences::uploadsEnabled() const
{
    return onOff(value(Upload)).value_or(false);
}

bool CloudinaryPreferences::deletesRemote() const
{
    return onOff(value(DeleteRemote)).value_or(false);
}

CloudinarySettings CloudinaryPreferences::effective() const
{
    CloudinarySettings settings;
    settings.cloudName = value(CloudName);
    settings.apiKey = value(ApiKey);
    settings.folder = value(Folder);
    settings.uploadPreset = value(Preset);
    settings.algorithm = value(Signature) == QLatin1String("sha256") ? CloudinarySignature::Algorithm::Sha256
                                                                     : CloudinarySignature::Algorithm::Sha1;
    settings.baseUrl = QUrl(value(Prefix));
    return settings;
}

QStringList CloudinaryPreferences::tags() const
{
    QStringList tags;
    for (const QString &tag : value(Tags).split(QLatin1Char(','))) {
        if (const QString trimmed = tag.trimmed(); !trimmed.isEmpty())
            tags.append(trimmed);
    }
    return tags;
}

QString CloudinaryPreferences::environmentSecret() const
{
    return m_environmentUrl.password();
}

QList<PreferenceEntry> CloudinaryPreferences::entries() const
{
    QList<PreferenceEntry> list;
    for (const QString &name : names())
        list.append({name, value(name), source(name)});
    return list;
}

QString CloudinaryPreferences::set(const QString &name, const QString &value)
{
    const QString trimmed = value.trimmed();
    if (!names().contains(name))
        return QStringLiteral("There is no setting '%1'. Settings: %2.")
            .arg(name, names().join(QLatin1String(", ")));
    if (trimmed.isEmpty())
        return QStringLiteral("'%1' needs a value; to go back to the default, unset it.").arg(name);
    QString stored = trimmed;
    if (name == Upload || name == DeleteRemote) {
        const std::optional<bool> on = onOff(trimmed);
        if (!on)
            return QStringLiteral("'%1' is on or off; '%2' is neither.").arg(name, trimmed);
        stored = *on ? QStringLiteral("on") : QStringLiteral("off");
    } else if (name == Signature) {
        stored = trimmed.toLower();
        if (stored != QLatin1String("sha1") && stored != QLatin1String("sha256"))
            return QStringLiteral("'%1' is sha1 or sha256, as the account's signature setting says.")
                .arg(name);
    } else if (trimmed.contains(QLatin1Char('\n')) || trimmed.size() > 200) {
        return QStringLiteral("'%1' takes one line of at most 200 characters.").arg(name);
    }
    // The other rules are the uploader's: check the value alone, in a stand-in account, so that what the
    // environment sets (never checked here) cannot refuse a good value or take the blame for a bad one.
    CloudinarySettings candidate;
    candidate.cloudName = candidate.apiKey = candidate.apiSecret = QStringLiteral("x");
    const QString field = stored;
    if (name == CloudName)
        candidate.cloudName = field;
    else if (name == Folder)
        candidate.folder = field;
    else if (name == Preset)
        candidate.uploadPreset = field;
    else if (name == Tags)
        candidate.tags = field.split(QLatin1Char(','));
    else if (name == Prefix)
        candidate.baseUrl = QUrl(field, QUrl::StrictMode);
    if (const GenerationError problem = candidate.validate(); problem.isError())
        return problem.message;
    m_settings.setValue(key(name), stored);
    return saved();
}

QString CloudinaryPreferences::unset(const QString &name)
{
    if (!names().contains(name))
        return QStringLiteral("There is no setting '%1'. Settings: %2.")
            .arg(name, names().join(QLatin1String(", ")));
    m_settings.remove(key(name));
    return saved();
}

QString CloudinaryPreferences::saved()
{
    m_settings.sync();
    if (m_settings.status() != QSettings::NoError)
        return QStringLiteral("The settings file %1 cannot be written.").arg(m_settings.fileName());
    return {};
}

} // namespace atelier
