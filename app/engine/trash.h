#pragma once

#include "domain/generation.h"
#include "domain/generationerror.h"

#include <QList>
#include <QObject>

#include <optional>

namespace atelier {

class Clock;
class CloudSync;
class Store;

// Deleting as the service offers it (see TrashTable): results go into their profile's trash whole, undo
// brings them back as they were, and erasing (from the history, from the trash, or on start for what stayed
// longer than the days kept) removes their files and thumbnails, and their cloud copy when asked.
class Trash final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Trash)

public:
    Trash(Store &store, Clock &clock, QObject *parent = nullptr)
        : QObject(parent), m_store(store), m_clock(clock)
    {}
    void setCloudSync(CloudSync *cloud) { m_cloud = cloud; }

    // Ended results of the profile, all or none.
    GenerationError moveIn(const QList<qint64> &ids, qint64 profileId);
    GenerationError restore(const QList<qint64> &ids, qint64 profileId);
    // The last deleted first.
    QList<Generation> contents(qint64 profileId) const;
    int count(qint64 profileId) const;

    // An ended generation of the history or the trash, as the store has it now.
    GenerationError erase(const Generation &generation, bool destroyCloudCopy);
    // Those of `ids` in the profile's trash (all of it when empty), or none when one of them is not there.
    // Returns how many; stops at the first refusal, with *error.
    int eraseFromTrash(qint64 profileId, const QList<qint64> &ids, bool destroyCloudCopies,
                       GenerationError *error);
    // Every profile's results in the trash for longer than `days`; none when days is 0 (kept until emptied).
    void eraseExpired(int days, bool destroyCloudCopies);

Q_SIGNALS:
    void trashed(qint64 profileId, const QList<qint64> &ids);
    // As they are back in the history.
    void restored(const QList<atelier::Generation> &generations);
    void erased(const atelier::Generation &generation);
    // Results went into the profile's trash, came back or were erased from it.
    void changed(qint64 profileId);

private:
    std::optional<QList<Generation>> chosen(qint64 profileId, const QList<qint64> &ids,
                                            GenerationError *error) const;

    Store &m_store;
    Clock &m_clock;
    CloudSync *m_cloud = nullptr;
};

} // namespace atelier
