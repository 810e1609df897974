#pragma once

#include "secrets/secretstore.h"

namespace QKeychain {
class Job;
}

namespace atelier {

// Secrets in the system keychain through QtKeychain (the Secret Service through libsecret, or KWallet), filed
// under one service name. Never falls back to a file. A call the keychain has not answered within the
// time-out (a locked wallet waiting for its password, a bus that never replies) ends as Unavailable.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 10'000;

    explicit KeychainSecretStore(const QString &service, int timeoutMs = DefaultTimeoutMs,
                                 QObject *parent = nullptr);

    QString displayName() const override;
    void read(const QString &name) override;
    void write(const QString &name, const QString &secret) override;
    void remove(const QString &name) override;

private:
    enum class Operation
    {
        Read,
        Write,
        Remove
    };

    void start(QKeychain::Job *job, Operation operation, const QString &name);
    Result resultOf(const QKeychain::Job &job, Operation operation) const;
    void finish(Operation operation, const QString &name, const Result &result);

    QString m_service;
    int m_timeoutMs;
};

} // namespace atelier
