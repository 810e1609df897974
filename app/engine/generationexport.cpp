#include "generationexport.h"

#include "domain/modelcatalog.h"
#include "exportarchive.h"
#include "exportcopy.h"
#include "exportfolder.h"
#include "exporttarget.h"
#include "storage/imagelibrary.h"
#include "storage/store.h"

#include <QFileInfo>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

namespace atelier {

using Category = GenerationError::Category;

QFuture<ExportReport> GenerationExport::start(const QList<qint64> &ids, qint64 profileId,
                                              const ExportOptions &options) const
{
    QList<Item> items;
    GenerationError error = select(ids, profileId, &items);
    if (!error.isError())
        error = ExportTarget::check(options.target,
                                    options.destination == ExportOptions::Destination::Zip
                                        ? ExportTarget::Kind::File
                                        : ExportTarget::Kind::Folder,
                                    options.overwrite, m_library.root());
    if (error.isError()) {
        ExportReport report;
        report.target = options.target;
        report.error = error;
        return QtFuture::makeReadyFuture(report);
    }
    return QtConcurrent::run(&GenerationExport::run, items, options);
}

GenerationError GenerationExport::select(const QList<qint64> &ids, qint64 profileId, QList<Item> *items) const
{
    if (ids.isEmpty())
        return GenerationError::make(Category::Validation, tr("Choose at least one generation to export."));
    QSet<qint64> seen;
    for (const qint64 id : ids) {
        if (seen.contains(id))
            continue;
        seen.insert(id);
        const std::optional<Generation> generation = m_store.generation(id);
        if (!generation)
            return GenerationError::make(Category::Validation, tr("There is no generation %1.").arg(id));
        if (generation->request.profileId != profileId)
            return GenerationError::make(Category::Permission,
                                         tr("Generation %1 belongs to another profile.").arg(id));
        if (generation->status != GenerationStatus::Completed || generation->resultPaths.isEmpty())
            return GenerationError::make(
                Category::Validation,
                tr("Generation %1 is %2; only completed generations have images to export.")
                    .arg(id)
                    .arg(statusName(generation->status)));
        const ModelSpec *spec = m_catalog.model(generation->request.model);
        const GenerationSidecar described =
            GenerationSidecar::of(*generation, spec ? spec->label : generation->request.model);
        for (const QString &path : generation->resultPaths)
            items->append({id, path, described});
    }
    return {};
}

void GenerationExport::run(QPromise<ExportReport> &promise, const QList<Item> &items,
                           const ExportOptions &options)
{
    const bool zip = options.destination == ExportOptions::Destination::Zip;
    promise.setProgressRange(0, int(items.size()) * (zip ? 2 : 1));
    ExportReport report;
    report.target = options.target;
    const bool written = zip ? ExportArchive::write(promise, items, options, &report)
                             : ExportFolder(promise, options).write(items, &report);
    if (!written)
        report.files.clear();
    report.stopped = !written && !report.error.isError() && options.stop.isRequested();
    if (report.error.isError())
        qCInfo(lcTransfer).noquote() << "export to" << options.target << "failed:" << report.error.message;
    else if (written)
        qCInfo(lcTransfer).noquote() << "exported" << report.files.size() << "images to" << options.target;
    promise.addResult(report);
}

QString GenerationExport::freeName(const QString &name, const std::function<bool(const QString &)> &taken)
{
    if (!taken(name))
        return name;
    const QFileInfo info(name);
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    for (int n = 2;; ++n) {
        const QString candidate =
            QStringLiteral("%1-%2%3").arg(info.completeBaseName(), QString::number(n), suffix);
        if (!taken(candidate))
            return candidate;
    }
}

void GenerationExport::addNotes(ExportReport *report, const QList<ExportCopy> &copies)
{
    int others = 0;
    for (const ExportCopy &copy : copies) {
        if (!copy.note.isEmpty())
            report->notes.append(copy.note);
        others += copy.notPng ? 1 : 0;
    }
    if (others > 0)
        report->notes.append(
            tr("Parameters are embedded only in PNG files; %n other image(s) were copied unchanged.", nullptr,
               others));
}

ExportReport::File GenerationExport::reported(const Item &item, const ExportCopy &copy)
{
    ExportReport::File file;
    file.generationId = item.generationId;
    file.source = item.source;
    file.parametersEmbedded = copy.parametersEmbedded;
    file.contentCredentials = copy.contentCredentials;
    return file;
}

} // namespace atelier
