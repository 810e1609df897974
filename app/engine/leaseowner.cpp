#include "leaseowner.h"

#include <QCoreApplication>
#include <QMutex>
#include <QSet>
#include <QSysInfo>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
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
               .arg(QUuid::createUuid().toString(QUuid::WithoutBraces), QSysInfo::machineHostName()))
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

bool LeaseOwner::isGone(const QString &owner)
{
    const qsizetype at = owner.lastIndexOf(QLatin1Char('@'));
    const qsizetype dash = owner.indexOf(QLatin1Char('-'));
    if (at < 0 || dash <= 0 || dash > at || owner.mid(at + 1) != QSysInfo::machineHostName())
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
