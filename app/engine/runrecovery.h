#pragma once

#include "domain/generation.h"
#include "storage/jobleases.h"

#include <QList>

namespace atelier {

class ImageLibrary;
class Store;

// Puts right on start what a process that stopped mid-run left: its runs go back to the queue or fail when
// they have no attempt left (Store::recoverInterrupted), and files the stopped attempt wrote but never
// recorded, which no generation names, are removed (only that attempt's: another may hold the job by now).
class RunRecovery
{
public:
    struct Outcome
    {
        QList<Generation> requeued;
        QList<Generation> failed;
    };

    // Leaves alone the jobs this process runs (`runsHere`); takes back, before their lease runs out, those
    // whose owner `ownerGone` says has stopped.
    static Outcome recover(Store &store, const ImageLibrary &library, int maxAttempts, qint64 nowMs,
                           const QList<qint64> &runsHere = {}, const JobLeases::OwnerGone &ownerGone = {});
};

} // namespace atelier
