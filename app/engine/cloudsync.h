#pragma once

#include "domain/cloudcopy.h"
#include "domain/generation.h"
#include "engine/leaseowner.h"
#include "engine/retrypolicy.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QString>

#include <functional>

namespace atelier {

class Clock;
class CloudinaryUploader;
class Store;

// Keeps the cloud copies of completed generations: uploads their files one after another (at most two
// generations at a time), retries transient failures with the engine's back-off, and writes the outcome
// to the store before announcing it. A failed upload never touches the local files. Remote copies are
// destroyed on request (when a generation is deleted).
class CloudSync final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloudSync)
public:
    CloudSync(Store &store, CloudinaryUploader &uploader, Clock &clock, RetryPolicy retryPolicy,
              QObject *parent = nullptr);
    ~CloudSync() override;

    // The account can be used (cloud name, key and secret set and valid).
    bool isReady() const { return m_ready; }
    // Whether new results get a cloud copy: uploads are switched on and the account is ready.
    bool uploadsNewResults() const { return m_ready && m_automatic; }
    // whyNotReady says, in words, what the account lacks when it is not ready. Work left from an earlier run
    // waits for a ready account.
    void setAccount(bool ready, bool uploadNewResults, const QString &whyNotReady = {});
    // Whether deleting a generation also destroys its cloud copy.
    bool deletesRemote() const { return m_deletesRemote; }
    void setDeletesRemote(bool deletesRemote) { m_deletesRemote = deletesRemote; }
    // The tags of every upload; "{model}" stands for the generation's model id.
    void setTags(const QStringList &tags) { m_tags = tags; }

    // Uploads the files of a completed generation whose copy the store holds as pending, unless another
    // live process has taken that upload on (then ended() follows at once).
    void upload(const Generation &generation);
    // Uploads a completed generation's files again, after a failure or for one made before uploads were on:
    // the copy is pending in the store before the upload starts. Gives the pending generation, or nothing and
    // *error in words (not completed, no account, the store refused). An upload already going on is left be.
    std::optional<Generation> uploadAgain(const Generation &generation, qint64 nowMs, GenerationError *error);
    // Why an upload cannot start now: the account is missing or incomplete.
    GenerationError notSetUp() const;
    // Uploads what the store still holds as pending and destroys what it holds as removing (a previous run
    // stopped in the middle), as soon as the account is ready.
    void resume();
    bool isUploading(qint64 id) const;
    // Stops an upload; the copy stays pending in the store (the generation is being deleted).
    void cancel(qint64 id);
    // What of a generation may be in the cloud: the recorded assets, and while an upload is pending or
    // failed, the names its files are being given (a name that is not there counts as destroyed).
    QList<CloudAsset> assetsToDestroy(const Generation &generation) const;
    // Destroys the remote assets of a deleted generation (the store holds them as removing), then marks its
    // copy as none. A failure leaves them for the next start.
    void destroyRemote(qint64 id, const QList<CloudAsset> &assets);

Q_SIGNALS:
    void progressed(qint64 id, int percent);
    // The store now says uploaded or failed, or the upload is another process's (see upload()).
    void ended(qint64 id);
    void remoteRemoved(qint64 id);
    void remoteRemovalFailed(qint64 id, const atelier::GenerationError &error);

private:
    struct Upload
    {
        Generation generation;
        int file = 0; // the result file being sent
        int attempt = 1;
        qint64 request = 0;
        QList<CloudAsset> assets;
        QList<qint64> sizes; // of every file, for one percent over all of them
    };
    struct Removal
    {
        qint64 id = 0;
        QList<CloudAsset> left;
        qint64 request = 0;
    };

    void startNext();
    void sendFile(Upload &upload);
    void onUploaded(qint64 request, const CloudAsset &asset);
    void onUploadFailed(qint64 request, const GenerationError &error);
    void onProgress(qint64 request, qint64 sent, qint64 total);
    void finish(qint64 id, const GenerationError &error);
    void destroyNext(Removal &removal);
    qint64 uploadFor(qint64 request) const;
    QStringList tagsFor(const Generation &generation) const;
    // The cloud's name of a result file: the store's tag, the generation and the file's place; nothing of the
    // prompt, since a delivery URL is public.
    QString publicIdFor(const Generation &generation, int file) const;
    void resumeNow();
    // Runs `write` (the store's record of an upload's or a removal's end), then `then`; when another process
    // held the database, tries again shortly, so that what reached the cloud is always recorded.
    void record(const std::function<bool(GenerationError *)> &write, const std::function<void()> &then);

    Store &m_store;
    CloudinaryUploader &m_uploader;
    Clock &m_clock;
    RetryPolicy m_retryPolicy;
    const LeaseOwner m_owner; // in the store while this process uploads a copy
    bool m_ready = false;
    bool m_automatic = false;
    bool m_deletesRemote = false;
    bool m_resumeWanted = false;
    QString m_whyNotReady;
    QStringList m_tags;
    QQueue<Generation> m_waiting;
    QHash<qint64, Upload> m_uploads; // by generation id
    QHash<qint64, Removal> m_removals;
    qint64 m_nextRequest = 1;
};

} // namespace atelier
