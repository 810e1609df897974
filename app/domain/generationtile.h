#pragma once

#include "generation.h"
#include "generationerror.h"
#include "generationstatus.h"

#include <QList>
#include <QString>

namespace atelier {

// What a gallery tile shows of a generation, and its place in the order of the history: nothing more, so that
// a gallery scrolled through 100,000 generations stays small. The rest is read when one is chosen.
struct GenerationTile
{
    // The tile has room for a line of text; the tooltip and the details read the whole prompt.
    static constexpr int kPromptChars = 80;

    qint64 id = 0;
    qint64 createdMs = 0;
    GenerationStatus status = GenerationStatus::Pending;
    int imageCount = 0;    // result files
    QString prompt;        // its first kPromptChars characters
    QString thumbnailPath; // the first result file; empty when there is none
    bool favorite = false;
    int rating = 0;

    static GenerationTile of(const Generation &generation)
    {
        return {generation.id,
                generation.createdAt.toMSecsSinceEpoch(),
                generation.status,
                int(generation.resultPaths.size()),
                generation.request.prompt.left(kPromptChars),
                generation.resultPaths.value(0),
                generation.marks.favorite,
                generation.marks.rating};
    }
};

// A page of a profile's history as tiles and, when it was asked for, how many generations the query matches,
// both as of one moment.
struct HistoryPage
{
    QList<GenerationTile> tiles;
    int total = -1; // -1: not counted
    GenerationError error;
};

} // namespace atelier
