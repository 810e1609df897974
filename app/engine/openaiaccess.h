#pragma once

#include <QObject>
#include <QString>

namespace atelier {

class OpenAiPreferences;
class OpenAiProvider;
class SecretStore;

// The OpenAI credentials and settings of a running program: reads the key from OPENAI_API_KEY or the keychain
// (asynchronously), keeps the provider's settings current, saves and forgets the key. The key is never kept
// anywhere but the keychain; when no keychain answers it is kept for this session only, and that is said.
class OpenAiAccess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenAiAccess)
public:
    enum class KeySource
    {
        None,
        Environment,
        Keychain,
        Session
    };

    OpenAiAccess(SecretStore &secrets, OpenAiPreferences &preferences, OpenAiProvider &provider,
                 QObject *parent = nullptr);

    // Reads the preferences and the key, then emits changed().
    void load();
    KeySource keySource() const { return m_source; }
    bool hasKey() const { return m_source != KeySource::None; }
    // Why the keychain could not be used, in words; empty when it could.
    QString problem() const { return m_problem; }

    OpenAiPreferences &preferences() { return m_preferences; }
    // Applies the preferences to the provider after they changed.
    void applyPreferences();

    void saveKey(const QString &key);
    void forgetKey();

Q_SIGNALS:
    void changed();

private:
    SecretStore &m_secrets;
    OpenAiPreferences &m_preferences;
    OpenAiProvider &m_provider;
    KeySource m_source = KeySource::None;
    QString m_problem;
};

} // namespace atelier
