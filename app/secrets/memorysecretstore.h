#pragma once

#include "secrets/secretstore.h"

#include <QHash>

namespace atelier {

// Secrets kept in this process only: for tests, and for the session when no keychain answers.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    QString displayName() const override;
    void read(const QString &name) override;
    void write(const QString &name, const QString &secret) override;
    void remove(const QString &name) override;

private:
    using Finished = void (SecretStore::*)(const QString &, const Result &);
    void finishLater(Finished finished, const QString &name, const Result &result);

    QHash<QString, QString> m_secrets;
};

} // namespace atelier
