#include "exportfolder.h"

#include "exportcopy.h"
#include "storage/imagelibrary.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

namespace atelier {

namespace {

// Writes bytes as a new file: a temporary file in the same folder, renamed to path only while no file has
// that name (the rename never replaces one).
bool writeNew(const QString &path, const QByteArray &bytes, QString *error)
{
    QTemporaryFile file(QFileInfo(path).absolutePath() + QStringLiteral("/.atelier-export-XXXXXX"));
    const bool written =
        file.open() && file.write(bytes) == bytes.size() && file.flush() &&
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther) &&
        file.rename(path);
    if (!written)
        *error = GenerationExport::tr("Could not write %1: %2").arg(path, file.errorString());
    // A renamed temporary file would still be removed with its object, under its new name.
    file.setAutoRemove(!written);
    return written;
}

} // namespace

bool ExportFolder::write(const QList<GenerationExport::Item> &items, ExportReport *report)
{
    m_created = !QFileInfo::exists(m_folder.path());
    if (!QDir().mkpath(m_folder.path())) {
        report->error = GenerationError::make(
            GenerationError::Category::Storage,
            GenerationExport::tr("Could not create the folder %1.").arg(m_folder.path()));
        return false;
    }
    QList<ExportCopy> copies;
    for (const GenerationExport::Item &item : items) {
        const ExportCopy copy =
            ExportCopy::make(item.source, item.described, m_options.embedParameters, m_options.sidecars);
        QString error = copy.error;
        ExportReport::File file = GenerationExport::reported(item, copy);
        if (!error.isEmpty() || !add(item, copy, &file, &error)) {
            report->error = GenerationError::make(GenerationError::Category::Storage, error);
            return undo();
        }
        report->files.append(file);
        copies.append(copy);
        m_promise.setProgressValue(int(report->files.size()));
        // Between two files a suspended export waits, and a cancelled one takes back what it wrote.
        m_promise.suspendIfRequested();
        if (m_promise.isCanceled() || m_options.stop.isRequested())
            return undo();
    }
    GenerationExport::addNotes(report, copies);
    return true;
}

bool ExportFolder::add(const GenerationExport::Item &item, const ExportCopy &copy, ExportReport::File *file,
                       QString *error)
{
    const bool withSidecar = !copy.sidecar.isEmpty();
    const QString name =
        GenerationExport::freeName(QFileInfo(item.source).fileName(), [&](const QString &candidate) {
            return m_folder.exists(candidate) ||
                   (withSidecar && m_folder.exists(candidate + QStringLiteral(".json")));
        });
    file->written = m_folder.filePath(name);
    // QFile::copy also writes a temporary file and renames it without replacing anything.
    QFile source(item.source);
    if (copy.changed.isEmpty() && !source.copy(file->written)) {
        *error = GenerationExport::tr("Could not copy %1 to %2: %3")
                     .arg(item.source, file->written, source.errorString());
        return false;
    }
    if (!copy.changed.isEmpty() && !writeNew(file->written, copy.changed, error))
        return false;
    m_written.append(file->written);
    if (!withSidecar)
        return true;
    file->sidecar = ImageLibrary::sidecarPath(file->written);
    if (!writeNew(file->sidecar, copy.sidecar, error))
        return false;
    m_written.append(file->sidecar);
    return true;
}

bool ExportFolder::undo()
{
    for (const QString &path : std::as_const(m_written))
        QFile::remove(path);
    if (m_created)
        QDir().rmdir(m_folder.path());
    return false;
}

} // namespace atelier
