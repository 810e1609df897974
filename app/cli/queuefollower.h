#pragma once

#include "domain/generation.h"
#include "domain/progress.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

namespace atelier::cli {

class CommandContext;

// `queue --follow` and `status ID --follow`: a line for each thing that happens to the queue's jobs, in this
// process or in any other on the same data folder (the window, atelier-cli run), as it happens; with --json
// one JSON object a line. Runs no job itself. Following one generation ends when it has ended.
class QueueFollower final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueFollower)
public:
    // `only` 0 follows every job; otherwise that generation alone.
    QueueFollower(CommandContext &context, qint64 only, QObject *parent = nullptr);

    // Starts watching the database; finished() follows when the followed generation has ended, never when
    // following the whole queue.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    bool follows(qint64 id) const { return m_only == 0 || id == m_only; }
    void onQueued(const Generation &generation, int position);
    void onStarted(qint64 id, int attempt);
    void onProgress(const Progress &progress);
    void onRetrying(qint64 id, int nextAttempt, qint64 delayMs, const GenerationError &error);
    void onEnded(const Generation &generation);
    void onDeleted(qint64 id);
    void onSteered(const Generation &generation);
    // Another process changed more than can be told one by one.
    void onManyChanges(bool everything);
    // One event: the text line, or the JSON object with "event" and "at" added.
    void print(const QString &event, qint64 id, const QString &text, QJsonObject json = {});

    CommandContext &m_context;
    const qint64 m_only;
    QHash<qint64, Progress> m_shown; // the last progress printed per generation
};

} // namespace atelier::cli
