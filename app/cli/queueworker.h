#pragma once

#include "domain/generation.h"

#include <QObject>

namespace atelier::cli {

class CommandContext;
class GenerationWaiter;

// `atelier-cli run --follow`: a worker on the shared queue. Runs what is pending, then whatever any process
// (the window, other atelier-cli) queues on the same data folder as the engine picks it up; prints a line as
// each job it ran ends (with --json, one JSON object a line) and says when it waits for work. It never ends
// on its own: SIGINT or SIGTERM stops the program, which hands running jobs back (CliCommands::interrupt).
class QueueWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueWorker)
public:
    explicit QueueWorker(CommandContext &context, QObject *parent = nullptr);

    // Starts the engine; the work goes on in the event loop.
    void start();

private:
    void onGenerationStarted(qint64 id);
    void onGenerationEnded(const Generation &generation);
    // Nothing is pending or running here: said once each time the queue runs dry.
    void onIdle();

    CommandContext &m_context;
    GenerationWaiter *m_waiter = nullptr;
    bool m_idleAnnounced = false;
};

} // namespace atelier::cli
