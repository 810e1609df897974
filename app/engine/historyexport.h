#pragma once

#include "domain/exportreport.h"
#include "domain/generation.h"
#include "domain/historyformat.h"
#include "domain/historyquery.h"
#include "domain/stoptoken.h"

#include <QCoreApplication>
#include <QFuture>
#include <QList>
#include <QPromise>
#include <QStringList>
#include <QVariantList>

namespace atelier {

class ImageLibrary;
class Store;

// The history of a profile as a file for a spreadsheet or a script: one row per generation with the columns
// of columns(), as CSV (RFC 4180: a header row, quoted where needed, CRLF, UTF-8) or as a JSON array of
// objects with the same names. Times are ISO 8601 in UTC. A CSV cell that a spreadsheet would run as a
// formula (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe.
class HistoryExport final
{
    Q_DECLARE_TR_FUNCTIONS(HistoryExport)

public:
    static constexpr int kPageSize = 500;

    HistoryExport(const Store &store, const ImageLibrary &library) : m_store(store), m_library(library) {}

    // Checks the target and reads every row the query matches (its offset and limit aside) on this thread,
    // a page at a time, then writes the file atomically on the thread pool. A refusal is a finished future
    // holding the error; a cancelled export has no result, a stopped one says so, and neither leaves a file.
    QFuture<ExportReport> start(qint64 profileId, const HistoryQuery &query, HistoryFormat format,
                                const QString &target, bool overwrite, const StopToken &stop = {}) const;

    // The writing, on any thread: what start() runs.
    static void run(QPromise<ExportReport> &promise, const QList<Generation> &rows, HistoryFormat format,
                    const QString &target, const StopToken &stop);

    static QStringList columns();
    // One value per column: numbers, text, lists of text, or null where there is nothing.
    static QVariantList values(const Generation &generation);

private:
    QList<Generation> rows(qint64 profileId, const HistoryQuery &query) const;

    const Store &m_store;
    const ImageLibrary &m_library;
};

} // namespace atelier
