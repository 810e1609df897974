#include "cloudinaryuploader.h"

#include "providers/openai/openaierrormapper.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <algorithm>
#include <memory>

namespace atelier {

Q_LOGGING_CATEGORY(lcCloud, "atelier.cloud")

namespace {

using Category = GenerationError::Category;

// Cloudinary's own words in an error, cut to what a status line can show.
constexpr qsizetype MaxServerWords = 300;

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

QString mediaType(const QString &suffix)
{
    const QString lower = suffix.toLower();
    if (lower == QLatin1String("png"))
        return QStringLiteral("image/png");
    if (lower == QLatin1String("jpg") || lower == QLatin1String("jpeg"))
        return QStringLiteral("image/jpeg");
    if (lower == QLatin1String("webp"))
        return QStringLiteral("image/webp");
    return QStringLiteral("application/octet-stream");
}

// Each tag once, in the order given; a comma separates tags, as it does in the parameter Cloudinary reads.
QString joinedTags(const QStringList &lists)
{
    QStringList tags;
    for (const QString &list : lists) {
        const QStringList pieces = list.split(QLatin1Char(','));
        for (const QString &piece : pieces) {
            const QString tag = piece.trimmed();
            if (!tag.isEmpty() && !tags.contains(tag))
                tags.append(tag);
        }
    }
    return tags.join(QLatin1Char(','));
}

QString withWords(const QString &sentence, const QString &words)
{
    if (words.isEmpty())
        return sentence + QLatin1Char('.');
    const bool ended =
        words.endsWith(QLatin1Char('.')) || words.endsWith(QLatin1Char('!')) || words.endsWith(QChar(0x2026));
    return sentence + QStringLiteral(": ") + words + (ended ? QString() : QStringLiteral("."));
}

} // namespace

struct CloudinaryUploader::Job : QObject
{
    using QObject::QObject;

    qint64 id = 0;
    bool upload = true;
    CloudinarySettings settings; // as the request was sent
    QNetworkReply *reply = nullptr;
    QByteArray body;
    qint64 reportedSent = -1;

    QString action() const { return upload ? QStringLiteral("upload") : QStringLiteral("deletion"); }
};

CloudinaryUploader::CloudinaryUploader(Clock &clock, CloudinarySettings settings, QObject *parent)
    : QObject(parent), m_clock(clock), m_settings(std::move(settings)),
      m_network(new QNetworkAccessManager(this))
{}

CloudinaryUploader::~CloudinaryUploader()
{
    // The replies stop before the manager they belong to goes.
    for (Job *job : std::as_const(m_jobs)) {
        if (job->reply) {
            job->reply->disconnect(job);
            job->reply->abort();
        }
    }
    m_jobs.clear();
}

void CloudinaryUploader::upload(qint64 jobId, const QString &filePath, const UploadOptions &options)
{
    Job *job = startJob(jobId, true);
    if (!job)
        return;
    const CloudinarySettings &settings = job->settings;
    const QString tags = joinedTags(QStringList(settings.tags) << options.tags);
    if (options.publicId.contains(QLatin1Char('&')) || tags.contains(QLatin1Char('&'))) {
        failLater(
            job, GenerationError::make(Category::Validation,
                                       QStringLiteral("A Cloudinary public id or tag may not contain '&'.")));
        return;
    }
    auto file = std::make_unique<QFile>(filePath);
    if (!file->open(QIODevice::ReadOnly)) {
        failLater(job,
                  GenerationError::make(Category::Storage,
                                        QStringLiteral("The image %1 could not be read for the upload to "
                                                       "Cloudinary: %2.")
                                            .arg(QDir::toNativeSeparators(filePath), file->errorString())));
        return;
    }

    // overwrite is sent (and signed) even though it is the default for signed uploads: a retry under the
    // same public id must replace the first copy.
    const QMap<QString, QString> params{
        {QStringLiteral("timestamp"), QString::number(m_clock.nowMs() / 1000)},
        {QStringLiteral("folder"), settings.folder.trimmed()},
        {QStringLiteral("public_id"), options.publicId.trimmed()},
        {QStringLiteral("tags"), tags},
        {QStringLiteral("upload_preset"), settings.uploadPreset.trimmed()},
        {QStringLiteral("overwrite"), QStringLiteral("true")},
    };
    auto *multiPart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    const QList<QPair<QString, QString>> fields = signedFields(job, params);
    for (const auto &[name, value] : fields) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QStringLiteral("form-data; name=\"%1\"").arg(name));
        part.setBody(value.toUtf8());
        multiPart->append(part);
    }
    // A neutral file name: the local one may say more about the prompt than the user wants to share, and
    // Cloudinary only needs it to tell a file from a URL.
    const QString suffix = QFileInfo(filePath).suffix().toLower();
    QHttpPart filePart;
    filePart.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QStringLiteral("form-data; name=\"file\"; filename=\"image.%1\"")
                           .arg(suffix.isEmpty() ? QStringLiteral("bin") : suffix));
    filePart.setHeader(QNetworkRequest::ContentTypeHeader, mediaType(suffix));
    filePart.setBodyDevice(file.get());
    file.release()->setParent(multiPart);
    multiPart->append(filePart);

    qCDebug(lcCloud) << "upload" << jobId << "to cloud" << settings.cloudName.trimmed();
    QNetworkReply *reply = m_network->post(request(settings, QStringLiteral("upload")), multiPart);
    multiPart->setParent(reply);
    watch(job, reply);
    connect(reply, &QNetworkReply::uploadProgress, job, [this, job](qint64 sent, qint64 total) {
        // Qt reports every few kilobytes; a step of a percent is all a progress bar can show.
        if (!isCurrent(job) || total <= 0 || sent == job->reportedSent ||
            (sent < total && job->reportedSent >= 0 && sent - job->reportedSent < total / 100))
            return;
        job->reportedSent = sent;
        Q_EMIT uploadProgress(job->id, sent, total);
    });
}

