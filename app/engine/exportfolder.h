#pragma once

#include "generationexport.h"

#include <QDir>
#include <QStringList>

namespace atelier {

// An export into a folder (created when missing): every file is new, under a name no file has, with its
// sidecar named after it. What it wrote goes again when it fails or is cancelled.
class ExportFolder final
{
public:
    ExportFolder(QPromise<ExportReport> &promise, const ExportOptions &options)
        : m_promise(promise), m_options(options), m_folder(options.target)
    {}

    // False, with report->error set unless cancelled, when it wrote nothing in the end.
    bool write(const QList<GenerationExport::Item> &items, ExportReport *report);

private:
    bool add(const GenerationExport::Item &item, const ExportCopy &copy, ExportReport::File *file,
             QString *error);
    bool undo();

    QPromise<ExportReport> &m_promise;
    const ExportOptions &m_options;
    QDir m_folder;
    bool m_created = false;
    QStringList m_written;
};

} // namespace atelier
