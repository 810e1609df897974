#include "offlineprovider.h"

#include "offlinerenderer.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>

namespace atelier {

namespace {

constexpr int StepCount = 4;
constexpr QSize DefaultSize(1024, 1024);
// Larger requests are taken for mistakes rather than allocating gigabytes.
constexpr int MaxEdge = 8192;

QSize parseSize(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('x'), Qt::KeepEmptyParts, Qt::CaseInsensitive);
    if (parts.size() != 2)
        return DefaultSize;
    bool widthOk = false;
    bool heightOk = false;
    const int width = parts.at(0).toInt(&widthOk);
    const int height = parts.at(1).toInt(&heightOk);
    if (!widthOk || !heightOk || width < 1 || height < 1 || width > MaxEdge || height > MaxEdge)
        return DefaultSize;
    return {width, height};
}

quint32 seedFor(const ProviderJob &job, const QString &prompt)
{
    bool ok = false;
    const uint seed = job.request.parameters.value(QStringLiteral("seed")).toUInt(&ok);
    return ok ? seed : OfflineRenderer::promptHash(prompt);
}

} // namespace

struct OfflineProvider::Running : QObject
{
    using QObject::QObject;

    QTimer steps;
    QFutureWatcher<QByteArray> render;
    int stepsReported = 0;
    bool rendered = false;
    QList<QByteArray> images;
};

OfflineProvider::OfflineProvider(Options options, QObject *parent) : Provider(parent), m_options(options) {}

OfflineProvider::~OfflineProvider()
{
    // Renders still in the pool stop before their next image; their results go nowhere, as the watchers die
    // with this object.
    for (Running *running : std::as_const(m_running))
        running->render.cancel();
}

QString OfflineProvider::displayName() const
{
    return tr("Offline preview (no AI)");
}

bool OfflineProvider::isReady(QString *whyNot) const
{
    if (whyNot)
        whyNot->clear();
    return true;
}

void OfflineProvider::start(const ProviderJob &job)
{
    const qint64 id = job.generationId;
    // A new attempt of a job still running replaces it.
    detach(id);
    auto *running = new Running(this);
    m_running.insert(id, running);

    const int count = std::max(1, job.request.imageCount);
    if (m_options.render) {
        const QString prompt = job.request.fullPrompt();
        const quint32 seed = seedFor(job, prompt);
        const QSize size = parseSize(job.size);
        const QString quality = job.request.quality;
        // Each slot checks that it still belongs to the job it was made for: an id can be started again.
        connect(&running->render, &QFutureWatcherBase::finished, running, [this, id, running] {
            if (m_running.value(id) == running)
                collect(id);
        });
        running->render.setFuture(
            QtConcurrent::run(QThreadPool::globalInstance(), [prompt, seed, size, quality,
                                                              count](QPromise<QByteArray> &promise) {
                for (int k = 0; k < count && !promise.isCanceled(); ++k)
                    promise.addResult(OfflineRenderer::renderPng(prompt, seed + quint32(k), size, quality));
            }));
    } else {
        running->rendered = true;
        for (int k = 0; k < count; ++k)
            running->images.append(OfflineRenderer::placeholderPng());
    }

    connect(&running->steps, &QTimer::timeout, running, [this, id, running] {
        if (m_running.value(id) == running)
            advance(id);
    });
    running->steps.start(std::max(0, m_options.stepDelayMs));
}

void OfflineProvider::cancel(qint64 generationId)
{
    if (Running *running = detach(generationId))
        running->render.cancel();
}

void OfflineProvider::advance(qint64 generationId)
{
    Running *running = m_running.value(generationId);
    const int index = ++running->stepsReported;
    if (index >= StepCount)
        running->steps.stop();

    static const char *const names[StepCount] = {
        QT_TR_NOOP("Composing the scene"),
        QT_TR_NOOP("Painting shapes"),
        QT_TR_NOOP("Adding detail"),
        QT_TR_NOOP("Encoding the image"),
    };
    ProviderProgress progress;
    progress.stepIndex = index;
    progress.stepCount = StepCount;
    progress.step = tr(names[index - 1]);
    Q_EMIT progressed(generationId, progress);

    // Whoever received the signal may have cancelled the job, or started it again.
    if (index == StepCount && m_running.value(generationId) == running && running->rendered)
        complete(generationId);
}

void OfflineProvider::collect(qint64 generationId)
{
    Running *running = m_running.value(generationId);
    running->rendered = true;
    running->images = running->render.future().results();
    if (running->stepsReported >= StepCount)
        complete(generationId);
}

void OfflineProvider::complete(qint64 generationId)
{
    Running *running = detach(generationId);
    const bool drawn = std::none_of(running->images.cbegin(), running->images.cend(),
                                    [](const QByteArray &png) { return png.isEmpty(); });
    if (running->images.isEmpty() || !drawn) {
        Q_EMIT failed(generationId, GenerationError::make(GenerationError::Category::Internal,
                                                          tr("The offline preview could not be drawn.")));
        return;
    }
    ProviderResult result;
    for (const QByteArray &png : std::as_const(running->images))
        result.images.append({png, QStringLiteral("png")});
    Q_EMIT finished(generationId, result);
}

OfflineProvider::Running *OfflineProvider::detach(qint64 generationId)
{
    Running *running = m_running.take(generationId);
    if (!running)
        return nullptr;
    running->steps.stop();
    // Later, not now: this may run inside one of the job's own signals.
    running->deleteLater();
    return running;
}

} // namespace atelier
