#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>

struct zip;
struct zip_source;

namespace atelier {

// A zip archive written with libzip. libzip writes into a temporary file beside the target and renames it
// only when close() succeeds, so until then, and after a failed close or a discard, the target is as it was:
// never a partial archive. Names are stored as UTF-8.
class ZipWriter final
{
    Q_DECLARE_TR_FUNCTIONS(ZipWriter)

public:
    ZipWriter() = default;
    ~ZipWriter(); // discards an archive that was not closed
    Q_DISABLE_COPY_MOVE(ZipWriter)

    // replace: an existing archive at path is replaced when close() succeeds; otherwise it is an error.
    bool open(const QString &path, bool replace, QString *error);
    // An entry with a file's bytes, which libzip reads when the archive is closed. stored: without
    // compression, for what is compressed already (images); deflated otherwise.
    bool addFile(const QString &name, const QString &path, bool stored, QString *error);
    bool addBytes(const QString &name, const QByteArray &bytes, bool stored, QString *error);
    // Writes the archive. progress gets the part done (0 to 1) now and then; when cancelled() turns true the
    // writing stops and the archive is discarded. False with *error on failure (not set when cancelled).
    bool close(const std::function<void(double)> &progress, const std::function<bool()> &cancelled,
               QString *error);
    void discard();

private:
    bool add(const QString &name, ::zip_source *source, bool stored, QString *error);

    ::zip *m_archive = nullptr;
    std::function<void(double)> m_progress;
    std::function<bool()> m_cancelled;
};

} // namespace atelier
