#include "keychainentry.h"

#include "secrets/secretstore.h"

#include <algorithm>

namespace atelier {

using Result = SecretStore::Result;
using Status = SecretStore::Status;

KeychainEntry::KeychainEntry(SecretStore &secrets, QString name, std::function<QString()> environmentValue,
                             QObject *parent)
    : QObject(parent), m_secrets(secrets), m_name(std::move(name)),
      m_environmentValue(std::move(environmentValue))
{
    connect(&m_secrets, &SecretStore::readFinished, this, [this](const QString &name, const Result &result) {
        if (name != m_name || !isLatest(Call::Read, m_reads))
            return;
        const QString value = result.isOk() ? result.secret.trimmed() : QString();
        const bool failed = !result.isOk() && result.status != Status::NotFound;
        use(value, value.isEmpty() ? Source::None : Source::Keychain, failed ? result.message : QString());
        Q_EMIT changed();
    });
    connect(&m_secrets, &SecretStore::writeFinished, this, [this](const QString &name, const Result &result) {
        if (name != m_name || !isLatest(Call::Write, m_writes))
            return;
        const QString problem = result.isOk() ? QString() : result.message;
        if (const QString fromEnvironment = m_environmentValue(); !fromEnvironment.isEmpty())
            use(fromEnvironment, Source::Environment, problem);
        else
            use(m_saving, result.isOk() ? Source::Keychain : Source::Session, problem);
        m_saving.clear();
        Q_EMIT changed();
    });
    connect(&m_secrets, &SecretStore::removeFinished, this,
            [this](const QString &name, const Result &result) {
                if (name != m_name || !isLatest(Call::Remove, m_removes))
                    return;
                m_problem = result.isOk()
                                ? QString()
                                : tr("%1 It is gone for this session, but the keychain may still hold it.")
                                      .arg(result.message);
                Q_EMIT changed();
            });
}

bool KeychainEntry::isSecretShaped(const QString &value)
{
    const bool oneWord =
        std::none_of(value.cbegin(), value.cend(), [](QChar c) { return c.isSpace() || !c.isPrint(); });
    return oneWord && value.size() >= 8 && value.size() <= 1024;
}

void KeychainEntry::load()
{
    const QString value = m_environmentValue();
    use(value, value.isEmpty() ? Source::None : Source::Environment, {});
    // As in the official SDKs the environment wins, so the keychain is not asked then.
    if (value.isEmpty()) {
        begin(Call::Read, m_reads);
        m_secrets.read(m_name);
    }
    Q_EMIT changed();
}

void KeychainEntry::save(const QString &value)
{
    m_saving = value;
    begin(Call::Write, m_writes);
    m_secrets.write(m_name, value);
    Q_EMIT changed();
}

void KeychainEntry::forget()
{
    const QString fromEnvironment = m_environmentValue();
    use(fromEnvironment, fromEnvironment.isEmpty() ? Source::None : Source::Environment, {});
    m_saving.clear();
    begin(Call::Remove, m_removes);
    m_secrets.remove(m_name);
    Q_EMIT changed();
}

void KeychainEntry::begin(Call call, int &unanswered)
{
    m_call = call;
    ++unanswered;
}

bool KeychainEntry::isLatest(Call call, int &unanswered)
{
    --unanswered;
    if (m_call != call || unanswered > 0)
        return false;
    m_call = Call::None;
    return true;
}

void KeychainEntry::use(const QString &value, Source source, const QString &problem)
{
    m_value = value;
    m_source = source;
    m_problem = problem;
}

} // namespace atelier
