#include "scriptedprovider.h"

#include <QBuffer>
#include <QImage>
#include <QTimer>

namespace atelier::test {

ScriptedProvider::ScriptedProvider(QString id, QObject *parent) : Provider(parent), m_id(std::move(id)) {}

bool ScriptedProvider::isReady(QString *whyNot) const
{
    if (!m_ready && whyNot)
        *whyNot = m_whyNot;
    return m_ready;
}

void ScriptedProvider::setReady(bool ready, const QString &whyNot)
{
    m_ready = ready;
    m_whyNot = whyNot;
}

QByteArray ScriptedProvider::pngBytes()
{
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

void ScriptedProvider::start(const ProviderJob &job)
{
    m_started.append(job);
    const Outcome outcome = m_script.isEmpty() ? succeed() : m_script.dequeue();
    const qint64 id = job.generationId;
    switch (outcome.kind) {
    case Outcome::Kind::Hang:
        m_hanging.insert(id);
        break;
    case Outcome::Kind::Fail:
        // Like a real provider, the answer comes later, from the event loop.
        QTimer::singleShot(0, this, [this, id, error = outcome.error] { Q_EMIT failed(id, error); });
        break;
    case Outcome::Kind::Succeed: {
        ProviderResult result;
        for (int i = 0; i < job.request.imageCount; ++i)
            result.images.append({pngBytes(), QStringLiteral("png")});
        result.usage = outcome.usage;
        QTimer::singleShot(0, this, [this, id, result] { Q_EMIT finished(id, result); });
        break;
    }
    }
}

void ScriptedProvider::cancel(qint64 generationId)
{
    m_cancelled.append(generationId);
    m_hanging.remove(generationId);
}

void ScriptedProvider::finishHanging(qint64 generationId)
{
    if (!m_hanging.remove(generationId))
        return;
    ProviderResult result;
    result.images.append({pngBytes(), QStringLiteral("png")});
    Q_EMIT finished(generationId, result);
}

void ScriptedProvider::failHanging(qint64 generationId, const GenerationError &error)
{
    if (m_hanging.remove(generationId))
        Q_EMIT failed(generationId, error);
}

void ScriptedProvider::reportStep(qint64 generationId, int index, int count, const QString &step,
                                  const QByteArray &preview)
{
    ProviderProgress progress;
    progress.preview = preview;
    progress.stepIndex = index;
    progress.stepCount = count;
    progress.step = step;
    Q_EMIT progressed(generationId, progress);
}

QList<qint64> ScriptedProvider::startOrder() const
{
    QList<qint64> ids;
    for (const ProviderJob &job : m_started)
        ids.append(job.generationId);
    return ids;
}

} // namespace atelier::test
