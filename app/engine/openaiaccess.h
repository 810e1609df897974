#pragma once

#include "engine/keychainentry.h"
#include "providers/openai/openaipreferences.h"

#include <QObject>
#include <QString>

namespace atelier {

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
    using KeySource = KeychainEntry::Source;

    OpenAiAccess(SecretStore &secrets, OpenAiPreferences &preferences, OpenAiProvider &provider,
                 QObject *parent = nullptr);

    // Where the key is filed in the keychain; atelier and atelier-cli share the entry.
    static QString keychainService();
    static QString secretName();
    // Why this is not shaped like an API key (one word of 8 to 1024 printable characters), in words that
    // never repeat it; empty when it is.
    static QString keyShapeProblem(const QString &key);

    // Reads the preferences and the key, then emits changed().
    void load();
    KeySource keySource() const { return m_key.source(); }
    bool hasKey() const { return m_key.hasValue(); }
    // A keychain call has not been answered yet.
    bool isBusy() const { return m_key.isBusy(); }
    // Why the keychain could not be used, in words; empty when it could.
    QString problem() const { return m_key.problem(); }

    OpenAiPreferences &preferences() { return m_preferences; }
    // Applies the preferences to the provider after they changed.
    void applyPreferences();

    // Starts saving the key in the keychain and returns at once; changed() tells how it went. A key that is
    // not shaped like one is refused here, with the reason, and nothing is saved.
    QString saveKey(const QString &key);
    // Takes the key from the provider now and from the keychain as soon as it answers.
    void forgetKey();

Q_SIGNALS:
    void changed();

private:
    // Gives the provider the key in effect, or why there is none.
    void applyKey();

    OpenAiPreferences &m_preferences;
    OpenAiProvider &m_provider;
    KeychainEntry m_key;
};

} // namespace atelier
