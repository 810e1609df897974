#include "openaiaccess.h"

#include "providers/openai/openaipreferences.h"
#include "providers/openai/openaiprovider.h"
#include "secrets/secretstore.h"

#include <algorithm>

namespace atelier {

using Result = SecretStore::Result;
using Status = SecretStore::Status;

OpenAiAccess::OpenAiAccess(SecretStore &secrets, OpenAiPreferences &preferences, OpenAiProvider &provider,
                           QObject *parent)
    : QObject(parent), m_secrets(secrets), m_preferences(preferences), m_provider(provider)
{
    connect(&m_secrets, &SecretStore::readFinished, this, [this](const QString &name, const Result &result) {
        if (name != secretName() || !isLatest(Call::Read, m_reads))
            return;
        const QString key = result.isOk() ? result.secret.trimmed() : QString();
        const bool failed = !result.isOk() && result.status != Status::NotFound;
        use(key, key.isEmpty() ? KeySource::None : KeySource::Keychain, failed ? result.message : QString());
        Q_EMIT changed();
    });
    connect(&m_secrets, &SecretStore::writeFinished, this, [this](const QString &name, const Result &result) {
        if (name != secretName() || !isLatest(Call::Write, m_writes))
            return;
        const QString problem = result.isOk() ? QString() : result.message;
        if (const QString fromEnvironment = environmentKey(); !fromEnvironment.isEmpty())
            use(fromEnvironment, KeySource::Environment, problem);
        else
            use(m_savingKey, result.isOk() ? KeySource::Keychain : KeySource::Session, problem);
        m_savingKey.clear();
        Q_EMIT changed();
    });
    connect(
        &m_secrets, &SecretStore::removeFinished, this, [this](const QString &name, const Result &result) {
            if (name != secretName() || !isLatest(Call::Remove, m_removes))
                return;
            m_problem = result.isOk()
                            ? QString()
                            : tr("%1 The key is gone for this session, but the keychain may still hold it.")
                                  .arg(result.message);
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
    const bool oneWord =
        std::none_of(key.cbegin(), key.cend(), [](QChar c) { return c.isSpace() || !c.isPrint(); });
    if (!oneWord || key.size() < 8 || key.size() > 1024)
        return tr("That does not look like an API key: a key is one word of 8 to 1024 letters, digits and "
                  "signs, without spaces.");
    return {};
}

QString OpenAiAccess::environmentKey() const
{
    return OpenAiSettings().withEnvironment(m_preferences.environment()).apiKey;
}

void OpenAiAccess::load()
{
    const QString key = environmentKey();
    use(key, key.isEmpty() ? KeySource::None : KeySource::Environment, {});
    // As in the official SDKs the environment wins, so the keychain is not asked then.
    if (key.isEmpty()) {
        begin(Call::Read, m_reads);
        m_secrets.read(secretName());
    }
    Q_EMIT changed();
}

void OpenAiAccess::applyPreferences()
{
    OpenAiSettings settings = m_preferences.effective();
    settings.apiKey = m_provider.settings().apiKey;
    settings.keyProblem = m_provider.settings().keyProblem;
    m_provider.setSettings(settings);
    Q_EMIT changed();
}

QString OpenAiAccess::saveKey(const QString &key)
{
    const QString trimmed = key.trimmed();
    if (const QString problem = keyShapeProblem(trimmed); !problem.isEmpty())
        return problem;
    m_savingKey = trimmed;
    begin(Call::Write, m_writes);
    m_secrets.write(secretName(), trimmed);
    Q_EMIT changed();
    return {};
}

void OpenAiAccess::forgetKey()
{
    const QString fromEnvironment = environmentKey();
    use(fromEnvironment, fromEnvironment.isEmpty() ? KeySource::None : KeySource::Environment, {});
    m_savingKey.clear();
    begin(Call::Remove, m_removes);
    m_secrets.remove(secretName());
    Q_EMIT changed();
}

void OpenAiAccess::begin(Call call, int &unanswered)
{
    m_call = call;
    ++unanswered;
}

bool OpenAiAccess::isLatest(Call call, int &unanswered)
{
    --unanswered;
    if (m_call != call || unanswered > 0)
        return false;
    m_call = Call::None;
    return true;
}

void OpenAiAccess::use(const QString &key, KeySource source, const QString &problem)
{
    m_source = source;
    m_problem = problem;
    OpenAiSettings settings = m_preferences.effective();
    settings.apiKey = key;
    // A job that needs the key says why there is none.
    settings.keyProblem = key.isEmpty() ? problem : QString();
    m_provider.setSettings(settings);
}

} // namespace atelier