void CloudinaryUploader::destroy(qint64 jobId, const QString &publicId)
{
    Job *job = startJob(jobId, false);
    if (!job)
        return;
    const QString id = publicId.trimmed();
    if (id.isEmpty() || id.contains(QLatin1Char('&'))) {
        failLater(job, GenerationError::make(Category::Validation,
                                             QStringLiteral("The Cloudinary public id to delete is empty or "
                                                            "contains '&'.")));
        return;
    }
    // invalidate: the CDN forgets its cached copies too, so a deleted image stops being served.
    const QMap<QString, QString> params{
        {QStringLiteral("timestamp"), QString::number(m_clock.nowMs() / 1000)},
        {QStringLiteral("public_id"), id},
        {QStringLiteral("invalidate"), QStringLiteral("true")},
    };
    QByteArray body;
    const QList<QPair<QString, QString>> fields = signedFields(job, params);
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    QNetworkRequest destroyRequest = request(job->settings, QStringLiteral("destroy"));
    destroyRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                             QStringLiteral("application/x-www-form-urlencoded"));
    qCDebug(lcCloud) << "destroy" << jobId << "in cloud" << job->settings.cloudName.trimmed();
    watch(job, m_network->post(destroyRequest, body));
}

void CloudinaryUploader::cancel(qint64 jobId)
{
    Job *job = detach(jobId);
    if (!job)
        return;
    const GenerationError error = GenerationError::make(
        Category::Cancelled, QStringLiteral("The Cloudinary %1 was cancelled.").arg(job->action()));
    qCInfo(lcCloud) << job->action() << jobId << "cancelled";
    if (job->upload)
        Q_EMIT uploadFailed(jobId, error);
    else
        Q_EMIT destroyFailed(jobId, error);
}

CloudinaryUploader::Job *CloudinaryUploader::startJob(qint64 jobId, bool upload)
{
    detach(jobId);
    auto *job = new Job(this);
    job->id = jobId;
    job->upload = upload;
    job->settings = m_settings;
    m_jobs.insert(jobId, job);
    if (const GenerationError error = job->settings.validate(); error.isError()) {
        failLater(job, error);
        return nullptr;
    }
    return job;
}

QNetworkRequest CloudinaryUploader::request(const CloudinarySettings &settings, const QString &action)
{
    QUrl url = settings.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    // validate() let only letters, digits, '-' and '_' into the cloud name: nothing to escape.
    url.setPath(basePath + QStringLiteral("/v1_1/%1/image/%2").arg(settings.cloudName.trimmed(), action));
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(settings.transferTimeoutMs);
    // A redirect would carry the signed body to wherever it points; the API never redirects.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

QList<QPair<QString, QString>> CloudinaryUploader::signedFields(const Job *job,
                                                                const QMap<QString, QString> &params)
{
    const CloudinarySettings &settings = job->settings;
    QList<QPair<QString, QString>> fields;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        // An empty value is left out of the signature, so it is left out of the request too.
        if (!it.value().isEmpty())
            fields.append({it.key(), it.value()});
    }
    fields.append({QStringLiteral("api_key"), settings.apiKey.trimmed()});
    fields.append({QStringLiteral("signature"),
                   CloudinarySignature::sign(params, settings.apiSecret.trimmed(), settings.algorithm)});
    // The hash is the account's setting, as in Cloudinary's SDKs: nothing in the request names it.
    return fields;
}

