#include "cloudinarysettings.h"

#include "providers/openai/openaisettings.h"

#include <algorithm>

namespace atelier {

namespace {

GenerationError invalid(const QString &message)
{
    return GenerationError::make(GenerationError::Category::Validation, message);
}

bool isCloudNameCharacter(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
           (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-') || c == QLatin1Char('_');
}

} // namespace

GenerationError CloudinarySettings::validate() const
{
    const QString name = cloudName.trimmed();
    if (name.isEmpty())
        return invalid(QStringLiteral(
            "Enter the Cloudinary cloud name in Settings (atelier-cli config set cloudinary.cloud-name); the "
            "Cloudinary console shows it above the API keys."));
    if (!std::all_of(name.cbegin(), name.cend(), isCloudNameCharacter))
        return invalid(QStringLiteral("The Cloudinary cloud name \"%1\" may hold only letters, digits, '-' "
                                      "and '_'.")
                           .arg(name));
    if (apiKey.trimmed().isEmpty())
        return invalid(QStringLiteral("Enter the Cloudinary API key in Settings (atelier-cli config set "
                                      "cloudinary.api-key)."));
    if (apiSecret.trimmed().isEmpty())
        return invalid(QStringLiteral("Enter the Cloudinary API secret in Settings (atelier-cli key set "
                                      "cloudinary)."));

    const QString scheme = baseUrl.scheme().toLower();
    if (!baseUrl.isValid() || baseUrl.host().isEmpty() ||
        (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return invalid(QStringLiteral("The Cloudinary API address \"%1\" is not a valid http or https "
                                      "address, such as https://api.cloudinary.com.")
                           .arg(baseUrl.toDisplayString()));
    if (!OpenAiSettings::isSafeUrl(baseUrl))
        return invalid(QStringLiteral("The Cloudinary API address uses plain http to %1: plain http is "
                                      "refused for any host but loopback (127.0.0.1, ::1, localhost). Use "
                                      "https.")
                           .arg(baseUrl.host()));
    if (!baseUrl.userInfo().isEmpty() || baseUrl.hasQuery() || baseUrl.hasFragment())
        return invalid(QStringLiteral("The Cloudinary API address must hold no user name, password, query or "
                                      "fragment; the key and the secret go in Settings."));

    // The documented signature joins values with '&' as they are, while the current SDKs escape an '&'
    // inside a value: without one, both readings sign the same text.
    const auto hasAmpersand = [](const QString &value) { return value.contains(QLatin1Char('&')); };
    if (hasAmpersand(folder))
        return invalid(QStringLiteral("The Cloudinary folder may not contain '&'."));
    if (hasAmpersand(uploadPreset))
        return invalid(QStringLiteral("The Cloudinary upload preset may not contain '&'."));
    if (std::any_of(tags.cbegin(), tags.cend(), hasAmpersand))
        return invalid(QStringLiteral("The Cloudinary tags may not contain '&'."));
    return {};
}

} // namespace atelier
