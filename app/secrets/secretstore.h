#pragma once

#include <QObject>
#include <QString>

namespace atelier {

// Where secrets (API keys, cloud secrets) are kept: the system keychain in the app, memory in tests and for a
// session without a keychain. Every call ends in exactly one finished signal for its name, emitted after the
// call has returned, so a caller may connect after calling. A result's message is words for a person and
// never holds the secret.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Status
    {
        Ok,
        NotFound,
        Unavailable,
        Denied,
        Failed
    };
    Q_ENUM(Status)

    struct Result
    {
        Status status = Status::Ok;
        QString secret;  // what read() found
        QString message; // why, when the status is not Ok
        bool isOk() const { return status == Status::Ok; }
    };

    using QObject::QObject;

    // In words, to complete "saved in ...": "the system keychain", "memory (this session only)".
    virtual QString displayName() const = 0;

    virtual void read(const QString &name) = 0;
    virtual void write(const QString &name, const QString &secret) = 0;
    // Removing a name that holds nothing is Ok.
    virtual void remove(const QString &name) = 0;

Q_SIGNALS:
    void readFinished(const QString &name, const atelier::SecretStore::Result &result);
    void writeFinished(const QString &name, const atelier::SecretStore::Result &result);
    void removeFinished(const QString &name, const atelier::SecretStore::Result &result);
};

} // namespace atelier
