#pragma once

#include "domain/generation.h"
#include "domain/generationerror.h"
#include "domain/generationfamily.h"

#include <QCoreApplication>
#include <QList>

#include <functional>

namespace atelier {

class ModelCatalog;
class ProfileAccounts;
class Store;
class SubmissionCheck;

// "More like this": the settings of a generation again, n at a time, each a new generation that names the one
// it came from, with a seed of its own where the model draws from one (ModelSpec::seeded). The service queues
// what prepare() gives, all or none.
class Variations
{
    Q_DECLARE_TR_FUNCTIONS(Variations)
public:
    static constexpr int kMaxCount = 10;
    // Draws a random seed; a test may give a fixed sequence.
    using SeedSource = std::function<quint32()>;

    Variations(const Store &store, const ModelCatalog &catalog, const ProfileAccounts &accounts,
               const SubmissionCheck &check, SeedSource seeds = {});

    // `count` generations like the profile's generation `id`, checked as a submission is, ready to queue;
    // none, with *error, when it is not the profile's, the count is out of range, or its settings cannot be
    // queued now (the model gone, a reference image moved, the provider not set up).
    QList<Generation> prepare(qint64 id, qint64 userId, int count, Priority priority,
                              GenerationError *error) const;
    GenerationFamily family(qint64 id, qint64 userId) const;

private:
    // `count` seeds unlike each other and unlike the one the source was made with.
    QList<quint32> freshSeeds(int count, const QVariant &used) const;

    const Store &m_store;
    const ModelCatalog &m_catalog;
    const ProfileAccounts &m_accounts;
    const SubmissionCheck &m_check;
    SeedSource m_seeds;
};

} // namespace atelier
