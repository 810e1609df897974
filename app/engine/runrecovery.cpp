#include "runrecovery.h"

#include "storage/imagelibrary.h"
#include "storage/store.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcEngine)

namespace atelier {

RunRecovery::Outcome RunRecovery::recover(Store &store, const ImageLibrary &library, int maxAttempts,
                                          qint64 nowMs, const QList<qint64> &runsHere,
                                          const JobLeases::OwnerGone &ownerGone)
{
    const RecoveryReport report = store.recoverInterrupted(maxAttempts, nowMs, runsHere, ownerGone);
    if (report.requeued.isEmpty() && report.failed.isEmpty())
        return {};
    qCInfo(lcEngine) << "recovered after an interruption:" << report.requeued.size() << "re-queued,"
                     << report.failed.size() << "failed";
    Outcome outcome;
    for (const qint64 id : report.requeued + report.failed) {
        const std::optional<Generation> generation = store.generation(id);
        if (!generation)
            continue;
        const RecoveryReport::Attempt stopped = report.stopped.value(id);
        library.discardUnrecorded(*generation, stopped.run, stopped.attempt);
        (report.failed.contains(id) ? outcome.failed : outcome.requeued).append(*generation);
    }
    return outcome;
}

} // namespace atelier
