#include "imagelibrary.h"

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

SavedImages ImageLibrary::save(qint64 generationId, int run, qint64 profileId, const QString &prompt,
                               const QDateTime &createdAt, const QList<ProviderImage> &images) const
{
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

    const QString folder = QDir(m_root).filePath(
        QStringLiteral("profile-%1/%2").arg(profileId).arg(createdAt.toUTC().date().toString(Qt::ISODate)));
    if (!QDir().mkpath(folder)) {
        saved.error = GenerationError::make(GenerationError::Category::Storage,
                                            QStringLiteral("Could not create the folder %1.").arg(folder));
        return saved;
    }
    const QString base = run > 1 ? QStringLiteral("%1-r%2-%3").arg(generationId).arg(run).arg(slug(prompt))
                                 : QStringLiteral("%1-%2").arg(generationId).arg(slug(prompt));
    for (int i = 0; i < images.size(); ++i) {
        const QString name = images.size() == 1
                                 ? QStringLiteral("%1.%2").arg(base, suffixes.at(i))
                                 : QStringLiteral("%1-%2.%3").arg(base).arg(i + 1).arg(suffixes.at(i));
        const QString path = QDir(folder).filePath(name);
        QSaveFile file(path);
        const bool written = file.open(QIODevice::WriteOnly) &&
                             file.write(images.at(i).bytes) == images.at(i).bytes.size() && file.commit();
        if (!written) {
            saved.error =
                GenerationError::make(GenerationError::Category::Storage,
                                      QStringLiteral("Could not write %1: %2").arg(path, file.errorString()));
            discard(saved.paths);
            saved.paths.clear();
            return saved;
        }
        saved.paths.append(path);
    }
    return saved;
}

QFuture<SavedImages> ImageLibrary::saveAsync(qint64 generationId, int run, qint64 profileId,
                                             const QString &prompt, const QDateTime &createdAt,
                                             const QList<ProviderImage> &images) const
{
    return QtConcurrent::run([library = *this, generationId, run, profileId, prompt, createdAt, images] {
        return library.save(generationId, run, profileId, prompt, createdAt, images);
    });
}

void ImageLibrary::discard(const QStringList &paths)
{
    for (const QString &path : paths)
        QFile::remove(path);
}

} // namespace atelier
