#include "openaisettings.h"

#include <QHostAddress>

namespace atelier {

OpenAiSettings OpenAiSettings::withEnvironment(const QProcessEnvironment &environment) const
{
    OpenAiSettings settings = *this;
    const auto variable = [&environment](const char *name) {
        return environment.value(QString::fromLatin1(name)).trimmed();
    };
    if (const QString key = variable("OPENAI_API_KEY"); !key.isEmpty())
        settings.apiKey = key;
    if (const QString base = variable("OPENAI_BASE_URL"); !base.isEmpty())
        settings.baseUrl = QUrl(base);
    if (const QString organization = variable("OPENAI_ORG_ID"); !organization.isEmpty())
        settings.organization = organization;
    if (const QString project = variable("OPENAI_PROJECT_ID"); !project.isEmpty())
        settings.project = project;
    return settings;
}

OpenAiSettings OpenAiSettings::fromEnvironment()
{
    return OpenAiSettings().withEnvironment(QProcessEnvironment::systemEnvironment());
}

QString OpenAiSettings::baseUrlProblem(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return QStringLiteral("The OpenAI base URL \"%1\" is not a valid http or https address, such as "
                              "https://api.openai.com/v1.")
            .arg(url.toDisplayString());
    if (!isSafeUrl(url))
        return QStringLiteral("The OpenAI base URL uses plain http to %1: plain http is refused for any host "
                              "but loopback (127.0.0.1, ::1, localhost). Use https.")
            .arg(url.host());
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return QStringLiteral("The OpenAI base URL must hold no user name, password, query or fragment; the "
                              "key goes in the keychain or OPENAI_API_KEY.");
    return {};
}

bool OpenAiSettings::isSafeUrl(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return true;
    if (scheme != QLatin1String("http"))
        return false;
    const QString host = url.host().toLower();
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

} // namespace atelier
