#include "analytics.h"

#include <algorithm>

namespace atelier {

qint64 nearestRankPercentile(const QList<qint64> &sorted, int percent)
{
    if (sorted.isEmpty())
        return 0;
    // ceil(percent * n / 100) in integers, at least the first rank.
    const qsizetype rank = std::max<qsizetype>(1, (qsizetype(percent) * sorted.size() + 99) / 100);
    return sorted.at(std::min(rank, sorted.size()) - 1);
}

} // namespace atelier
