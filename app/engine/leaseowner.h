#pragma once

#include <QString>

namespace atelier {

// Who holds a lease: "<process id>-<random UUID>@<host name>", unique across processes and restarts. The host
// and the process id let a process tell that the owner of a lease was a process on this machine that no
// longer runs (a window closed or killed a moment ago), so that its jobs come back at once rather than when
// the lease runs out.
class LeaseOwner
{
public:
    // A new owner for an engine of this process.
    static QString forThisProcess();
    // True only when the owner certainly stopped: it names this host and a process id that no process has,
    // or this process's own id but was not made here (a restart that got the same id, as in a container). An
    // owner of another host, of an older form or of a live process id is not known to be gone.
    static bool isGone(const QString &owner);
};

} // namespace atelier
