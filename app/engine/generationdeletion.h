#pragma once

#include "domain/generation.h"

#include <QCoreApplication>

namespace atelier {

class Store;

// Deletes an ended generation: the store forgets it (its ledger entries stay, they are history), then its
// result files go. Files last, so a failed database write never leaves a row that names missing files.
class GenerationDeletion final
{
    Q_DECLARE_TR_FUNCTIONS(GenerationDeletion)

public:
    explicit GenerationDeletion(Store &store) : m_store(store) {}

    // generation is its owner's, as the store has it now, in the history or in the trash (trashedAt), and
    // still there when it is erased. With removeRemote, its cloud copy is marked for destruction in the same
    // transaction.
    GenerationError erase(const Generation &generation, qint64 nowMs,
                          const QList<CloudAsset> *removeRemote = nullptr);

private:
    Store &m_store;
};

} // namespace atelier
