#pragma once

#include "domain/generation.h"
#include "domain/progress.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

namespace atelier {

class Clock;
class EtaEstimator;
class RunningJob;

// The attempts this process has in flight, by generation id, owned. While any runs, their estimates advance
// once a second, so that providers that report no steps still move.
class RunningJobs final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunningJobs)
public:
    RunningJobs(const EtaEstimator &eta, const Clock &clock, QObject *parent = nullptr);
    ~RunningJobs() override;

    RunningJob *value(qint64 id) const { return m_jobs.value(id); }
    bool contains(qint64 id) const { return m_jobs.contains(id); }
    bool isEmpty() const { return m_jobs.isEmpty(); }
    qsizetype size() const { return m_jobs.size(); }
    QList<qint64> ids() const { return m_jobs.keys(); }
    // Generation id -> run, for renewing their leases.
    QHash<qint64, int> runs() const;

    // Takes `job` over. A job already here is never replaced (its save may still be on the way, and would
    // then record under the new attempt): false, and `job` is deleted.
    bool add(qint64 id, RunningJob *job);
    // Deletes the job's attempt; nothing when there is none.
    void remove(qint64 id);
    // What this process can tell of an attempt another process runs: the percent and step that process
    // stored, and the time left by this process's estimate.
    Progress elsewhere(const Generation &generation, qint64 nowMs) const;

Q_SIGNALS:
    void estimateAdvanced(const atelier::Progress &progress);

private:
    void tick();

    const EtaEstimator &m_eta;
    const Clock &m_clock;
    QHash<qint64, RunningJob *> m_jobs;
    QTimer m_ticker;
};

} // namespace atelier
