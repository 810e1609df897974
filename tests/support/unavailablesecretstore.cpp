#include "unavailablesecretstore.h"

namespace atelier::test {

QString UnavailableSecretStore::message()
{
    return QStringLiteral("No system keychain answered (no D-Bus session): nothing was saved.");
}

void UnavailableSecretStore::answer(Finished finished, const QString &name)
{
    QMetaObject::invokeMethod(
        this,
        [this, finished, name] {
            Q_EMIT(this->*finished)(name, {Status::Unavailable, {}, message()});
        },
        Qt::QueuedConnection);
}

} // namespace atelier::test
