#include "imagelibrary.h"

#include "freedesktopthumbnails.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QRegularExpression>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

#include <optional>

namespace atelier {

namespace {

struct CheckedImage
{
    QString suffix; // for the format the bytes really have
    QImage decoded;
};

// The one full decode a result gets: the proof that the bytes are an image, and the pixels of its thumbnail.
std::optional<CheckedImage> checked(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QByteArray format = reader.format();
    if (format.isEmpty())
        return std::nullopt;
    QImage decoded = reader.read();
    if (decoded.isNull())
        return std::nullopt;
    return CheckedImage{format == "jpg" ? QStringLiteral("jpeg") : QString::fromLatin1(format),
                        std::move(decoded)};
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

SavedImages ImageLibrary::save(const GenerationSidecar &sidecar, const QList<ProviderImage> &images,
                               int attempt) const
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
    QList<QImage> decoded;
    for (int i = 0; i < images.size(); ++i) {
        std::optional<CheckedImage> image = checked(images.at(i).bytes);
        if (!image) {
            saved.error = GenerationError::make(
                GenerationError::Category::BadResponse,
                QStringLiteral("Image %1 of %2 from the provider is not a readable image.")
                    .arg(i + 1)
                    .arg(images.size()));
            return saved;
        }
        suffixes.append(image->suffix);
        if (m_thumbnails == Thumbnails::OnSave)
            decoded.append(std::move(image->decoded));
    }

    const QString folder = this->folder(sidecar.request.profileId, sidecar.createdAt);
    if (!QDir().mkpath(folder)) {
        saved.error = GenerationError::make(GenerationError::Category::Storage,
                                            QStringLiteral("Could not create the folder %1.").arg(folder));
        return saved;
    }
    const QString base = baseName(generationId, run, attempt, sidecar.request.prompt);
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
    // From the pixels decoded above: the window shows the result at once and would otherwise decode it again.
    const FreedesktopThumbnails thumbnails;
    for (qsizetype i = 0; i < decoded.size(); ++i)
        thumbnails.makeFrom(saved.paths.at(i), decoded.at(i), FreedesktopThumbnails::Size::Large);
    return saved;
}

QFuture<SavedImages> ImageLibrary::saveAsync(const GenerationSidecar &sidecar,
                                             const QList<ProviderImage> &images, int attempt) const
{
    return QtConcurrent::run(
        [library = *this, sidecar, images, attempt] { return library.save(sidecar, images, attempt); });
}

QString ImageLibrary::folder(qint64 profileId, const QDateTime &createdAt) const
{
    return QDir(m_root).filePath(
        QStringLiteral("profile-%1/%2").arg(profileId).arg(createdAt.toUTC().date().toString(Qt::ISODate)));
}

QString ImageLibrary::baseName(qint64 generationId, int run, int attempt, const QString &prompt)
{
    QString base = QString::number(generationId);
    if (run > 1)
        base += QStringLiteral("-r%1").arg(run);
    if (attempt > 0)
        base += QStringLiteral("-a%1").arg(attempt);
    return base + QLatin1Char('-') + slug(prompt);
}

void ImageLibrary::discardUnrecorded(const Generation &generation, int run, int attempt) const
{
    const QDir dir(folder(generation.request.profileId, generation.createdAt));
    const QString base = baseName(generation.id, run, attempt, generation.request.prompt);
    // "<base>.<ext>" or "<base>-<k>.<ext>"; each one's sidecar goes with it.
    const QRegularExpression resultName(
        QStringLiteral("^%1(-[0-9]+)?\\.[a-z]+$").arg(QRegularExpression::escape(base)));
    QStringList paths;
    const QStringList names =
        dir.entryList({base + QStringLiteral(".*"), base + QStringLiteral("-*")}, QDir::Files);
    for (const QString &name : names) {
        if (resultName.match(name).hasMatch())
            paths.append(dir.filePath(name));
    }
    discard(paths);
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
