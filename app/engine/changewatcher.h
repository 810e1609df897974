#pragma once

#include "domain/generation.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace atelier {

class Clock;
class JobQueue;
class Store;

// What other processes (the window, any number of atelier-cli) do to the generations, seen from this one:
// a cheap look at the database every quarter second (PRAGMA data_version, which moves only when another
// connection commits), and then the few rows that changed since the last look (ChangeFeed). It keeps this
// process's queue in step with the store and says which changes this process has not announced yet.
class ChangeWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeWatcher)
public:
    ChangeWatcher(Store &store, Clock &clock, int intervalMs, QObject *parent = nullptr);

    // Reads changes made from now on.
    void start();
    void stop();
    bool isWatching() const { return m_timer.isActive(); }

    // What changed elsewhere since the last look, for generations this process neither runs nor still has
    // to announce itself (`handledHere`).
    struct Seen
    {
        QList<Generation> queued;      // new here: pending and now queued, or run at once elsewhere
        QList<Generation> started;     // an attempt began in another process
        QList<Generation> advanced;    // its progress or step moved on in another process
        QList<Generation> ended;       // ended, and not announced here yet
        QList<Generation> touched;     // ended before and changed again (its cloud copy)
        QList<Generation> marked;      // ended before; its favourite, rating, tags or boards may have changed
        QList<Generation> steered;     // pending, and paused, resumed, moved or given a priority elsewhere
        QList<Generation> restored;    // back from the trash
        QHash<qint64, qint64> deleted; // id -> profile, not announced here yet
        QSet<qint64> erased;           // profiles whose results left their trash for good
        bool queueChanged = false;     // entries joined, left or moved in this process's queue
        std::optional<bool> paused;    // whether the whole queue is paused, when it could be read
        // Too much changed to read one by one: whatever shows generations reads them again (the queue was).
        bool everything = false;
    };
    Seen catchUp(JobQueue &queue, const std::function<bool(qint64)> &handledHere);

    // Records that this process announces the generation's end (or its deletion): false when it already
    // did, and then it is not said again.
    bool noteEnded(const Generation &generation);
    bool noteDeleted(qint64 id);
    // Generations this process brought back from the trash.
    void noteRestored(const QList<Generation> &generations);
    // A waiting job this process steered (paused, resumed, moved): its change read back is not news.
    void noteWaiting(const Generation &generation) { m_known.insert(generation.id, Known::of(generation)); }
    // Generations this process imported (completed, run 1).
    void noteImported(const QList<qint64> &ids);

Q_SIGNALS:
    // Another process wrote to the database: time for catchUp().
    void changed();

private:
    // What this process last said of a generation it does not run.
    struct Known
    {
        GenerationStatus status = GenerationStatus::Pending;
        int run = 0;
        int attempts = 0;
        int progress = 0;
        QString step;
        bool deleted = false;
        CloudCopy::State cloud = CloudCopy::State::None;

        static Known of(const Generation &generation)
        {
            return {generation.status, generation.run, generation.attempts,   generation.progress,
                    generation.step,   false,          generation.cloud.state};
        }
    };
    void poll();
    void see(const Generation &generation, JobQueue &queue, Seen *seen);
    // After a gap in the feed: the queue takes every pending job again, and drops what is no longer pending.
    void requeueAll(JobQueue &queue, const std::function<bool(qint64)> &handledHere, Seen *seen);

    Store &m_store;
    Clock &m_clock;
    QTimer m_timer;
    qint64 m_dataVersion = 0;
    qint64 m_point = 0;
    qint64 m_startedAtMs = 0;
    qint64 m_lastIdAtStart = 0; // the newest generation when this process began to look
    QHash<qint64, Known> m_known;
};

} // namespace atelier
