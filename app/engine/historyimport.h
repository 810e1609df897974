#pragma once

#include "domain/importreport.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>

namespace atelier {

class ImageLibrary;
class ModelCatalog;
class Store;

// Brings images made elsewhere into a profile's history: each PNG of a folder whose request can be read,
// from an Atelier sidecar beside it or from its "parameters" text (see RequestImport), becomes a completed
// generation that cost nothing. The file goes into the library byte for byte with a new sidecar; the same
// file (by SHA-256) is imported into a profile once. Reads and writes the disk: not for the GUI thread.
class HistoryImport final
{
    Q_DECLARE_TR_FUNCTIONS(HistoryImport)

public:
    // Files looked at so far, of all found; called after each.
    using Progress = std::function<void(int done, int total)>;

    HistoryImport(Store &store, const ModelCatalog &catalog, const ImageLibrary &library)
        : m_store(store), m_catalog(catalog), m_library(library)
    {}

    ImportReport run(qint64 profileId, const QString &folder, bool recursive, qint64 nowMs,
                     const Progress &progress) const;
    // The PNG files of a folder (by name, ".png" in any case), sorted; with recursive, of the folders below
    // too, except hidden ones, linked ones and the library's.
    QStringList scan(const QString &folder, bool recursive) const;

private:
    // Adds one file to the report: imported, skipped with a reason, or report->error when the import must
    // stop.
    void importFile(const QString &path, qint64 profileId, qint64 nowMs, ImportReport *report) const;

    Store &m_store;
    const ModelCatalog &m_catalog;
    const ImageLibrary &m_library;
};

} // namespace atelier
