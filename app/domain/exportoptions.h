#pragma once

#include "stoptoken.h"

#include <QString>

namespace atelier {

// What an export of selected generations writes, and where.
struct ExportOptions
{
    enum class Destination
    {
        Folder, // the files side by side in a folder, created when missing
        Zip     // one .zip archive
    };

    QString target; // the folder, or the archive's file
    Destination destination = Destination::Folder;
    // Copies of PNG results carry an AUTOMATIC1111 "parameters" text, so that other tools read the prompt.
    // A PNG with content credentials (C2PA) is still copied unchanged: a new chunk would break its signature.
    bool embedParameters = false;
    bool sidecars = true;   // "<file>.json" beside each image, as in the library
    bool overwrite = false; // an archive that exists already is replaced (a folder never has files replaced)
    StopToken stop;         // the caller's way to stop it, with a report that says so
};

} // namespace atelier