void CloudinaryUploader::watch(Job *job, QNetworkReply *reply)
{
    job->reply = reply;
    connect(reply, &QNetworkReply::readyRead, job, [this, job] {
        if (isCurrent(job))
            readBody(job);
    });
    connect(reply, &QNetworkReply::finished, job, [this, job] {
        if (isCurrent(job))
            replyFinished(job);
    });
}

void CloudinaryUploader::readBody(Job *job)
{
    // A reply the transfer time-out aborted is closed: nothing is left to read.
    if (!job->reply->isOpen())
        return;
    job->body += job->reply->readAll();
    if (job->body.size() > MaxResponseBytes)
        fail(job,
             GenerationError::make(
                 Category::BadResponse,
                 QStringLiteral("Cloudinary's answer to the %1 was larger than 1 MB.").arg(job->action()),
                 job->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()));
}

void CloudinaryUploader::replyFinished(Job *job)
{
    QNetworkReply *reply = job->reply;
    if (reply->bytesAvailable() > 0) {
        readBody(job);
        if (!isCurrent(job))
            return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = reply->error();
    qCDebug(lcCloud) << job->action() << job->id << "answered" << status << networkError;

    const auto failNetwork = [this, job](QNetworkReply::NetworkError error) {
        // A cancelled job is detached before its reply is aborted, so a cancel seen here is the time-out.
        GenerationError mapped =
            OpenAiErrorMapper::mapNetwork(error, false, error == QNetworkReply::OperationCanceledError);
        mapped.message = QStringLiteral("The Cloudinary %1 failed: %2").arg(job->action(), mapped.message);
        fail(job, mapped);
    };
    if (status == 0) {
        failNetwork(networkError == QNetworkReply::NoError ? QNetworkReply::UnknownNetworkError
                                                           : networkError);
        return;
    }
    if (!isSuccess(status)) {
        fail(job, httpError(job, status));
        return;
    }
    if (networkError != QNetworkReply::NoError) {
        failNetwork(networkError);
        return;
    }
    // A connection reset mid-body may end a reply without an error: a body shorter than its Content-Length is
    // a broken connection (worth another attempt), not a bad answer.
    if (const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        length.isValid() && !reply->hasRawHeader("Content-Encoding") &&
        job->body.size() < length.toLongLong()) {
        failNetwork(QNetworkReply::RemoteHostClosedError);
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(job->body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        fail(job, GenerationError::make(
                      Category::BadResponse,
                      QStringLiteral("Cloudinary's answer to the %1 could not be read.").arg(job->action()),
                      status));
        return;
    }
    if (job->upload)
        uploadAnswered(job, document.object());
    else
        destroyAnswered(job, document.object());
}

GenerationError CloudinaryUploader::httpError(const Job *job, int status) const
{
    // Cloudinary's words, from {"error": {"message": "..."}}, without the key or the secret in them.
    const QJsonValue error = QJsonDocument::fromJson(job->body).object().value(QLatin1String("error"));
    QString words = scrubbed(job, error.toObject().value(QLatin1String("message")).toString()).simplified();
    if (words.size() > MaxServerWords) {
        const qsizetype cut = words.lastIndexOf(QLatin1Char(' '), MaxServerWords);
        words.truncate(cut > MaxServerWords / 2 ? cut : MaxServerWords);
        words.append(QChar(0x2026)); // an ellipsis
    }
    const QString code = QString::number(status);
    const QString action = job->action();
    const QString checkCredentials =
        QStringLiteral(" Check the Cloudinary API key and secret in Settings (atelier-cli config, key set "
                       "cloudinary).");

    GenerationError result;
    if (status >= 300 && status < 400) {
        // Not followed: the signed request goes to the configured address and nowhere else.
        result = GenerationError::make(
            Category::BadResponse,
            QStringLiteral("Cloudinary answered the %1 with a redirect (HTTP %2), which is not followed.")
                .arg(action, code));
    } else if (status == 401) {
        result = GenerationError::make(
            Category::Auth,
            withWords(QStringLiteral("Cloudinary did not accept the API key and secret for the %1 (HTTP %2)")
                          .arg(action, code),
                      words) +
                checkCredentials);
    } else if (status == 403) {
        result = GenerationError::make(
            Category::Permission,
            withWords(QStringLiteral("Cloudinary refused the %1 (HTTP %2)").arg(action, code), words) +
                checkCredentials);
    } else if (status == 420 || status == 429) {
        // 420 is what Cloudinary's own rate limits answer; 429 what proxies in front of it say.
        result = GenerationError::make(
            Category::RateLimit,
            withWords(QStringLiteral("Cloudinary asked to slow down (HTTP %1)").arg(code), words));
    } else if (status >= 500 || status == 408) {
        result = GenerationError::make(
            Category::Server,
            withWords(
                QStringLiteral("Cloudinary could not take the %1 right now (HTTP %2)").arg(action, code),
                words));
    } else if (status == 404) {
        result = GenerationError::make(
            Category::InvalidRequest,
            withWords(
                QStringLiteral("Cloudinary did not find where to send the %1 (HTTP %2)").arg(action, code),
                words) +
                QStringLiteral(" Check the Cloudinary cloud name in Settings (atelier-cli config)."));
    } else {
        QString message =
            withWords(QStringLiteral("Cloudinary did not accept the %1 (HTTP %2)").arg(action, code), words);
        // Cloudinary refuses a signature more than an hour older or newer than its own clock.
        if (words.contains(QLatin1String("Stale request"), Qt::CaseInsensitive))
            message += QStringLiteral(" Check that this computer's clock is right.");
        result = GenerationError::make(Category::InvalidRequest, message);
    }
    result.httpStatus = status;
    if (result.retryable)
        result.retryAfterMs = OpenAiErrorMapper::retryAfterMs(job->reply->rawHeaderPairs(), m_clock.nowMs());
    return result;
}

void CloudinaryUploader::uploadAnswered(Job *job, const QJsonObject &answer)
{
    CloudAsset asset;
    asset.publicId = answer.value(QLatin1String("public_id")).toString();
    asset.secureUrl = answer.value(QLatin1String("secure_url")).toString();
    // A number in Cloudinary's answers; read as text too, in case a proxy turned it into one.
    asset.version = answer.value(QLatin1String("version")).toVariant().toLongLong();
    if (asset.publicId.isEmpty() || asset.secureUrl.isEmpty()) {
        fail(job, GenerationError::make(Category::BadResponse,
                                        QStringLiteral("Cloudinary's answer to the upload does not say where "
                                                       "the image is.")));
        return;
    }
    const qint64 id = job->id;
    detach(id);
    qCDebug(lcCloud) << "upload" << id << "stored, version" << asset.version;
    Q_EMIT uploaded(id, asset);
}

void CloudinaryUploader::destroyAnswered(Job *job, const QJsonObject &answer)
{
    const QString result = answer.value(QLatin1String("result")).toString();
    // An asset that is not there any more is what a deletion wants.
    if (result != QLatin1String("ok") && result != QLatin1String("not found")) {
        fail(job, GenerationError::make(Category::BadResponse,
                                        withWords(QStringLiteral("Cloudinary did not confirm the deletion"),
                                                  scrubbed(job, result).left(MaxServerWords))));
        return;
    }
    const qint64 id = job->id;
    detach(id);
    qCDebug(lcCloud) << "destroy" << id << "done:" << result;
    Q_EMIT assetDestroyed(id);
}

void CloudinaryUploader::failLater(Job *job, const GenerationError &error)
{
    // Reported from the event loop like every other end: the caller is still inside upload() or destroy().
    QMetaObject::invokeMethod(
        job,
        [this, job, error] {
            if (isCurrent(job))
                fail(job, error);
        },
        Qt::QueuedConnection);
}

void CloudinaryUploader::fail(Job *job, GenerationError error)
{
    const qint64 id = job->id;
    const bool upload = job->upload;
    error.message = scrubbed(job, error.message);
    detach(id);
    qCInfo(lcCloud) << (upload ? "upload" : "destroy") << id << "failed:" << categoryName(error.category)
                    << error.httpStatus;
    if (upload)
        Q_EMIT uploadFailed(id, error);
    else
        Q_EMIT destroyFailed(id, error);
}

bool CloudinaryUploader::isCurrent(const Job *job) const
{
    return m_jobs.value(job->id) == job;
}

CloudinaryUploader::Job *CloudinaryUploader::detach(qint64 jobId)
{
    Job *job = m_jobs.take(jobId);
    if (!job)
        return nullptr;
    if (job->reply) {
        job->reply->disconnect(job);
        job->reply->abort();
        job->reply->deleteLater();
    }
    job->deleteLater();
    return job;
}

QString CloudinaryUploader::scrubbed(const Job *job, QString text)
{
    // Longest first, in case one contains the other.
    QStringList secrets{job->settings.apiSecret.trimmed(), job->settings.apiKey.trimmed()};
    std::sort(secrets.begin(), secrets.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &secret : std::as_const(secrets)) {
        if (!secret.isEmpty())
            text.replace(secret, QStringLiteral("[redacted]"));
    }
    return text;
}

} // namespace atelier
