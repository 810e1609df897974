#pragma once

#include <QString>

namespace atelier {

// Who holds a lease on a job or an upload: "<process id>-<random UUID>@<place>", unique across processes and
// restarts. The place (placeHere()) and the process id let a process tell that the owner of a lease was a
// process of the same machine, boot and process namespace that no longer runs (a window closed or killed a
// moment ago), so that its work comes back at once rather than when the lease runs out. This process counts
// an owner as alive while the LeaseOwner that made it exists.
class LeaseOwner
{
public:
    LeaseOwner();
    ~LeaseOwner();
    Q_DISABLE_COPY_MOVE(LeaseOwner)

    const QString &id() const { return m_id; }

    // Where a process id means one process: the host name and a fingerprint of the machine's id, its boot
    // and the pid namespace (containers sharing a host name differ in it).
    static QString placeHere();
    // True only when the owner certainly stopped: it names this place and a process id that no process has,
    // or this process's id but no live LeaseOwner of it (a restart that got the same id, as in a container,
    // or an engine of this process that is gone). An owner of another place, of an older form or of a live
    // process id is not known to be gone.
    static bool isGone(const QString &owner);

private:
    const QString m_id;
};

} // namespace atelier
