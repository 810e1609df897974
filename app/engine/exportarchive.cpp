#include "exportarchive.h"

#include "exportcopy.h"
#include "zipwriter.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>

#include <memory>

namespace atelier {

bool ExportArchive::write(QPromise<ExportReport> &promise, const QList<GenerationExport::Item> &items,
                          const ExportOptions &options, ExportReport *report)
{
    const auto fail = [report](const QString &message) {
        report->error = GenerationError::make(GenerationError::Category::Storage, message);
        return false;
    };
    // PNG copies with parameters wait here until the archive is written; declared first, it goes last.
    std::unique_ptr<QTemporaryDir> staging;
    ZipWriter zip;
    QString error;
    if (!zip.open(options.target, options.overwrite, &error))
        return fail(error);
    QSet<QString> names;
    QList<ExportCopy> copies;
    for (const GenerationExport::Item &item : items) {
        const ExportCopy copy =
            ExportCopy::make(item.source, item.described, options.embedParameters, options.sidecars);
        if (!copy.error.isEmpty())
            return fail(copy.error);
        ExportReport::File file = GenerationExport::reported(item, copy);
        file.written =
            GenerationExport::freeName(QFileInfo(item.source).fileName(), [&names](const QString &candidate) {
                return names.contains(candidate) || names.contains(candidate + QStringLiteral(".json"));
            });
        QString path = item.source;
        if (!copy.changed.isEmpty()) {
            if (!staging)
                staging = std::make_unique<QTemporaryDir>(QFileInfo(options.target).absolutePath() +
                                                          QStringLiteral("/.atelier-export-XXXXXX"));
            path = staging->filePath(QString::number(copies.size()));
            QFile staged(path);
            if (!staging->isValid() || !staged.open(QIODevice::WriteOnly) ||
                staged.write(copy.changed) != copy.changed.size() || !staged.flush())
                return fail(GenerationExport::tr("Could not prepare %1 for the archive: %2")
                                .arg(file.written, staged.errorString()));
        }
        if (!zip.addFile(file.written, path, true, &error))
            return fail(error);
        names.insert(file.written);
        if (!copy.sidecar.isEmpty()) {
            file.sidecar = file.written + QStringLiteral(".json");
            if (!zip.addBytes(file.sidecar, copy.sidecar, false, &error))
                return fail(error);
            names.insert(file.sidecar);
        }
        report->files.append(file);
        copies.append(copy);
        promise.setProgressValue(int(report->files.size()));
        // Between two files a suspended export waits; a cancelled one leaves the archive unwritten.
        promise.suspendIfRequested();
        if (promise.isCanceled() || options.stop.isRequested())
            return false;
    }
    // Reading the sources and writing the archive is the second half of the progress range.
    const int count = int(items.size());
    const bool closed = zip.close(
        [&promise, count](double done) { promise.setProgressValue(count + int(done * count)); },
        [&promise, &options] { return promise.isCanceled() || options.stop.isRequested(); }, &error);
    if (!closed)
        return promise.isCanceled() || options.stop.isRequested() ? false : fail(error);
    GenerationExport::addNotes(report, copies);
    return true;
}

} // namespace atelier
