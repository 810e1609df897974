#pragma once

#include "cloudinarysettings.h"
#include "domain/clock.h"
#include "domain/cloudcopy.h"
#include "domain/generationerror.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QNetworkRequest>
#include <QObject>
#include <QPair>
#include <QStringList>

class QHttpMultiPart;
class QJsonObject;
class QNetworkAccessManager;
class QNetworkReply;

namespace atelier {

// Copies result images to Cloudinary and deletes them there, over signed Upload API requests
// (POST {baseUrl}/v1_1/{cloud}/image/upload and .../image/destroy). One request per job id: a new request
// under an id still on the wire replaces it, and the old one reports nothing more. Every end is reported
// from the event loop, never from inside upload() or destroy(); a cancel is reported before cancel()
// returns. The key and the secret never reach an error message or a log line.
class CloudinaryUploader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloudinaryUploader)
public:
    struct UploadOptions
    {
        QString publicId; // within the settings' folder; empty: Cloudinary picks one
        QStringList tags; // besides the settings' tags
    };

    // Cloudinary refuses a signature whose timestamp is more than an hour away from its own clock.
    CloudinaryUploader(Clock &clock, CloudinarySettings settings, QObject *parent = nullptr);
    ~CloudinaryUploader() override;

    // Requests made from now on use these; requests on the wire keep what they were sent with.
    void setSettings(const CloudinarySettings &settings) { m_settings = settings; }
    const CloudinarySettings &settings() const { return m_settings; }

    // The file is streamed from disk, not read into memory. A retry under the same public id replaces the
    // copy rather than adding a second one.
    void upload(qint64 jobId, const QString &filePath, const UploadOptions &options);
    // An asset that is already gone counts as deleted.
    void destroy(qint64 jobId, const QString &publicId);
    // Reported as a Cancelled error; unknown ids are ignored.
    void cancel(qint64 jobId);

    // An answer longer than this is not Cloudinary's.
    static constexpr qint64 MaxResponseBytes = 1024 * 1024;

Q_SIGNALS:
    void uploadProgress(qint64 jobId, qint64 sent, qint64 total);
    void uploaded(qint64 jobId, const atelier::CloudAsset &asset);
    void uploadFailed(qint64 jobId, const atelier::GenerationError &error);
    // Not named "destroyed", which would hide QObject::destroyed.
    void assetDestroyed(qint64 jobId);
    void destroyFailed(qint64 jobId, const atelier::GenerationError &error);

private:
    struct Job;

    // A new job under this id, replacing any other; nullptr (and the failure on its way) when the settings
    // cannot be used.
    Job *startJob(qint64 jobId, bool upload);
    static QNetworkRequest request(const CloudinarySettings &settings, const QString &action);
    // The fields of a request: the non-empty `params`, the key, the signature and its algorithm.
    static QList<QPair<QString, QString>> signedFields(const Job *job, const QMap<QString, QString> &params);
    void watch(Job *job, QNetworkReply *reply);
    void readBody(Job *job);
    void replyFinished(Job *job);
    GenerationError httpError(const Job *job, int status) const;
    void uploadAnswered(Job *job, const QJsonObject &answer);
    void destroyAnswered(Job *job, const QJsonObject &answer);
    // Reports the error from the event loop, unless the job is replaced or cancelled first.
    void failLater(Job *job, const GenerationError &error);
    void fail(Job *job, GenerationError error);
    bool isCurrent(const Job *job) const;
    // Forgets a job and stops its request at once: nothing more is reported for it.
    Job *detach(qint64 jobId);
    // The text without the key or the secret the job was sent with.
    static QString scrubbed(const Job *job, QString text);

    Clock &m_clock;
    CloudinarySettings m_settings;
    QNetworkAccessManager *m_network;
    QHash<qint64, Job *> m_jobs;
};

} // namespace atelier
