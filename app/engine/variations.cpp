#include "variations.h"

#include "domain/modelcatalog.h"
#include "profileaccounts.h"
#include "storage/store.h"
#include "submissioncheck.h"

#include <QRandomGenerator>
#include <QSet>

namespace atelier {

namespace {
const QString kSeed = QStringLiteral("seed");
} // namespace

Variations::Variations(const Store &store, const ModelCatalog &catalog, const ProfileAccounts &accounts,
                       const SubmissionCheck &check, SeedSource seeds)
    : m_store(store), m_catalog(catalog), m_accounts(accounts), m_check(check), m_seeds(std::move(seeds))
{
    if (!m_seeds)
        m_seeds = [] { return QRandomGenerator::global()->generate(); };
}

QList<Generation> Variations::prepare(qint64 id, qint64 userId, int count, Priority priority,
                                      GenerationError *error) const
{
    if (count < 1 || count > kMaxCount) {
        *error = GenerationError::make(
            GenerationError::Category::Validation,
            tr("More like this makes 1 to %1 at a time, not %2.").arg(kMaxCount).arg(count));
        return {};
    }
    const std::optional<Generation> source = m_accounts.ownedGeneration(id, userId, error);
    if (!source)
        return {};
    Generation like;
    like.request = source->request;
    like.priority = priority;
    like.parentId = id;
    if (const GenerationError refused = m_check.check(like.request, &like.provider); refused.isError()) {
        *error = GenerationError::make(
            refused.category, tr("Cannot queue more like generation %1: %2").arg(id).arg(refused.message));
        return {};
    }
    const ModelSpec *spec = m_catalog.model(like.request.model);
    const QList<quint32> seeds =
        spec && spec->seeded ? freshSeeds(count, like.request.parameters.value(kSeed)) : QList<quint32>();
    QList<Generation> variations(count, like);
    for (qsizetype i = 0; i < seeds.size(); ++i)
        variations[i].request.parameters.insert(kSeed, qint64(seeds.at(i)));
    return variations;
}

GenerationFamily Variations::family(qint64 id, qint64 userId) const
{
    return m_store.family(userId, id);
}

QList<quint32> Variations::freshSeeds(int count, const QVariant &used) const
{
    QSet<quint32> taken;
    bool isNumber = false;
    if (const uint seed = used.toUInt(&isNumber); isNumber)
        taken.insert(seed);
    QList<quint32> seeds;
    // A few draws each; a source that keeps repeating itself (a test's) is then stepped past what is taken.
    quint32 seed = 0;
    for (int draws = 0; seeds.size() < count; ++draws) {
        seed = draws < 8 * count ? m_seeds() : seed + 1;
        if (!taken.contains(seed)) {
            taken.insert(seed);
            seeds.append(seed);
        }
    }
    return seeds;
}

} // namespace atelier
