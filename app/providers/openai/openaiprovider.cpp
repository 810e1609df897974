#include "openaiprovider.h"

#include "openaierrormapper.h"
#include "openaiimagesresponse.h"
#include "ssestreamparser.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QQueue>
#include <QtConcurrentRun>
#include <qtconcurrenttask.h>

#include <algorithm>

namespace atelier {

Q_LOGGING_CATEGORY(lcOpenAi, "atelier.openai")

namespace {

using Category = GenerationError::Category;

// Shorter keys are too likely to match ordinary words in a message to be replaced in it.
constexpr qsizetype MinScrubbedKeyLength = 8;
// How much of an answer Qt may read ahead of readBody().
constexpr qint64 ReadAheadBytes = 1024 * 1024;
// What the GUI thread takes from a reply at once, giving the event loop a turn between slices: Qt may hand
// over a whole stream of three images, 7 MB, in one readyRead.
constexpr qint64 ReadSliceBytes = 256 * 1024;
// Reading an answer goes ahead of the library's saves waiting in the pool: the job holds its queue slot until
// it is read, and a save does not need one.
constexpr int ReadingPriority = 1;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

GenerationError badResponse(const QString &message)
{
    return GenerationError::make(Category::BadResponse, message);
}

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

} // namespace

struct OpenAiProvider::Job : QObject
{
    using QObject::QObject;

