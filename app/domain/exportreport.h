#pragma once

#include "generationerror.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace atelier {

// What an export wrote, or why it wrote nothing: on an error, and on cancellation, whatever it had written
// is gone again.
struct ExportReport
{
    // One image written.
    struct File
    {
        qint64 generationId = 0;
        QString source;  // the library's file
        QString written; // the path written in a folder, or the entry's name in an archive
        QString sidecar; // likewise for its sidecar; empty without sidecars
        bool parametersEmbedded = false;
        bool contentCredentials = false; // a C2PA manifest, which is why it was copied unchanged
    };

    QString target;
    QList<File> files; // an export of generations
    int rows = 0;      // an export of the history
    QStringList notes; // in words: what was copied unchanged and why
    GenerationError error;
    bool stopped = false; // stopped on request, with whatever it had written taken back

    bool succeeded() const { return !error.isError(); }
};

} // namespace atelier
