#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace atelier {

class SecretStore;

// One secret a program uses (an API key, a cloud secret): taken from the environment when it names one,
// otherwise read from the keychain (asynchronously), saved and forgotten there. When the keychain cannot
// keep it, the secret is kept for this session only and problem() says why; it never goes to a file.
class KeychainEntry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainEntry)
public:
    enum class Source
    {
        None,
        Environment,
        Keychain,
        Session
    };

    // environmentValue gives the secret the environment sets, or an empty string; it wins over the keychain.
    KeychainEntry(SecretStore &secrets, QString name, std::function<QString()> environmentValue,
                  QObject *parent = nullptr);

    const QString &name() const { return m_name; }
    // One word of 8 to 1024 printable characters: what API keys and secrets look like. A pasted line with
    // spaces or a line break is caught before it reaches the keychain.
    static bool isSecretShaped(const QString &value);
    // Takes the environment's value or asks the keychain, then emits changed().
    void load();
    const QString &value() const { return m_value; }
    Source source() const { return m_source; }
    bool hasValue() const { return m_source != Source::None; }
    // A keychain call has not been answered yet.
    bool isBusy() const { return m_call != Call::None; }
    // Why the keychain could not be used, in words that never hold the secret; empty when it could.
    const QString &problem() const { return m_problem; }

    // Starts saving in the keychain and returns at once; changed() follows when it answers.
    void save(const QString &value);
    // Takes the secret away now and from the keychain as soon as it answers.
    void forget();

Q_SIGNALS:
    void changed();

private:
    enum class Call
    {
        None,
        Read,
        Write,
        Remove
    };

    void begin(Call call, int &unanswered);
    // Counts an answer; true when it answers the latest call, so that a late answer to an older one is
    // not taken for it.
    bool isLatest(Call call, int &unanswered);
    void use(const QString &value, Source source, const QString &problem);

    SecretStore &m_secrets;
    QString m_name;
    std::function<QString()> m_environmentValue;
    QString m_value;
    Source m_source = Source::None;
    QString m_problem;
    QString m_saving; // until the keychain answers
    Call m_call = Call::None;
    int m_reads = 0;
    int m_writes = 0;
    int m_removes = 0;
};

} // namespace atelier