    ProviderJob job;
    QString format;        // the output_format asked for, when the answer does not say
    int partialImages = 0; // asked for, when the model streams
    bool edit = false;
    QFutureWatcher<BuiltRequest> build;
    QFutureWatcher<ParsedImages> decode;
    // Partial images are read on the pool one at a time, in order, and the finished image after them.
    QFutureWatcher<PartialImage> preview;
    QQueue<QByteArray> partials; // data of the *.partial_image events not read yet
    bool previewBusy = false;
    bool readQueued = false;        // a slice of the reply is to be read on the event loop's next turn
    bool endAfterPreviews = false;  // the stream ended while partial images were still being read
    QNetworkReply *reply = nullptr; // the request in flight, a child of this job
    bool headersSeen = false;
    bool streaming = false;
    qint64 uploadReported = 0;
    qint64 received = 0;
    QByteArray body;
    SseStreamParser sse;
    QList<QByteArray> completed; // data of the *.completed events
    ParsedImages parsed;         // while images are fetched from the URLs the server gave
    qsizetype downloading = -1;  // the index of the image being fetched
};

OpenAiProvider::OpenAiProvider(const ModelCatalog &catalog, OpenAiSettings settings, QObject *parent)
    : Provider(parent), m_builder(catalog), m_settings(std::move(settings))
{}

OpenAiProvider::~OpenAiProvider()
{
    // The jobs (and the replies they own) go before the manager the replies belong to.
    for (Job *job : std::as_const(m_jobs)) {
        if (job->reply) {
            job->reply->disconnect(job);
            job->reply->abort();
        }
    }
    m_jobs.clear();
    const QObjectList jobs = children();
    qDeleteAll(jobs);
}

bool OpenAiProvider::isReady(QString *whyNot) const
{
    QString reason;
    if (m_settings.apiKey.trimmed().isEmpty())
        reason = (m_settings.keyProblem.isEmpty() ? QString() : m_settings.keyProblem + QLatin1Char(' ')) +
                 QStringLiteral("Add an OpenAI API key with 'atelier-cli key set' or in Settings, or set "
                                "OPENAI_API_KEY.");
    else
        reason = OpenAiSettings::baseUrlProblem(m_settings.baseUrl);
    if (whyNot)
        *whyNot = reason;
    return reason.isEmpty();
}

void OpenAiProvider::start(const ProviderJob &providerJob)
{
    const qint64 id = providerJob.generationId;
    // A new attempt of a job still running replaces it.
    detach(id);
    auto *job = new Job(this);
    job->job = providerJob;
    const QVariantMap &parameters = providerJob.request.parameters;
    job->format = parameters.value(QStringLiteral("output_format"), QStringLiteral("png")).toString();
    job->partialImages = std::clamp(
        parameters.value(QStringLiteral("partial_images"), OpenAiRequestBuilder::DefaultPartialImages)
            .toInt(),
        0, 3);
    m_jobs.insert(id, job);

    connect(&job->decode, &QFutureWatcherBase::finished, job, [this, job] {
        if (isCurrent(job))
            decoded(job, job->decode.result());
    });
    connect(&job->preview, &QFutureWatcherBase::finished, job, [this, job] {
        job->previewBusy = false;
        if (isCurrent(job))
            showPreview(job, job->preview.result());
        if (isCurrent(job))
            readNextPreview(job);
    });

    if (QString whyNot; !isReady(&whyNot)) {
        const Category category =
            m_settings.apiKey.trimmed().isEmpty() ? Category::Auth : Category::InvalidRequest;
        // Reported from the event loop like every other end: the caller is still inside start().
        QMetaObject::invokeMethod(
            job,
            [this, job, error = GenerationError::make(category, whyNot)] {
                if (isCurrent(job))
                    fail(job, error);
            },
            Qt::QueuedConnection);
        return;
    }

    connect(&job->build, &QFutureWatcherBase::finished, job, [this, job] {
        if (!isCurrent(job))
            return;
        const BuiltRequest built = job->build.result();
        if (built.error.isError())
            fail(job, built.error);
        else
            send(job, built);
    });
    // The builder reads and decodes the reference images: that is work for the pool.
    job->build.setFuture(
        QtConcurrent::run([builder = m_builder, providerJob] { return builder.build(providerJob); }));
}

void OpenAiProvider::cancel(qint64 generationId)
{
    detach(generationId);
}

void OpenAiProvider::send(Job *job, const BuiltRequest &built)
{
    QUrl url = m_settings.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + built.path);

    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_settings.apiKey.trimmed().toUtf8());
    if (!m_settings.organization.isEmpty())
        request.setRawHeader("OpenAI-Organization", m_settings.organization.toUtf8());
    if (!m_settings.project.isEmpty())
        request.setRawHeader("OpenAI-Project", m_settings.project.toUtf8());
    request.setRawHeader("Content-Type", built.contentType);
    request.setRawHeader("Accept", built.streams ? "text/event-stream" : "application/json");
    request.setTransferTimeout(m_settings.transferTimeoutMs);
    // A redirect would carry the Authorization header to wherever it points; the API never redirects.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);

    job->edit = built.contentType.startsWith("multipart/");
    qCDebug(lcOpenAi) << "POST" << built.path;
    QNetworkReply *reply = m_network.post(request, built.body);
    watch(job, reply);
    if (!job->edit)
        return;
    connect(reply, &QNetworkReply::uploadProgress, job, [this, job](qint64 sent, qint64 total) {
        // Qt reports every few kilobytes; a step of a percent is all a progress bar can show.
        if (!isCurrent(job) || total <= 0 || sent == job->uploadReported ||
            (sent < total && sent - job->uploadReported < total / 100))
            return;
        job->uploadReported = sent;
        ProviderProgress progress;
        progress.step = QStringLiteral("Uploading reference images");
        progress.bytesSent = sent;
        progress.bytesTotal = total;
        Q_EMIT progressed(job->job.generationId, progress);
    });
}

void OpenAiProvider::download(Job *job)
{
    const ParsedImages &parsed = job->parsed;
    qsizetype index = 0;
    while (!(!parsed.urls.at(index).isEmpty() && parsed.result.images.at(index).bytes.isEmpty()))
        ++index;
    job->downloading = index;
    const QUrl url = parsed.urls.at(index);
    if (!OpenAiSettings::isSafeUrl(url)) {
        fail(job, badResponse(
                      QStringLiteral("The server pointed to an image over plain http; it was not fetched.")));
        return;
    }
    // No Authorization header: the URL is signed and points to another host. A URL answer expires in an
    // hour, hence at once. The URL itself is not logged, as its signature is a credential.
    QNetworkRequest request(url);
    request.setTransferTimeout(m_settings.transferTimeoutMs);
    // Qt follows a redirect from http to http by default, so one from a loopback server to a remote host
    // would fetch over plain http after all.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    qCDebug(lcOpenAi) << "GET image" << index;
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::redirected, job, [this, job, reply](const QUrl &target) {
        if (!isCurrent(job))
            return;
        if (OpenAiSettings::isSafeUrl(target))
            Q_EMIT reply->redirectAllowed();
        else
            fail(job,
                 badResponse(QStringLiteral(
                     "The image download was redirected to plain http; the redirect was not followed.")));
    });
    watch(job, reply);
}

