#pragma once

#include "domain/generation.h"
#include "domain/generationerror.h"
#include "domain/generationsidecar.h"
#include "domain/providerimage.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QString>
#include <QStringList>

namespace atelier {

struct SavedImages
{
    QStringList paths;
    GenerationError error;
};

// The folder of result files. A result counts only once its bytes decode as an image; the bytes are written
// as they came (atomically: a temporary file in the same folder, flushed, then renamed), under
// <root>/profile-<profile>/<yyyy-MM-dd>/<id>[-r<run>]-a<attempt>-<slug>[-k].<ext>, so that a retry's files
// never share a name with an earlier run's, nor an attempt's with one that another process took over after
// its lease ran out (names without "-a<attempt>", written before leases, are still read: the store records
// every path). Beside each file, "<file name>.json" holds the GenerationSidecar (one per file
// rather than one per generation, so that a file copied or moved alone keeps its metadata). Holds no mutable
// state, so save() is safe on any thread.
class ImageLibrary
{
public:
    enum class Thumbnails
    {
        OnDemand, // made by whoever shows the result
        OnSave,   // made while saving, from the decode that checks the image (the window's choice)
    };

    explicit ImageLibrary(QString root, Thumbnails thumbnails = Thumbnails::OnDemand)
        : m_root(std::move(root)), m_thumbnails(thumbnails)
    {}
    QString root() const { return m_root; }

    // Writes the images of sidecar's generation and run, then their sidecars (with `files` filled in). Checks
    // every image first and writes none when one does not decode (BadResponse); a failed write removes what
    // this call wrote (Storage).
    // `attempt` 0 (an import) leaves the attempt out of the names.
    SavedImages save(const GenerationSidecar &sidecar, const QList<ProviderImage> &images,
                     int attempt = 0) const;
    // save() on the thread pool. The library is copied into the task, so a save still running when its
    // owner is gone touches nothing of the owner's.
    QFuture<SavedImages> saveAsync(const GenerationSidecar &sidecar, const QList<ProviderImage> &images,
                                   int attempt) const;
    // Removes result files with their sidecars and their thumbnails in the shared cache: those of a
    // generation that did not count (cancelled while saving) or was deleted.
    static void discard(const QStringList &paths);
    // Removes the files an attempt of `generation` left when its process died after writing them and before
    // the result was recorded: no generation names them. Only the names save() gives that run and attempt
    // are touched (attempt 0: the names of a version before leases), never another attempt's.
    void discardUnrecorded(const Generation &generation, int run, int attempt) const;
    static QString sidecarPath(const QString &resultPath) { return resultPath + QStringLiteral(".json"); }

    // A short file-name part from the prompt: lower-case ASCII letters and digits joined by '-', at most 40
    // characters, never empty. Nothing in it can leave the folder.
    static QString slug(const QString &prompt);

private:
    QString folder(qint64 profileId, const QDateTime &createdAt) const;
    static QString baseName(qint64 generationId, int run, int attempt, const QString &prompt);

    QString m_root;
    Thumbnails m_thumbnails;
};

} // namespace atelier
