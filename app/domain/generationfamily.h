#pragma once

#include "generationtile.h"

#include <QList>

#include <optional>

namespace atelier {

// Where a generation stands among its relatives made with "more like this": the one it came from, the other
// variations of that one (its siblings) and its own variations, oldest first. Only what is in the history is
// listed, the newest kMaxListed of each list (the counts tell how many there are); the parent is named even
// when it is in the trash or erased.
struct GenerationFamily
{
    enum class ParentState
    {
        None,      // it came from no other
        InHistory, // parent holds its tile
        InTrash,
        Erased,
    };

    static constexpr int kMaxListed = 50;

    qint64 parentId = 0;
    ParentState parentState = ParentState::None;
    std::optional<GenerationTile> parent;
    QList<GenerationTile> siblings;
    QList<GenerationTile> variations;
    int siblingCount = 0;
    int variationCount = 0;

    bool isEmpty() const { return parentId == 0 && variations.isEmpty(); }
};

} // namespace atelier
