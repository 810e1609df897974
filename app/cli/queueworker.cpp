#include "queueworker.h"

#include "commandcontext.h"
#include "engine/imagegenerationservice.h"
#include "generationwaiter.h"
#include "reportformatter.h"
#include "terminalprogress.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace atelier::cli {

QueueWorker::QueueWorker(CommandContext &context, QObject *parent) : QObject(parent), m_context(context)
{
    ImageGenerationService &service = context.service;
    // Before the waiter's own handler, so that a job first heard of on a later attempt already says so.
    connect(&service, &ImageGenerationService::generationStarted, this, &QueueWorker::onGenerationStarted);
    m_waiter = new GenerationWaiter(service, context.progress, context.wantsJson(), this);
    connect(m_waiter, &GenerationWaiter::generationEnded, this, &QueueWorker::onGenerationEnded);
    // A worker runs for days: once all it watched has ended, it counts afresh.
    connect(m_waiter, &GenerationWaiter::ended, m_waiter, &GenerationWaiter::forgetEnded);
    connect(&service, &ImageGenerationService::idle, this, &QueueWorker::onIdle);
}

void QueueWorker::start()
{
    // Loads the queue (what any process left pending) and looks for new work until shut down.
    m_context.service.start();
}

void QueueWorker::onGenerationStarted(qint64 id)
{
    if (!m_context.service.runsHere(id))
        return; // started by another process: its end is that process's to tell
    m_idleAnnounced = false;
    m_waiter->watch(id);
}

void QueueWorker::onGenerationEnded(const Generation &generation)
{
    if (m_context.wantsJson())
        m_context.out << QJsonDocument(ReportFormatter::toJson(generation)).toJson(QJsonDocument::Compact)
                      << Qt::endl;
}

void QueueWorker::onIdle()
{
    if (m_idleAnnounced)
        return;
    m_idleAnnounced = true;
    const QString line = QStringLiteral("Waiting for work (Ctrl+C to stop).");
    // With --json standard output holds only the results, a JSON object a line.
    if (m_context.wantsJson())
        m_context.err << line << Qt::endl;
    else
        m_context.progress.print(line);
}

} // namespace atelier::cli
