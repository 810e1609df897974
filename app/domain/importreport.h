#pragma once

#include "generationerror.h"

#include <QList>
#include <QString>

namespace atelier {

// What an import of a folder of images added to a profile's history, and what it left out and why.
struct ImportReport
{
    struct Skipped
    {
        QString file;   // the path as found
        QString reason; // in words
    };

    QList<qint64> imported; // the new generations, in the order the files were read
    QList<Skipped> skipped;
    // Set when the import stopped (a folder that is not there, a database or disk that refused a write);
    // what was imported before that stays.
    GenerationError error;
};

} // namespace atelier
