#include "leaseowner.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QMutex>
#include <QSet>
#include <QSysInfo>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <unistd.h>
#endif

namespace atelier {

namespace {

// The owners that live in this process: the ids of several engines in one process (tests run two) are
// told apart from those of an earlier process that had the same process id.
struct OwnersHere
{
    QMutex mutex;
    QSet<QString> owners;
};

OwnersHere &ownersHere()
{
    static OwnersHere here;
    return here;
}

// The namespace this process's ids live in: on Linux the inode of its pid namespace, which separates
// containers that share a host name.
QByteArray pidNamespace()
{
#ifdef Q_OS_LINUX
    char target[128] = {};
    const ssize_t length = ::readlink("/proc/self/ns/pid", target, sizeof target - 1);
    return length > 0 ? QByteArray(target, int(length)) : QByteArray();
#else
    return {};
#endif
}

bool processRuns(qint64 pid)
{
#ifdef Q_OS_UNIX
    // Signal 0 only asks whether the process exists; EPERM means it does, under another user.
    return ::kill(pid_t(pid), 0) == 0 || errno != ESRCH;
#else
    Q_UNUSED(pid);
    return true;
#endif
}

} // namespace

LeaseOwner::LeaseOwner()
    : m_id(QStringLiteral("%1-%2@%3")
               .arg(QCoreApplication::applicationPid())
               .arg(QUuid::createUuid().toString(QUuid::WithoutBraces), placeHere()))
{
    OwnersHere &here = ownersHere();
    const QMutexLocker lock(&here.mutex);
    here.owners.insert(m_id);
}

LeaseOwner::~LeaseOwner()
{
    OwnersHere &here = ownersHere();
    const QMutexLocker lock(&here.mutex);
    here.owners.remove(m_id);
}

QString LeaseOwner::placeHere()
{
    static const QString place = [] {
        const QByteArray identity =
            QSysInfo::machineUniqueId() + '|' + QSysInfo::bootUniqueId() + '|' + pidNamespace();
        return QSysInfo::machineHostName() + QLatin1Char('/') +
               QString::fromLatin1(
                   QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(12));
    }();
    return place;
}

bool LeaseOwner::isGone(const QString &owner)
{
    const qsizetype at = owner.lastIndexOf(QLatin1Char('@'));
    const qsizetype dash = owner.indexOf(QLatin1Char('-'));
    if (at < 0 || dash <= 0 || dash > at || owner.mid(at + 1) != placeHere())
        return false;
    bool numeric = false;
    const qint64 pid = owner.left(dash).toLongLong(&numeric);
    if (!numeric || pid <= 0)
        return false;
    if (pid == QCoreApplication::applicationPid()) {
        OwnersHere &here = ownersHere();
        const QMutexLocker lock(&here.mutex);
        return !here.owners.contains(owner);
    }
    return !processRuns(pid);
}

} // namespace atelier