void OpenAiProvider::watch(Job *job, QNetworkReply *reply)
{
    if (job->reply)
        job->reply->deleteLater();
    reply->setParent(job);
    // Qt reads an answer ahead without bound unless told, so one over the size cap would be taken in whole
    // before readBody() sees the cap crossed. A bound set before Qt has started a POST is lost: it is set
    // once the request is out.
    connect(reply, &QNetworkReply::requestSent, job, [reply] { reply->setReadBufferSize(ReadAheadBytes); });
    job->reply = reply;
    job->headersSeen = false;
    job->streaming = false;
    job->received = 0;
    job->body.clear();
    connect(reply, &QNetworkReply::readyRead, job, [this, job] {
        if (isCurrent(job))
            readBody(job);
    });
    connect(reply, &QNetworkReply::finished, job, [this, job] {
        if (isCurrent(job))
            finishReply(job);
    });
}

void OpenAiProvider::finishReply(Job *job)
{
    // What the reply still holds is read a slice per turn of the event loop before it counts as finished.
    if (job->reply->bytesAvailable() > 0 || !job->headersSeen) {
        readBody(job);
        if (!isCurrent(job))
            return;
        if (job->reply->bytesAvailable() > 0) {
            QMetaObject::invokeMethod(
                job,
                [this, job] {
                    if (isCurrent(job))
                        finishReply(job);
                },
                Qt::QueuedConnection);
            return;
        }
    }
    if (job->downloading >= 0)
        downloadFinished(job);
    else
        replyFinished(job);
}

void OpenAiProvider::readRestLater(Job *job)
{
    // A finished reply's rest is read by finishReply().
    QNetworkReply *reply = job->reply;
    if (job->readQueued || reply->isFinished() || !reply->isOpen() || reply->bytesAvailable() == 0)
        return;
    job->readQueued = true;
    QMetaObject::invokeMethod(
        job,
        [this, job] {
            job->readQueued = false;
            if (isCurrent(job))
                readBody(job);
        },
        Qt::QueuedConnection);
}

void OpenAiProvider::readBody(Job *job)
{
    QNetworkReply *reply = job->reply;
    if (!job->headersSeen) {
        job->headersSeen = true;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // Decided by what came back, not by what was asked: an error answers a stream request with JSON.
        job->streaming = isSuccess(status) && job->downloading < 0 &&
                         reply->header(QNetworkRequest::ContentTypeHeader)
                             .toString()
                             .startsWith(QLatin1String("text/event-stream"), Qt::CaseInsensitive);
        if (job->downloading < 0)
            checkRateLimit(reply);
    }
    // A reply the transfer time-out aborted is closed: nothing is left to read.
    const QByteArray chunk = reply->isOpen() ? reply->read(ReadSliceBytes) : QByteArray();
    job->received += chunk.size();
    if (job->received > m_settings.maxResponseBytes) {
        fail(job, badResponse(QStringLiteral("The answer was larger than %1 MB.")
                                  .arg(m_settings.maxResponseBytes / (1024 * 1024))));
        return;
    }
    if (!job->streaming) {
        job->body.append(chunk);
        readRestLater(job);
        return;
    }
    const QList<SseEvent> events = job->sse.feed(chunk);
    for (const SseEvent &event : events) {
        handleEvent(job, event.event, event.data);
        // A receiver of the signal may have cancelled or restarted the job.
        if (!isCurrent(job))
            return;
    }
    if (job->sse.hasError())
        fail(job, badResponse(job->sse.errorString()));
    else
        readRestLater(job);
}

