#pragma once

#include "secrets/secretstore.h"

namespace atelier::test {

// A keychain that never answers: every call ends as Unavailable (with `message`), later, from the event loop,
// as on a machine without a D-Bus session.
class UnavailableSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    static QString message();

    using SecretStore::SecretStore;
    QString displayName() const override { return QStringLiteral("the system keychain"); }
    void read(const QString &name) override { answer(&SecretStore::readFinished, name); }
    void write(const QString &name, const QString &) override { answer(&SecretStore::writeFinished, name); }
    void remove(const QString &name) override { answer(&SecretStore::removeFinished, name); }

private:
    using Finished = void (SecretStore::*)(const QString &, const Result &);
    void answer(Finished finished, const QString &name);
};

} // namespace atelier::test
