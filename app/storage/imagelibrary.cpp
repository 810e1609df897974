#include "imagelibrary.h"

#include "freedesktopthumbnails.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace atelier {

namespace {

// The suffix for the format the bytes really have, or empty when they are not a readable image.
QString checkedSuffix(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QByteArray format = reader.format();
    if (format.isEmpty() || reader.read().isNull())
        return {};
    if (format == "jpg")
        return QStringLiteral("jpeg");
    return QString::fromLatin1(format);
}

} // namespace

QString ImageLibrary::slug(const QString &prompt)
{
    QString result;
    bool pendingDash = false;
    for (const QChar c : prompt) {
        const char16_t u = c.toLower().unicode();
        const bool keep = (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9');
        if (!keep) {
            pendingDash = !result.isEmpty();
            continue;
        }
        if (pendingDash && result.size() < 39)
            result += QLatin1Char('-');
        pendingDash = false;
        if (result.size() >= 40)
            break;
        result += QChar(u);
    }
    while (result.endsWith(QLatin1Char('-')))
        result.chop(1);
    return result.isEmpty() ? QStringLiteral("image") : result;
}

SavedImages ImageLibrary::save(const GenerationSidecar &sidecar, const QList<ProviderImage> &images) const
{
    const qint64 generationId = sidecar.generationId;
    const int run = sidecar.run;
    SavedImages saved;
    if (images.isEmpty()) {
        saved.error = GenerationError::make(GenerationError::Category::BadResponse,
                                            QStringLiteral("The provider returned no image."));
        return saved;
    }
    QStringList suffixes;
    for (int i = 0; i < images.size(); ++i) {
        const QString suffix = checkedSuffix(images.at(i).bytes);
        if (suffix.isEmpty()) {
            saved.error = GenerationError::make(
                GenerationError::Category::BadResponse,
                QStringLiteral("Image %1 of %2 from the provider is not a readable image.")
                    .arg(i + 1)
                    .arg(images.size()));
            return saved;
        }
        suffixes.append(suffix);
    }

    const QString folder =
        QDir(m_root).filePath(QStringLiteral("profile-%1/%2")
                                  .arg(sidecar.request.profileId)
                                  .arg(sidecar.createdAt.toUTC().date().toString(Qt::ISODate)));
    if (!QDir().mkpath(folder)) {
        saved.error = GenerationError::make(GenerationError::Category::Storage,
                                            QStringLiteral("Could not create the folder %1.").arg(folder));
        return saved;
    }
    const QString name = slug(sidecar.request.prompt);
    const QString base = run > 1 ? QStringLiteral("%1-r%2-%3").arg(generationId).arg(run).arg(name)
                                 : QStringLiteral("%1-%2").arg(generationId).arg(name);
    GenerationSidecar described = sidecar;
    QList<QByteArray> contents;
    for (int i = 0; i < images.size(); ++i) {
        described.files.append(images.size() == 1
                                   ? QStringLiteral("%1.%2").arg(base, suffixes.at(i))
                                   : QStringLiteral("%1-%2.%3").arg(base).arg(i + 1).arg(suffixes.at(i)));
        contents.append(images.at(i).bytes);
    }
    // The sidecars go last, so that one never names a file that is not there.
    const QByteArray sidecarBytes = described.toBytes();
    for (const QString &file : std::as_const(described.files)) {
        saved.paths.append(QDir(folder).filePath(file));
        contents.append(sidecarBytes);
    }
    QStringList targets = saved.paths;
    for (const QString &path : std::as_const(saved.paths))
        targets.append(sidecarPath(path));
    for (int i = 0; i < targets.size(); ++i) {
        QSaveFile file(targets.at(i));
        const bool written = file.open(QIODevice::WriteOnly) &&
                             file.write(contents.at(i)) == contents.at(i).size() && file.commit();
        if (!written) {
            saved.error = GenerationError::make(
                GenerationError::Category::Storage,
                QStringLiteral("Could not write %1: %2").arg(targets.at(i), file.errorString()));
            discard(saved.paths);
            saved.paths.clear();
            return saved;
        }
    }
    return saved;
}

QFuture<SavedImages> ImageLibrary::saveAsync(const GenerationSidecar &sidecar,
                                             const QList<ProviderImage> &images) const
{
    return QtConcurrent::run([library = *this, sidecar, images] { return library.save(sidecar, images); });
}

void ImageLibrary::discard(const QStringList &paths)
{
    // The shared thumbnail cache would otherwise keep a picture of what the person deleted.
    const FreedesktopThumbnails thumbnails;
    for (const QString &path : paths) {
        thumbnails.remove(path);
        QFile::remove(path);
        QFile::remove(sidecarPath(path));
    }
}

} // namespace atelier