void OpenAiProvider::handleEvent(Job *job, const QByteArray &type, const QByteArray &data)
{
    // The image events carry megabytes of base64: told by their name, so that the GUI thread never parses
    // them, and read on the pool.
    if (type.endsWith(".partial_image")) {
        queuePreview(job, data);
        return;
    }
    if (type.endsWith(".completed")) {
        job->completed.append(data);
        return;
    }
    const QJsonObject object = QJsonDocument::fromJson(data).object();
    QString kind = object.value(QLatin1String("type")).toString();
    if (kind.isEmpty())
        kind = QString::fromUtf8(type);

    if (kind == QLatin1String("error") || object.value(QLatin1String("error")).isObject()) {
        const QJsonValue inner = object.value(QLatin1String("error"));
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("error"), inner.isObject() ? inner : object}}).toJson();
        // Moderation can stop a stream half-way; everything else the server reports mid-stream is its own
        // failure.
        GenerationError error = OpenAiErrorMapper::map(400, body, {}, nowMs());
        if (error.category != Category::ContentPolicy)
            error = OpenAiErrorMapper::map(500, body, {}, nowMs());
        error.httpStatus = job->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        fail(job, error);
        return;
    }
    if (kind.endsWith(QLatin1String(".partial_image")))
        queuePreview(job, data);
    else if (kind.endsWith(QLatin1String(".completed")))
        job->completed.append(data);
}

void OpenAiProvider::queuePreview(Job *job, const QByteArray &data)
{
    job->partials.enqueue(data);
    if (!job->previewBusy)
        readNextPreview(job);
}

void OpenAiProvider::readNextPreview(Job *job)
{
    if (!job->partials.isEmpty()) {
        job->previewBusy = true;
        job->preview.setFuture(QtConcurrent::task(&OpenAiImagesResponse::parsePartial)
                                   .withArguments(job->partials.dequeue())
                                   .withPriority(ReadingPriority)
                                   .spawn());
    } else if (job->endAfterPreviews) {
        job->endAfterPreviews = false;
        readCompleted(job);
    }
}

void OpenAiProvider::showPreview(Job *job, const PartialImage &partial)
{
    const int count = std::max(job->partialImages, partial.index + 1);
    ProviderProgress progress;
    progress.stepIndex = partial.index + 1;
    progress.stepCount = count + 1; // the final image is the last step
    progress.step = QStringLiteral("Receiving partial image %1 of %2").arg(partial.index + 1).arg(count);
    progress.preview = partial.bytes;
    Q_EMIT progressed(job->job.generationId, progress);
}

void OpenAiProvider::readCompleted(Job *job)
{
    if (job->previewBusy || !job->partials.isEmpty()) {
        job->endAfterPreviews = true;
        return;
    }
    job->decode.setFuture(QtConcurrent::task(&OpenAiImagesResponse::parseCompleted)
                              .withArguments(job->completed, job->format)
                              .withPriority(ReadingPriority)
                              .spawn());
}

void OpenAiProvider::replyFinished(Job *job)
{
    QNetworkReply *reply = job->reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    qCDebug(lcOpenAi) << "POST" << reply->url().path() << status;
    if (status != 0 && !isSuccess(status)) {
        fail(job, OpenAiErrorMapper::map(status, job->body, reply->rawHeaderPairs(), nowMs()));
        return;
    }
    if (const QNetworkReply::NetworkError error = reply->error(); error != QNetworkReply::NoError) {
        // A cancelled job is detached before its reply is aborted, so a cancel seen here is the time-out.
        fail(job,
             OpenAiErrorMapper::mapNetwork(error, false, error == QNetworkReply::OperationCanceledError));
        return;
    }
    // Qt 6.4 may end a reply whose connection was reset mid-body without an error: a body shorter than its
    // Content-Length is a broken connection (retried), not a bad answer. A compressed body is counted after
    // Qt inflated it, so it cannot be compared.
    if (const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        length.isValid() && !reply->hasRawHeader("Content-Encoding") && job->received < length.toLongLong()) {
        fail(job, OpenAiErrorMapper::mapNetwork(QNetworkReply::RemoteHostClosedError, false, false));
        return;
    }
    if (job->streaming) {
        // The same for a stream, which has no length: one cut inside an event is a broken connection.
        if (!job->sse.finish()) {
            fail(job, OpenAiErrorMapper::mapNetwork(QNetworkReply::RemoteHostClosedError, false, false));
            return;
        }
        if (job->completed.isEmpty()) {
            fail(job, badResponse(QStringLiteral("The stream ended before the image was complete.")));
            return;
        }
        readCompleted(job);
        return;
    }
    job->decode.setFuture(QtConcurrent::task(&OpenAiImagesResponse::parse)
                              .withArguments(job->body, job->format)
                              .withPriority(ReadingPriority)
                              .spawn());
}

