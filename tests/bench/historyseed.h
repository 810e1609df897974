#pragma once

#include "domain/generation.h"
#include "vocabulary.h"

#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QTextStream>

#include <functional>
#include <utility>

namespace atelier::bench {

// Fills a store with completed generations as the engine would have written them, fast: one transaction on a
// connection of its own, with the store's own column mapping (GenerationRow). The Store API commits one
// generation (and its ledger entries and event) at a time and always starts it pending, which would take
// minutes and leave nothing completed. The full-text triggers run as for any insert.
class HistorySeed
{
public:
    // Called for every row written, e.g. to put its files on disk; false stops the seeding.
    using RowWritten = std::function<bool(const Generation &)>;

    // A completed generation of profileId created at createdMs, its result files under libraryRoot.
    static Generation completed(qint64 profileId, qint64 createdMs, const Vocabulary &vocabulary,
                                QRandomGenerator &random, const QString &libraryRoot);
    // `count` generations per profile, a few minutes apart from firstMs on.
    static bool write(const QString &databasePath, const QList<std::pair<qint64, int>> &profiles,
                      qint64 firstMs, const Vocabulary &vocabulary, const QString &libraryRoot,
                      QTextStream &out, const RowWritten &rowWritten = {});
};

} // namespace atelier::bench
