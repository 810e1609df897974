#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

namespace atelier {

// The thumbnail cache of the freedesktop.org Thumbnail Managing Standard (0.9), which file managers read
// and write too: PNGs named by the MD5 of the source's URI, carrying Thumb::URI and Thumb::MTime so that a
// changed source is noticed, plus per-program records of sources that could not be read. Holds nothing
// but its folder, so any thread may call it at any time; concurrent writers of one thumbnail each rename
// a complete file into place, as the standard asks.
class FreedesktopThumbnails final
{
public:
    enum class Size
    {
        Large = 256,
        XLarge = 512
    };

    // $XDG_CACHE_HOME/thumbnails.
    static QString defaultRoot();
    explicit FreedesktopThumbnails(QString root = defaultRoot());

    QString root() const { return m_root; }
    // The file:// URI of a local file (absolute, cleaned; links not resolved, as GLib does), escaped as
    // RFC 2396 asks.
    static QByteArray uriFor(const QString &file);
    QString pathFor(const QString &file, Size size) const;
    QString failurePathFor(const QString &file) const;

    // The cached thumbnail while it still shows the source as it is; otherwise null.
    QImage load(const QString &file, Size size) const;
    // Decodes the source and stores its thumbnail; null when the source is unreadable or does not
    // decode, and the latter is recorded as a failure.
    QImage make(const QString &file, Size size) const;
    // Stores the thumbnail of a source just written and already decoded, without decoding it again.
    QImage makeFrom(const QString &file, const QImage &decoded, Size size) const;
    // True while a recorded failure still matches the source: decoding it again would fail again.
    bool hasFailed(const QString &file) const;
    // Forgets the file in every size, and its failure.
    void remove(const QString &file) const;

private:
    // The thumbnail of a decoded source, saved unless the source is itself in the cache.
    QImage stored(const QString &file, QImage image, QSize original, Size size) const;
    bool isInside(const QString &file) const;
    bool ensureFolder(const QString &folder) const;
    void save(const QString &path, const QImage &image) const;

    QString m_root;
};

} // namespace atelier
