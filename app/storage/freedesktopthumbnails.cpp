#include "freedesktopthumbnails.h"

#include "pngtextchunk.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>

#include <optional>

namespace atelier {

namespace {

Q_LOGGING_CATEGORY(lcThumbnails, "atelier.thumbnails")

// Failures are recorded per program and version: another decoder may well read the file.
const QString kFailureFolder = QStringLiteral("fail/atelier-" ATELIER_VERSION);
// Thumbnails show what the sources show, so only their owner may read them.
constexpr QFile::Permissions kPrivateFolder = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
constexpr QFile::Permissions kPrivateFile = QFile::ReadOwner | QFile::WriteOwner;

QString folderOf(FreedesktopThumbnails::Size size)
{
    return size == FreedesktopThumbnails::Size::XLarge ? QStringLiteral("x-large") : QStringLiteral("large");
}

QString nameFor(const QString &file)
{
    const QByteArray hash =
        QCryptographicHash::hash(FreedesktopThumbnails::uriFor(file), QCryptographicHash::Md5);
    return QString::fromLatin1(hash.toHex()) + QStringLiteral(".png");
}

// The source as a thumbnail records it.
struct Source
{
    QString uri;
    QString mtime;
    QString size;
};

std::optional<Source> sourceOf(const QString &file)
{
    const QFileInfo info(file);
    // The standard: no thumbnail and no failure for a source we cannot read, so that a later chmod helps.
    if (!info.isFile() || !info.isReadable())
        return std::nullopt;
    return Source{QString::fromLatin1(FreedesktopThumbnails::uriFor(file)),
                  QString::number(info.lastModified().toSecsSinceEpoch()), QString::number(info.size())};
}

void describe(QImage &image, const Source &source)
{
    image.setText(QStringLiteral("Thumb::URI"), source.uri);
    image.setText(QStringLiteral("Thumb::MTime"), source.mtime);
    image.setText(QStringLiteral("Thumb::Size"), source.size);
    image.setText(QStringLiteral("Software"), QStringLiteral("Atelier"));
}

// The standard's check: URI and MTime must match, Size only where it was recorded (it is optional).
bool describes(const QImage &image, const Source &source)
{
    if (image.isNull())
        return false;
    const QString size = image.text(QStringLiteral("Thumb::Size"));
    return image.text(QStringLiteral("Thumb::URI")) == source.uri &&
           image.text(QStringLiteral("Thumb::MTime")) == source.mtime &&
           (size.isEmpty() || size == source.size);
}

// The image as a PNG with its text as plain tEXt chunks ahead of the pixels. Qt would compress values over
// 40 characters (Thumb::URI) into zTXt, which GIO's validity check (Nautilus, the GTK file chooser) skips:
// they would take our thumbnails for invalid ones and overwrite them.
QByteArray encodePng(const QImage &image)
{
    // The same pixels without the text, so Qt writes none.
    const QImage pixels(image.constBits(), image.width(), image.height(), image.bytesPerLine(),
                        image.format());
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!QImageWriter(&buffer, "png").write(pixels))
        return {};
    QByteArray png = buffer.data();
    const QStringList keys = image.textKeys();
    for (const QString &key : keys) {
        const std::optional<QByteArray> withKey = PngTextChunk::withText(png, key, image.text(key));
        if (!withKey)
            return {};
        png = *withKey;
    }
    return png;
}

} // namespace

QString FreedesktopThumbnails::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/thumbnails");
}

FreedesktopThumbnails::FreedesktopThumbnails(QString root)
    : m_root(QDir::cleanPath(QFileInfo(root).absoluteFilePath()))
{}

QByteArray FreedesktopThumbnails::uriFor(const QString &file)
{
    // Escapes what RFC 2396 does not allow bare in a path, exactly as GLib's g_filename_to_uri does, so the
    // names match the ones GNOME's file managers compute. QUrl::toEncoded() would leave ';', '[' and ']'
    // bare and so miss their thumbnails of such files.
    const QByteArray path = QFile::encodeName(QDir::cleanPath(QFileInfo(file).absoluteFilePath()));
    return QByteArrayLiteral("file://") + path.toPercentEncoding("/!$&'()*+,:=@");
}

QString FreedesktopThumbnails::pathFor(const QString &file, Size size) const
{
    return m_root + u'/' + folderOf(size) + u'/' + nameFor(file);
}

QString FreedesktopThumbnails::failurePathFor(const QString &file) const
{
    return m_root + u'/' + kFailureFolder + u'/' + nameFor(file);
}

