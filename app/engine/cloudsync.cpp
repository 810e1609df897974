#include "cloudsync.h"

#include "cloud/cloudinaryuploader.h"
#include "domain/clock.h"
#include "storage/store.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

#include <numeric>

Q_LOGGING_CATEGORY(lcCloudSync, "atelier.cloud.sync")

namespace atelier {

namespace {
// Two generations upload side by side: enough to keep a link busy, few enough not to starve the providers.
constexpr int kParallelUploads = 2;
// How soon a record the busy database refused is tried again: its transactions take milliseconds.
constexpr int kRecordRetryMs = 250;
} // namespace

CloudSync::CloudSync(Store &store, CloudinaryUploader &uploader, Clock &clock, RetryPolicy retryPolicy,
                     QObject *parent)
    : QObject(parent), m_store(store), m_uploader(uploader), m_clock(clock),
      m_retryPolicy(std::move(retryPolicy))
{
    connect(&m_uploader, &CloudinaryUploader::uploaded, this, &CloudSync::onUploaded);
    connect(&m_uploader, &CloudinaryUploader::uploadFailed, this, &CloudSync::onUploadFailed);
    connect(&m_uploader, &CloudinaryUploader::uploadProgress, this, &CloudSync::onProgress);
    connect(&m_uploader, &CloudinaryUploader::assetDestroyed, this, [this](qint64 request) {
        for (auto it = m_removals.begin(); it != m_removals.end(); ++it) {
            if (it->request == request) {
                it->left.removeFirst();
                destroyNext(*it);
                return;
            }
        }
    });
    connect(&m_uploader, &CloudinaryUploader::destroyFailed, this,
            [this](qint64 request, const GenerationError &error) {
                for (auto it = m_removals.begin(); it != m_removals.end(); ++it) {
                    if (it->request == request) {
                        const qint64 id = it->id;
                        m_removals.erase(it);
                        Q_EMIT remoteRemovalFailed(id, error);
                        return;
                    }
                }
            });
}

CloudSync::~CloudSync() = default;

void CloudSync::upload(const Generation &generation)
{
    if (isUploading(generation.id))
        return;
    // A database too busy to say is no reason to leave the copy unmade: a second upload of one is the worse
    // of two rare things.
    GenerationError error;
    if (!m_store.cloudCopies().claimUpload(generation.id, m_owner.id(), &LeaseOwner::isGone, &error) &&
        !error.isError()) {
        qCInfo(lcCloudSync) << "generation" << generation.id << "is uploaded by another process";
        Q_EMIT ended(generation.id);
        return;
    }
    m_waiting.enqueue(generation);
    startNext();
}

std::optional<Generation> CloudSync::uploadAgain(const Generation &generation, qint64 nowMs,
                                                 GenerationError *error)
{
    if (generation.status != GenerationStatus::Completed) {
        *error = GenerationError::make(GenerationError::Category::Validation,
                                       tr("Generation %1 is %2; only completed ones have images to upload.")
                                           .arg(generation.id)
                                           .arg(statusName(generation.status)));
        return std::nullopt;
    }
    if (!m_ready) {
        *error = notSetUp();
        return std::nullopt;
    }
    if (isUploading(generation.id))
        return std::nullopt;
    if (generation.cloud.state == CloudCopy::State::Pending) {
        *error =
            GenerationError::make(GenerationError::Category::Validation,
                                  tr("Generation %1 is being copied to the cloud already, by this or another "
                                     "Atelier; an unfinished copy resumes when Atelier starts.")
                                      .arg(generation.id));
        return std::nullopt;
    }
    if (!m_store.cloudCopies().markPending(generation.id, nowMs, error)) {
        if (!error->isError())
            *error = GenerationError::make(GenerationError::Category::Validation,
                                           tr("Generation %1 changed meanwhile.").arg(generation.id));
        return std::nullopt;
    }
    std::optional<Generation> pending = m_store.generation(generation.id);
    if (pending)
        upload(*pending);
    return pending;
}

GenerationError CloudSync::notSetUp() const
{
    return GenerationError::make(
        GenerationError::Category::Validation,
        m_whyNotReady.isEmpty() ? tr("Cloud uploads are not set up: enter the Cloudinary account in Settings "
                                     "first.")
                                : tr("Cloud uploads are not set up: %1").arg(m_whyNotReady));
}

void CloudSync::setAccount(bool ready, bool uploadNewResults, const QString &whyNotReady)
{
    m_ready = ready;
    m_automatic = uploadNewResults;
    m_whyNotReady = whyNotReady;
    if (m_ready && m_resumeWanted)
        resumeNow();
}

void CloudSync::resume()
{
    m_resumeWanted = true;
    if (m_ready)
        resumeNow();
}

void CloudSync::resumeNow()
{
    m_resumeWanted = false;
    const QList<qint64> ids = m_store.cloudCopies().pending();
    for (const qint64 id : ids) {
        if (const std::optional<Generation> generation = m_store.generation(id))
            upload(*generation);
    }
    const auto removals = m_store.cloudCopies().removing();
    for (const auto &[id, assets] : removals) {
        if (!m_removals.contains(id))
            destroyRemote(id, assets);
    }
}

bool CloudSync::isUploading(qint64 id) const
{
    return m_uploads.contains(id) || std::any_of(m_waiting.cbegin(), m_waiting.cend(),
                                                 [id](const Generation &g) { return g.id == id; });
}

void CloudSync::cancel(qint64 id)
{
    m_waiting.removeIf([id](const Generation &g) { return g.id == id; });
    const auto found = m_uploads.constFind(id);
    if (found == m_uploads.cend())
        return;
    const qint64 request = found->request;
    m_uploads.erase(found);
    if (request != 0)
        m_uploader.cancel(request);
    startNext();
}

void CloudSync::startNext()
{
    while (m_uploads.size() < kParallelUploads && !m_waiting.isEmpty()) {
        Upload upload;
        upload.generation = m_waiting.dequeue();
        for (const QString &path : std::as_const(upload.generation.resultPaths))
            upload.sizes.append(qMax<qint64>(QFileInfo(path).size(), 1));
        const qint64 id = upload.generation.id;
        m_uploads.insert(id, upload);
        sendFile(m_uploads[id]);
    }
}

void CloudSync::sendFile(Upload &upload)
{
    const qint64 id = upload.generation.id;
    if (upload.file >= upload.generation.resultPaths.size()) {
        const QList<CloudAsset> assets = upload.assets;
        const qint64 at = m_clock.nowMs();
        record(
            [this, id, assets, at](GenerationError *error) {
                return m_store.cloudCopies().markUploaded(id, assets, at, error);
            },
            [this, id, files = assets.size()] {
                qCInfo(lcCloudSync) << "generation" << id << "uploaded," << files << "files";
                m_uploads.remove(id);
                Q_EMIT ended(id);
                startNext();
            });
        return;
    }
    const QString path = upload.generation.resultPaths.at(upload.file);
    CloudinaryUploader::UploadOptions options;
    // The same on every retry, so a retry replaces a copy that arrived without its answer instead of adding a
    // second one.
    options.publicId = publicIdFor(upload.generation, upload.file);
    options.tags = tagsFor(upload.generation);
    upload.request = m_nextRequest++;
    m_uploader.upload(upload.request, path, options);
}

qint64 CloudSync::uploadFor(qint64 request) const
{
    for (auto it = m_uploads.cbegin(); it != m_uploads.cend(); ++it) {
        if (it->request == request)
            return it.key();
    }
    return 0;
}

void CloudSync::onProgress(qint64 request, qint64 sent, qint64 total)
{
    const qint64 id = uploadFor(request);
    if (id == 0 || total <= 0)
        return;
    const Upload &upload = m_uploads[id];
    const qint64 all = std::accumulate(upload.sizes.cbegin(), upload.sizes.cend(), qint64(0));
    const qint64 before =
        std::accumulate(upload.sizes.cbegin(), upload.sizes.cbegin() + upload.file, qint64(0));
    // The multipart body is a little larger than the file: scale this file's share by its own total.
    const double done = double(before) + double(upload.sizes.at(upload.file)) * double(sent) / double(total);
    Q_EMIT progressed(id, qBound(0, int(100.0 * done / double(all)), 100));
}

void CloudSync::onUploaded(qint64 request, const CloudAsset &asset)
{
    const qint64 id = uploadFor(request);
    if (id == 0)
        return;
    Upload &upload = m_uploads[id];
    upload.assets.append(asset);
    ++upload.file;
    upload.attempt = 1;
    sendFile(upload);
}

void CloudSync::onUploadFailed(qint64 request, const GenerationError &error)
{
    const qint64 id = uploadFor(request);
    if (id == 0)
        return;
    Upload &upload = m_uploads[id];
    upload.request = 0;
    const std::optional<qint64> delay = m_retryPolicy.delayAfter(upload.attempt, error);
    if (!delay) {
        finish(id, error);
        return;
    }
    const int next = ++upload.attempt;
    qCInfo(lcCloudSync) << "generation" << id << "upload failed:" << categoryName(error.category)
                        << "- trying again in" << *delay << "ms";
    QTimer::singleShot(std::chrono::milliseconds(*delay), this, [this, id, next] {
        const auto found = m_uploads.find(id);
        // Cancelled or finished meanwhile.
        if (found != m_uploads.end() && found->attempt == next && found->request == 0)
            sendFile(*found);
    });
}

void CloudSync::finish(qint64 id, const GenerationError &error)
{
    const Upload upload = m_uploads.value(id);
    // What reached the cloud before the failure stays recorded, so that it can be destroyed.
    QList<CloudAsset> inCloud = upload.generation.cloud.assets;
    for (const CloudAsset &asset : upload.assets) {
        inCloud.removeIf([&asset](const CloudAsset &old) { return old.publicId == asset.publicId; });
        inCloud.append(asset);
    }
    const QString why = error.message.isEmpty() ? tr("The upload failed.") : error.message;
    const qint64 at = m_clock.nowMs();
    record(
        [this, id, why, inCloud, at](GenerationError *failure) {
            return m_store.cloudCopies().markFailed(id, why, inCloud, at, failure);
        },
        [this, id] {
            m_uploads.remove(id);
            Q_EMIT ended(id);
            startNext();
        });
}

void CloudSync::record(const std::function<bool(GenerationError *)> &write, const std::function<void()> &then)
{
    GenerationError error;
    if (!write(&error) && error.retryable) {
        QTimer::singleShot(kRecordRetryMs, this, [this, write, then] { record(write, then); });
        return;
    }
    then();
}

void CloudSync::destroyRemote(qint64 id, const QList<CloudAsset> &assets)
{
    cancel(id);
    // Without an account the store keeps them as removing until one is set up.
    if (!m_ready) {
        m_resumeWanted = true;
        return;
    }
    Removal removal{id, assets, 0};
    m_removals.insert(id, removal);
    destroyNext(m_removals[id]);
}

void CloudSync::destroyNext(Removal &removal)
{
    if (removal.left.isEmpty()) {
        const qint64 id = removal.id;
        const qint64 at = m_clock.nowMs();
        record([this, id,
                at](GenerationError *error) { return m_store.cloudCopies().markRemoved(id, at, error); },
               [this, id] {
                   m_removals.remove(id);
                   Q_EMIT remoteRemoved(id);
               });
        return;
    }
    removal.request = m_nextRequest++;
    m_uploader.destroy(removal.request, removal.left.first().publicId);
}

QString CloudSync::publicIdFor(const Generation &generation, int file) const
{
    return QStringLiteral("%1-%2-%3").arg(m_store.cloudCopies().storeTag()).arg(generation.id).arg(file + 1);
}

QList<CloudAsset> CloudSync::assetsToDestroy(const Generation &generation) const
{
    QList<CloudAsset> assets = generation.cloud.assets;
    if (generation.cloud.state != CloudCopy::State::Pending &&
        generation.cloud.state != CloudCopy::State::Failed)
        return assets;
    const QString folder = m_uploader.settings().folder.trimmed();
    for (int file = 0; file < generation.resultPaths.size(); ++file) {
        const QString name = publicIdFor(generation, file);
        const QString publicId = folder.isEmpty() ? name : folder + u'/' + name;
        if (std::none_of(assets.cbegin(), assets.cend(),
                         [&publicId](const CloudAsset &asset) { return asset.publicId == publicId; }))
            assets.append({publicId, {}, 0});
    }
    return assets;
}

QStringList CloudSync::tagsFor(const Generation &generation) const
{
    QStringList tags;
    for (QString tag : m_tags) {
        tag.replace(QLatin1String("{model}"), generation.request.model);
        tag = tag.trimmed();
        if (!tag.isEmpty() && !tags.contains(tag))
            tags.append(tag);
    }
    return tags;
}

} // namespace atelier
