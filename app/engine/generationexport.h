#pragma once

#include "domain/exportoptions.h"
#include "domain/exportreport.h"
#include "domain/generationsidecar.h"

#include <QCoreApplication>
#include <QFuture>
#include <QList>
#include <QPromise>

#include <functional>

namespace atelier {

class ExportCopy;
class ImageLibrary;
class ModelCatalog;
class Store;

// Copies the result files of chosen generations out of the library, into a folder or a zip archive, byte for
// byte, each with its sidecar, optionally as PNG copies that carry an AUTOMATIC1111 "parameters" text
// (see ExportCopy). In a folder nothing is ever overwritten: a name in use gets "-2", "-3", ... and the
// sidecar keeps its image's name. An export that fails or is cancelled removes what it wrote.
class GenerationExport final
{
    Q_DECLARE_TR_FUNCTIONS(GenerationExport)

public:
    // One result file, as the store named it when the export began.
    struct Item
    {
        qint64 generationId = 0;
        QString source;
        GenerationSidecar described; // written when the sidecar beside the file is missing
    };

    GenerationExport(const Store &store, const ModelCatalog &catalog, const ImageLibrary &library)
        : m_store(store), m_catalog(catalog), m_library(library)
    {}

    // Checks the selection (completed generations of the profile) and the target on this thread, then copies
    // on the thread pool, one progress step per image. A refusal is a finished future holding the error and
    // writes nothing. A cancelled export has no result (check isCanceled()), one stopped through
    // ExportOptions::stop reports stopped; neither leaves anything behind.
    QFuture<ExportReport> start(const QList<qint64> &ids, qint64 profileId,
                                const ExportOptions &options) const;

    // The copying, on any thread: what start() runs.
    static void run(QPromise<ExportReport> &promise, const QList<Item> &items, const ExportOptions &options);

    // What the writers share. name, else "stem-2.ext", "stem-3.ext", ...: the first one `taken` lets through.
    static QString freeName(const QString &name, const std::function<bool(const QString &)> &taken);
    // The report's notes from the copies' own, with one line for all the files that are no PNG.
    static void addNotes(ExportReport *report, const QList<ExportCopy> &copies);
    static ExportReport::File reported(const Item &item, const ExportCopy &copy);

private:
    GenerationError select(const QList<qint64> &ids, qint64 profileId, QList<Item> *items) const;

    const Store &m_store;
    const ModelCatalog &m_catalog;
    const ImageLibrary &m_library;
};

} // namespace atelier
