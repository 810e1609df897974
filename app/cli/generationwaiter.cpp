#include "generationwaiter.h"

#include "engine/imagegenerationservice.h"
#include "reportformatter.h"
#include "terminalprogress.h"

namespace atelier::cli {

GenerationWaiter::GenerationWaiter(ImageGenerationService &service, TerminalProgress &progress, bool quiet,
                                   QObject *parent)
    : QObject(parent), m_service(service), m_progress(progress), m_quiet(quiet)
{
    connect(&service, &ImageGenerationService::progressChanged, this, [this](const Progress &progress) {
        if (!isWatching(progress.generationId))
            return;
        m_latest.insert(progress.generationId, progress);
        redraw();
    });
    connect(&service, &ImageGenerationService::queuePositionsChanged, this, &GenerationWaiter::redraw);
    connect(&service, &ImageGenerationService::generationStarted, this, [this](qint64 id, int attempt) {
        if (isWatching(id) && attempt > 1 && !m_quiet)
            m_progress.print(QStringLiteral("#%1 attempt %2 started").arg(id).arg(attempt));
    });
    connect(&service, &ImageGenerationService::generationRetrying, this,
            [this](qint64 id, int nextAttempt, qint64 delayMs, const GenerationError &error) {
                if (isWatching(id) && !m_quiet)
                    m_progress.print(QStringLiteral("#%1 %2 Attempt %3 in %4.")
                                         .arg(id)
                                         .arg(error.message)
                                         .arg(nextAttempt)
                                         .arg(ReportFormatter::duration(delayMs)));
            });
    connect(&service, &ImageGenerationService::generationFinished, this, &GenerationWaiter::onEnded);
    connect(&service, &ImageGenerationService::generationFailed, this, &GenerationWaiter::onEnded);
    connect(&service, &ImageGenerationService::generationCancelled, this, &GenerationWaiter::onEnded);
    // Ends elsewhere are announced one by one, unless too much changed at once to tell.
    connect(&service, &ImageGenerationService::changedElsewhere, this, [this](bool everything) {
        if (everything)
            catchUp();
    });
}

void GenerationWaiter::watch(qint64 id)
{
    if (isWatching(id))
        return;
    m_order.append(id);
    // It may have ended before anyone listened (another process finished it).
    if (const auto generation = m_service.getGenerationStatus(id);
        generation && isTerminal(generation->status))
        m_ended.insert(id, *generation);
}

QList<Generation> GenerationWaiter::results() const
{
    QList<Generation> list;
    for (const qint64 id : m_order) {
        if (m_ended.contains(id))
            list.append(m_ended.value(id));
    }
    return list;
}

int GenerationWaiter::unsuccessfulCount() const
{
    int count = 0;
    for (const Generation &generation : m_ended) {
        if (generation.status != GenerationStatus::Completed)
            ++count;
    }
    return count;
}

void GenerationWaiter::forgetEnded()
{
    m_order.removeIf([this](qint64 id) { return m_ended.contains(id); });
    m_ended.clear();
}

void GenerationWaiter::onEnded(const Generation &generation)
{
    if (!isWatching(generation.id) || m_ended.contains(generation.id))
        return;
    m_ended.insert(generation.id, generation);
    m_latest.remove(generation.id);
    if (!m_quiet) {
        const QString line =
            QStringLiteral("#%1 %2").arg(generation.id).arg(ReportFormatter::outcome(generation));
        m_progress.print(line.trimmed());
    }
    Q_EMIT generationEnded(generation);
    redraw();
    if (allEnded()) {
        m_progress.clear();
        Q_EMIT ended();
    }
}

void GenerationWaiter::catchUp()
{
    const QList<qint64> watched = m_order;
    for (const qint64 id : watched) {
        if (m_ended.contains(id))
            continue;
        if (const auto generation = m_service.getGenerationStatus(id);
            generation && isTerminal(generation->status))
            onEnded(*generation);
    }
}

void GenerationWaiter::redraw()
{
    if (m_quiet || allEnded())
        return;
    // The first watched job that has not ended is the one shown in detail.
    qint64 current = 0;
    for (const qint64 id : m_order) {
        if (!m_ended.contains(id)) {
            current = id;
            break;
        }
    }
    QString line;
    if (m_order.size() > 1)
        line = QStringLiteral("%1 of %2 done · ").arg(m_ended.size()).arg(m_order.size());
    const int position = m_service.queuePosition(current);
    const qint64 remaining = m_service.estimatedTimeRemainingMs(current);
    // Under a second the estimate says nothing a person can act on.
    const QString left = remaining >= 1000
                             ? QStringLiteral(" · about %1 left").arg(ReportFormatter::duration(remaining))
                         : remaining >= 0 ? QStringLiteral(" · almost done")
                                          : QString();
    if (position > 0) {
        line +=
            QStringLiteral("#%1 waiting, position %2 in the queue%3").arg(current).arg(position).arg(left);
    } else if (m_latest.contains(current)) {
        const Progress &progress = m_latest[current];
        line += QStringLiteral("#%1 %2 %3% %4%5")
                    .arg(current)
                    .arg(TerminalProgress::bar(progress.percent))
                    .arg(progress.percent, 3)
                    .arg(progress.step, left);
    } else {
        line += QStringLiteral("#%1 starting").arg(current);
    }
    m_progress.setStatus(line);
}

} // namespace atelier::cli
