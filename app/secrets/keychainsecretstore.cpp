#include "keychainsecretstore.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QLoggingCategory>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace atelier {

Q_LOGGING_CATEGORY(lcSecrets, "atelier.secrets")

namespace {

// Why no keychain answered, when that explains the job's error; empty when it does not. QtKeychain 0.13 on
// Linux reports a missing D-Bus session, and a bus without a keychain service, mostly as OtherError with the
// D-Bus text, and a missing libsecret as OtherError "Unknown error"; so the bus is asked directly.
QString unavailableReason(const QKeychain::Job &job)
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        const QString why = bus.lastError().message();
        return why.isEmpty() ? KeychainSecretStore::tr("no D-Bus session")
                             : KeychainSecretStore::tr("no D-Bus session: %1").arg(why);
    }
    const QString text = job.errorString();
    if (job.error() == QKeychain::NoBackendAvailable ||
        text.contains(QLatin1String("org.freedesktop.secrets")) ||
        text.contains(QLatin1String("ServiceUnknown")))
        return KeychainSecretStore::tr("no Secret Service or KWallet on the D-Bus session");
    return {};
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, int timeoutMs, QObject *parent)
    : SecretStore(parent), m_service(service), m_timeoutMs(timeoutMs)
{}

QString KeychainSecretStore::displayName() const
{
    return tr("the system keychain");
}

void KeychainSecretStore::read(const QString &name)
{
    start(new QKeychain::ReadPasswordJob(m_service), Operation::Read, name);
}

void KeychainSecretStore::write(const QString &name, const QString &secret)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setTextData(secret);
    start(job, Operation::Write, name);
}

void KeychainSecretStore::remove(const QString &name)
{
    start(new QKeychain::DeletePasswordJob(m_service), Operation::Remove, name);
}

void KeychainSecretStore::start(QKeychain::Job *job, Operation operation, const QString &name)
{
    job->setInsecureFallback(false); // no keychain must never mean a plain-text file
    job->setKey(name);

    // The job is left to finish after a time-out, and deletes itself then: libsecret holds a pointer to it
    // until its answer comes. QtKeychain runs one job at a time, so calls made meanwhile wait behind it.
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    const auto answered = std::make_shared<QMetaObject::Connection>();
    *answered = connect(job, &QKeychain::Job::finished, this,
                        [this, timer, operation, name](QKeychain::Job *finished) {
                            delete timer;
                            if (finished->error() != QKeychain::NoError)
                                qCInfo(lcSecrets) << "QtKeychain error for" << name << finished->error()
                                                  << finished->errorString();
                            finish(operation, name, resultOf(*finished, operation));
                        });
    connect(timer, &QTimer::timeout, this, [this, timer, job, answered, operation, name] {
        disconnect(*answered);
        timer->deleteLater();
        connect(job, &QKeychain::Job::finished, this, [name](QKeychain::Job *late) {
            qCInfo(lcSecrets) << "The keychain answered for" << name << "after the time-out: error"
                              << late->error() << late->errorString();
        });
        const QString seconds = QString::number(m_timeoutMs / 1000.0);
        const QString message = operation == Operation::Read
                                    ? tr("The system keychain did not answer within %1 s: gave up reading.")
                                : operation == Operation::Write
                                    ? tr("The system keychain did not answer within %1 s: gave up saving.")
                                    : tr("The system keychain did not answer within %1 s: gave up removing.");
        qCWarning(lcSecrets) << "No answer from the keychain for" << name << "within" << m_timeoutMs << "ms";
        finish(operation, name, {Status::Unavailable, {}, message.arg(seconds)});
    });
    timer->start(m_timeoutMs);
    job->start();
}

SecretStore::Result KeychainSecretStore::resultOf(const QKeychain::Job &job, Operation operation) const
{
    const QString outcome = operation == Operation::Read    ? tr("nothing was read")
                            : operation == Operation::Write ? tr("nothing was saved")
                                                            : tr("nothing was removed");
    switch (job.error()) {
    case QKeychain::NoError:
        if (operation == Operation::Read)
            return {Status::Ok, static_cast<const QKeychain::ReadPasswordJob &>(job).textData(), {}};
        return {};
    case QKeychain::EntryNotFound:
        if (operation == Operation::Remove)
            return {};
        return {Status::NotFound, {}, tr("The system keychain holds no \"%1\".").arg(job.key())};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {Status::Denied,
                {},
                tr("The system keychain refused access (%1): %2.").arg(job.errorString(), outcome)};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    if (const QString why = unavailableReason(job); !why.isEmpty())
        return {Status::Unavailable, {}, tr("No system keychain answered (%1): %2.").arg(why, outcome)};
    return {Status::Failed, {}, tr("The system keychain failed (%1): %2.").arg(job.errorString(), outcome)};
}

void KeychainSecretStore::finish(Operation operation, const QString &name, const Result &result)
{
    if (!result.isOk())
        qCInfo(lcSecrets) << name << result.status << result.message;
    switch (operation) {
    case Operation::Read:
        Q_EMIT readFinished(name, result);
        break;
    case Operation::Write:
        Q_EMIT writeFinished(name, result);
        break;
    case Operation::Remove:
        Q_EMIT removeFinished(name, result);
        break;
    }
}

} // namespace atelier
