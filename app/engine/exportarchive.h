#pragma once

#include "generationexport.h"

namespace atelier {

// An export into one zip archive: images stored as they are (they are compressed already), sidecars
// deflated. The archive appears under its name only once it is complete (see ZipWriter).
class ExportArchive final
{
public:
    // False, with report->error set unless cancelled, when no archive was written.
    static bool write(QPromise<ExportReport> &promise, const QList<GenerationExport::Item> &items,
                      const ExportOptions &options, ExportReport *report);
};

} // namespace atelier
