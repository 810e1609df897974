#include "historyimport.h"

#include "domain/modelcatalog.h"
#include "exporttarget.h"
#include "requestimport.h"
#include "storage/imagelibrary.h"
#include "storage/store.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QLocale>

namespace atelier {

namespace {

const QString kImportProvider = QStringLiteral("import");

// The request a file carries: from an Atelier sidecar beside it, which says the most, else from the PNG's
// "parameters" text. Nothing, with *why in words, when it has neither.
RequestFile requestOf(const QString &path, QString *why)
{
    const QString sidecarPath = ImageLibrary::sidecarPath(path);
    QString sidecarProblem;
    if (QFileInfo::exists(sidecarPath)) {
        RequestFile sidecar = RequestImport::read(sidecarPath);
        if (sidecar.sidecar)
            return sidecar;
        sidecarProblem = HistoryImport::tr("Its sidecar was not read: %1").arg(sidecar.error);
    }
    RequestFile png = RequestImport::read(path);
    if (!png.parameters)
        *why = QStringList{png.error, sidecarProblem.isEmpty()
                                          ? HistoryImport::tr("There is no Atelier sidecar beside it.")
                                          : sidecarProblem}
                   .join(QLatin1Char(' '));
    return png;
}

} // namespace

ImportReport HistoryImport::run(qint64 profileId, const QString &folder, bool recursive, qint64 nowMs,
                                const Progress &progress) const
{
    ImportReport report;
    const auto stop = [&report](const QString &message) {
        report.error = GenerationError::make(GenerationError::Category::Validation, message);
        return report;
    };
    if (!m_store.profile(profileId))
        return stop(tr("There is no profile with id %1.").arg(profileId));
    if (!QFileInfo(folder).isDir())
        return stop(tr("There is no folder %1.").arg(QDir::toNativeSeparators(folder)));
    if (ExportTarget::isInside(folder, m_library.root()))
        return stop(tr("%1 is inside the image library: its images are in the history already.")
                        .arg(QDir::toNativeSeparators(folder)));
    const QStringList files = scan(folder, recursive);
    for (qsizetype i = 0; i < files.size() && !report.error.isError(); ++i) {
        importFile(files.at(i), profileId, nowMs, &report);
        if (progress)
            progress(int(i + 1), int(files.size()));
    }
    qCInfo(lcTransfer).noquote() << "imported" << report.imported.size() << "of" << files.size()
                                 << "files from" << folder;
    return report;
}

QStringList HistoryImport::scan(const QString &folder, bool recursive) const
{
    const QDir dir(folder);
    QStringList found;
    const QFileInfoList files = dir.entryInfoList(QDir::Files, QDir::Name);
    for (const QFileInfo &file : files) {
        if (file.suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0)
            found.append(file.filePath());
    }
    if (!recursive)
        return found;
    const QFileInfoList folders =
        dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks, QDir::Name);
    for (const QFileInfo &below : folders) {
        if (!ExportTarget::isInside(below.filePath(), m_library.root()))
            found += scan(below.filePath(), true);
    }
    return found;
}

void HistoryImport::importFile(const QString &path, qint64 profileId, qint64 nowMs,
                               ImportReport *report) const
{
    const QFileInfo info(path);
    const QString name = info.fileName();
    const auto skip = [&](const QString &reason) { report->skipped.append({path, reason}); };
    QString why;
    const RequestFile found = requestOf(path, &why);
    if (!found.sidecar && !found.parameters)
        return skip(why);

    if (info.size() > RequestImport::kLargestPng)
        return skip(tr("%1 is %2: a PNG larger than %3 is not read.")
                        .arg(name, QLocale().formattedDataSize(info.size()),
                             QLocale().formattedDataSize(RequestImport::kLargestPng)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return skip(tr("Could not read %1: %2").arg(name, file.errorString()));
    // One byte more than allowed tells a file that grew since it was looked at.
    const QByteArray bytes = file.read(RequestImport::kLargestPng + 1);
    if (bytes.size() > RequestImport::kLargestPng)
        return skip(tr("%1 grew while it was read.").arg(name));
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QString format = QString::fromLatin1(reader.format());
    const QImage image = reader.read();
    if (image.isNull())
        return skip(tr("%1 is not a readable image.").arg(name));

    GenerationRequest base;
    base.profileId = profileId;
    const ImportedRequest imported = found.sidecar
                                         ? RequestImport::fromSidecar(*found.sidecar, m_catalog, base)
                                         : RequestImport::fromParameters(*found.parameters, m_catalog, base);
    if (!imported.error.isEmpty())
        return skip(imported.error);

    Generation generation;
    generation.request = imported.request;
    generation.request.imageCount = 1; // this one file is all there is of it here
    // The history records what made the image, even a model this catalog does not offer.
    if (generation.request.model.isEmpty())
        generation.request.model =
            found.sidecar ? found.sidecar->request.model : found.parameters->value(QStringLiteral("Model"));
    generation.provider =
        found.sidecar ? found.sidecar->provider : found.parameters->value(QStringLiteral("Provider"));
    if (generation.provider.isEmpty())
        generation.provider = kImportProvider;
    generation.size = QStringLiteral("%1x%2").arg(image.width()).arg(image.height());
    generation.status = GenerationStatus::Completed;
    // When it was made, as far as the file tells; no start time, so that durations measured elsewhere stay
    // out of this machine's estimates and statistics.
    const QDateTime made = found.sidecar && found.sidecar->createdAt.isValid() ? found.sidecar->createdAt
                                                                               : info.lastModified().toUTC();
    generation.createdAt = generation.queuedAt = made;
    generation.finishedAt =
        found.sidecar && found.sidecar->finishedAt.isValid() ? found.sidecar->finishedAt : made;
    generation.importedSha256 =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());

    const ModelSpec *spec = m_catalog.model(generation.request.model);
    QStringList written;
    const auto writeFiles = [&](qint64 id, GenerationError *error) {
        Generation saved = generation;
        saved.id = id;
        GenerationSidecar described = GenerationSidecar::of(saved, spec ? spec->label : saved.request.model);
        described.files.clear(); // the library names the files
        if (found.sidecar)
            described.durationMs = found.sidecar->durationMs;
        const SavedImages images = m_library.save(described, {ProviderImage{bytes, format}});
        *error = images.error;
        written = images.paths;
        return images.paths;
    };
    const GenerationImporter::Result result = m_store.importGeneration(generation, path, nowMs, writeFiles);
    switch (result.outcome) {
    case GenerationImporter::Outcome::Imported:
        report->imported.append(result.id);
        return;
    case GenerationImporter::Outcome::AlreadyImported:
        return skip(tr("%1 is already imported, as generation %2.").arg(name, QString::number(result.id)));
    case GenerationImporter::Outcome::Failed:
        // The row was rolled back; files written before a failed commit go too.
        ImageLibrary::discard(written);
        report->error = result.error;
        return;
    }
}

} // namespace atelier
