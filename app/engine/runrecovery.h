#pragma once

#include "domain/generation.h"

#include <QList>

namespace atelier {

class ImageLibrary;
class Store;

// Puts right on start what a process that stopped mid-run left: its runs go back to the queue or fail when
// they have no attempt left (Store::recoverInterrupted), and files such a run wrote but never recorded, which
// no generation names, are removed.
class RunRecovery
{
public:
    struct Outcome
    {
        QList<Generation> requeued;
        QList<Generation> failed;
    };

    static Outcome recover(Store &store, const ImageLibrary &library, int maxAttempts, qint64 nowMs);
};

} // namespace atelier