void OpenAiProvider::downloadFinished(Job *job)
{
    QNetworkReply *reply = job->reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    qCDebug(lcOpenAi) << "GET image" << job->downloading << status;
    if (status != 0 && !isSuccess(status)) {
        // A busy file host is worth another attempt; a URL it refuses or does not know is a bad answer.
        const bool busy = status >= 500 || status == 408 || status == 429;
        fail(job, GenerationError::make(
                      busy ? Category::Server : Category::BadResponse,
                      QStringLiteral("The generated image could not be downloaded (HTTP %1).").arg(status),
                      status));
        return;
    }
    if (const QNetworkReply::NetworkError error = reply->error(); error != QNetworkReply::NoError) {
        fail(job,
             OpenAiErrorMapper::mapNetwork(error, false, error == QNetworkReply::OperationCanceledError));
        return;
    }
    job->parsed.result.images[job->downloading].bytes = job->body;
    if (job->parsed.needsDownload()) {
        download(job);
        return;
    }
    job->decode.setFuture(QtConcurrent::run(&OpenAiImagesResponse::checked, job->parsed));
}

void OpenAiProvider::decoded(Job *job, const ParsedImages &parsed)
{
    if (parsed.error.isError())
        fail(job, parsed.error);
    else if (parsed.needsDownload()) {
        job->parsed = parsed;
        download(job);
    } else
        complete(job, parsed.result);
}

void OpenAiProvider::checkRateLimit(QNetworkReply *reply)
{
    const auto header = [reply](const char *name) { return reply->rawHeader(name).trimmed(); };
    std::optional<qint64> waitMs;
    if (header("x-ratelimit-remaining-requests") == "0")
        waitMs = OpenAiImagesResponse::durationMs(header("x-ratelimit-reset-requests"));
    if (header("x-ratelimit-remaining-images") == "0") {
        QByteArray reset = header("x-ratelimit-reset-images");
        if (reset.isEmpty())
            reset = header("x-ratelimit-reset-requests");
        if (const auto imagesMs = OpenAiImagesResponse::durationMs(reset))
            waitMs = std::max(waitMs.value_or(0), *imagesMs);
    }
    if (waitMs)
        Q_EMIT throttled(*waitMs);
}

bool OpenAiProvider::isCurrent(const Job *job) const
{
    return m_jobs.value(job->job.generationId) == job;
}

void OpenAiProvider::fail(Job *job, GenerationError error)
{
    const qint64 id = job->job.generationId;
    detach(id);
    error.message = OpenAiErrorMapper::scrubSecrets(error.message);
    // The key itself, in case it does not look like an OpenAI key (a compatible server's own).
    if (const QString key = m_settings.apiKey.trimmed(); key.size() >= MinScrubbedKeyLength)
        error.message.replace(key, QStringLiteral("[redacted]"));
    qCInfo(lcOpenAi) << "generation" << id << "failed:" << categoryName(error.category) << error.httpStatus;
    Q_EMIT failed(id, error);
}

void OpenAiProvider::complete(Job *job, const ProviderResult &result)
{
    const qint64 id = job->job.generationId;
    detach(id);
    Q_EMIT finished(id, result);
}

void OpenAiProvider::detach(qint64 generationId)
{
    Job *job = m_jobs.take(generationId);
    if (!job)
        return;
    if (job->reply) {
        job->reply->disconnect(job);
        job->reply->abort();
    }
    // A build already running finishes in the pool; its result goes nowhere.
    job->build.cancel();
    job->decode.cancel();
    job->deleteLater();
}

} // namespace atelier
