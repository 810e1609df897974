#include "queuefollower.h"

#include "commandcontext.h"
#include "engine/imagegenerationservice.h"
#include "reportformatter.h"

#include <QDateTime>
#include <QJsonDocument>

namespace atelier::cli {

namespace {

// Progress is printed when its step changes, or when it moved on by this many percent.
constexpr int kPercentStep = 10;

} // namespace

QueueFollower::QueueFollower(CommandContext &context, qint64 only, QObject *parent)
    : QObject(parent), m_context(context), m_only(only)
{}

void QueueFollower::start()
{
    ImageGenerationService &service = m_context.service;
    connect(&service, &ImageGenerationService::generationQueued, this, &QueueFollower::onQueued);
    connect(&service, &ImageGenerationService::generationStarted, this, &QueueFollower::onStarted);
    connect(&service, &ImageGenerationService::progressChanged, this, &QueueFollower::onProgress);
    connect(&service, &ImageGenerationService::generationRetrying, this, &QueueFollower::onRetrying);
    connect(&service, &ImageGenerationService::generationFinished, this, &QueueFollower::onEnded);
    connect(&service, &ImageGenerationService::generationFailed, this, &QueueFollower::onEnded);
    connect(&service, &ImageGenerationService::generationCancelled, this, &QueueFollower::onEnded);
    connect(&service, &ImageGenerationService::generationDeleted, this, &QueueFollower::onDeleted);
    connect(&service, &ImageGenerationService::generationSteered, this, &QueueFollower::onSteered);
    connect(&service, &ImageGenerationService::queuePausedChanged, this, [this](bool paused) {
        if (m_only == 0)
            print(paused ? QStringLiteral("queue_paused") : QStringLiteral("queue_resumed"), 0,
                  paused ? QStringLiteral("the queue is paused") : QStringLiteral("the queue runs again"));
    });
    connect(&service, &ImageGenerationService::changedElsewhere, this, &QueueFollower::onManyChanges);
    service.watch();
}

void QueueFollower::onQueued(const Generation &generation, int position)
{
    if (!follows(generation.id))
        return;
    print(QStringLiteral("queued"), generation.id,
          QStringLiteral("queued at position %1: %2").arg(position).arg(generation.request.prompt),
          {{QStringLiteral("position"), position},
           {QStringLiteral("generation"), ReportFormatter::toJson(generation)}});
}

void QueueFollower::onStarted(qint64 id, int attempt)
{
    if (!follows(id))
        return;
    m_shown.remove(id);
    print(QStringLiteral("started"), id, QStringLiteral("started (attempt %1)").arg(attempt),
          {{QStringLiteral("attempt"), attempt}});
}

void QueueFollower::onProgress(const Progress &progress)
{
    if (!follows(progress.generationId))
        return;
    const auto shown = m_shown.constFind(progress.generationId);
    if (shown != m_shown.cend() && shown->step == progress.step &&
        progress.percent - shown->percent < kPercentStep)
        return;
    m_shown.insert(progress.generationId, progress);
    QString text = QStringLiteral("%1%").arg(progress.percent);
    if (!progress.step.isEmpty())
        text += QLatin1Char(' ') + progress.step;
    if (progress.etaMs >= 0)
        text += QStringLiteral(", %1 left").arg(ReportFormatter::duration(progress.etaMs));
    print(QStringLiteral("progress"), progress.generationId, text,
          {{QStringLiteral("percent"), progress.percent},
           {QStringLiteral("step"), progress.step},
           {QStringLiteral("eta_ms"), progress.etaMs}});
}

void QueueFollower::onRetrying(qint64 id, int nextAttempt, qint64 delayMs, const GenerationError &error)
{
    if (!follows(id))
        return;
    print(QStringLiteral("retrying"), id,
          QStringLiteral("retrying in %1 (attempt %2): %3")
              .arg(ReportFormatter::duration(delayMs))
              .arg(nextAttempt)
              .arg(error.message),
          {{QStringLiteral("attempt"), nextAttempt},
           {QStringLiteral("delay_ms"), delayMs},
           {QStringLiteral("error"), error.message}});
}

void QueueFollower::onEnded(const Generation &generation)
{
    if (!follows(generation.id))
        return;
    m_shown.remove(generation.id);
    print(statusName(generation.status), generation.id, ReportFormatter::outcome(generation),
          {{QStringLiteral("generation"), ReportFormatter::toJson(generation)}});
    if (m_only != 0)
        Q_EMIT finished(generation.status == GenerationStatus::Completed ? Ok : Unsuccessful);
}

void QueueFollower::onSteered(const Generation &generation)
{
    if (!follows(generation.id))
        return;
    const int position = m_context.service.queuePosition(generation.id);
    const QString where =
        generation.held ? QStringLiteral("paused") : QStringLiteral("position %1").arg(position);
    print(QStringLiteral("steered"), generation.id,
          QStringLiteral("%1, %2 priority").arg(where, priorityName(generation.priority)),
          {{QStringLiteral("position"), position},
           {QStringLiteral("paused"), generation.held},
           {QStringLiteral("priority"), priorityName(generation.priority)}});
}

void QueueFollower::onManyChanges(bool everything)
{
    if (!everything)
        return;
    // Too much changed at once to be told job by job: the followed one is read again.
    if (m_only == 0) {
        print(QStringLiteral("many_changes"), 0,
              QStringLiteral("many jobs changed at once; 'atelier-cli queue' shows where they stand"));
        return;
    }
    const std::optional<Generation> generation = m_context.service.getGenerationStatus(m_only);
    if (!generation)
        onDeleted(m_only);
    else if (isTerminal(generation->status))
        onEnded(*generation);
}

void QueueFollower::onDeleted(qint64 id)
{
    if (!follows(id))
        return;
    print(QStringLiteral("deleted"), id, QStringLiteral("deleted"));
    if (m_only != 0)
        Q_EMIT finished(Unsuccessful);
}

void QueueFollower::print(const QString &event, qint64 id, const QString &text, QJsonObject json)
{
    const QDateTime now = QDateTime::currentDateTime();
    if (m_context.wantsJson()) {
        json.insert(QStringLiteral("event"), event);
        json.insert(QStringLiteral("id"), id);
        json.insert(QStringLiteral("at"), now.toUTC().toString(Qt::ISODateWithMs));
        // One object a line, so that a script can read each event as it comes.
        m_context.out << QJsonDocument(json).toJson(QJsonDocument::Compact) << Qt::endl;
        return;
    }
    m_context.out << now.toString(QStringLiteral("HH:mm:ss"))
                  << (id > 0 ? QStringLiteral("  #%1 ").arg(id) : QStringLiteral("  ")) << text << Qt::endl;
}

} // namespace atelier::cli
