#include "memorysecretstore.h"

#include <functional>

namespace atelier {

QString MemorySecretStore::displayName() const
{
    return tr("memory (this session only)");
}

void MemorySecretStore::read(const QString &name)
{
    const auto found = m_secrets.constFind(name);
    if (found == m_secrets.cend())
        finishLater(&SecretStore::readFinished, name,
                    {Status::NotFound, {}, tr("Nothing named \"%1\" is kept in memory.").arg(name)});
    else
        finishLater(&SecretStore::readFinished, name, {Status::Ok, *found, {}});
}

void MemorySecretStore::write(const QString &name, const QString &secret)
{
    m_secrets.insert(name, secret);
    finishLater(&SecretStore::writeFinished, name, {});
}

void MemorySecretStore::remove(const QString &name)
{
    m_secrets.remove(name);
    finishLater(&SecretStore::removeFinished, name, {});
}

void MemorySecretStore::finishLater(Finished finished, const QString &name, const Result &result)
{
    QMetaObject::invokeMethod(
        this, [this, finished, name, result] { Q_EMIT std::invoke(finished, this, name, result); },
        Qt::QueuedConnection);
}

} // namespace atelier