QImage FreedesktopThumbnails::load(const QString &file, Size size) const
{
    const std::optional<Source> source = sourceOf(file);
    if (!source)
        return {};
    QImage thumbnail(pathFor(file, size), "png");
    return describes(thumbnail, *source) ? thumbnail : QImage();
}

QImage FreedesktopThumbnails::make(const QString &file, Size size) const
{
    const std::optional<Source> source = sourceOf(file);
    if (!source)
        return {};
    const int edge = int(size);
    QImageReader reader(file);
    reader.setAutoTransform(true); // the standard: respect the orientation the source asks for
    const QSize full = reader.size();
    // Decodes straight to the thumbnail's size, so a large file never sits in memory whole.
    if (full.isValid() && (full.width() > edge || full.height() > edge))
        reader.setScaledSize(full.scaled(edge, edge, Qt::KeepAspectRatio).expandedTo(QSize(1, 1)));
    QImage image = reader.read();
    if (image.isNull()) {
        QImage failure(1, 1, QImage::Format_ARGB32);
        failure.fill(Qt::transparent);
        describe(failure, *source);
        if (!isInside(file))
            save(failurePathFor(file), failure);
        return {};
    }
    QSize original = full;
    if (original.isValid() && reader.transformation().testFlag(QImageIOHandler::TransformationRotate90))
        original.transpose();
    if (!original.isValid())
        original = image.size();
    return stored(file, image, original, size);
}

QImage FreedesktopThumbnails::makeFrom(const QString &file, const QImage &decoded, Size size) const
{
    return decoded.isNull() ? QImage() : stored(file, decoded, decoded.size(), size);
}

QImage FreedesktopThumbnails::stored(const QString &file, QImage image, QSize original, Size size) const
{
    const std::optional<Source> source = sourceOf(file);
    if (!source)
        return {};
    const int edge = int(size);
    // Some formats ignore the scaled size.
    if (image.width() > edge || image.height() > edge)
        image = image.scaled(edge, edge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    // The standard: 8-bit RGBA, whatever the source was.
    image = image.convertToFormat(QImage::Format_ARGB32);
    describe(image, *source);
    image.setText(QStringLiteral("Thumb::Image::Width"), QString::number(original.width()));
    image.setText(QStringLiteral("Thumb::Image::Height"), QString::number(original.height()));
    // The standard: files in the cache are shown as they are, never thumbnailed themselves.
    if (!isInside(file)) {
        save(pathFor(file, size), image);
        QFile::remove(failurePathFor(file)); // it decodes now
    }
    return image;
}

bool FreedesktopThumbnails::hasFailed(const QString &file) const
{
    const std::optional<Source> source = sourceOf(file);
    return source && describes(QImage(failurePathFor(file), "png"), *source);
}

void FreedesktopThumbnails::remove(const QString &file) const
{
    // Every size the standard knows: the file manager may have made the others.
    const QString name = nameFor(file);
    for (const QString &folder : {QStringLiteral("normal"), QStringLiteral("large"),
                                  QStringLiteral("x-large"), QStringLiteral("xx-large")})
        QFile::remove(m_root + u'/' + folder + u'/' + name);
    QFile::remove(failurePathFor(file));
}

bool FreedesktopThumbnails::isInside(const QString &file) const
{
    return QDir::cleanPath(QFileInfo(file).absoluteFilePath()).startsWith(m_root + u'/');
}

bool FreedesktopThumbnails::ensureFolder(const QString &folder) const
{
    if (QFileInfo(folder).isDir())
        return true;
    const QString parent = QFileInfo(folder).path();
    // Above the root is $XDG_CACHE_HOME, which is not ours to shape.
    const bool parentReady = folder == m_root ? QDir().mkpath(parent) : ensureFolder(parent);
    // QDir::mkpath cannot set a mode. Another thread may create the folder first: that is fine too.
    return parentReady && (QDir().mkdir(folder, kPrivateFolder) || QFileInfo(folder).isDir());
}

void FreedesktopThumbnails::save(const QString &path, const QImage &image) const
{
    // Written under a temporary name beside the final one and renamed: readers never see half a file.
    QSaveFile out(path);
    const QByteArray png = encodePng(image);
    const bool saved = !png.isEmpty() && ensureFolder(QFileInfo(path).path()) &&
                       out.open(QIODevice::WriteOnly) && out.setPermissions(kPrivateFile) &&
                       out.write(png) == png.size() && out.commit();
    // A cache that cannot be written costs speed, not pictures: the image is still shown.
    if (!saved)
        qCWarning(lcThumbnails) << "cannot write thumbnail" << path << out.errorString();
}

} // namespace atelier
