#pragma once

#include "commandcontext.h"
#include "domain/generationrequest.h"
#include "domain/priority.h"

#include <QObject>

#include <memory>
#include <optional>

namespace atelier {
class ImageGenerationService;
}

namespace atelier::cli {

class CommandLine;
class GenerationWaiter;
class QueueFollower;
class QueueWorker;
class TerminalProgress;
class TransferCommands;

// The commands of atelier-cli that queue work (generate, batch, cancel, retry, more, run [--follow]) and the
// dispatch to the others, on top of ImageGenerationService only.
class CliCommands final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliCommands)
public:
    CliCommands(ImageGenerationService &service, const CommandLine &commandLine, QTextStream &out,
                QTextStream &err, bool interactive, QObject *parent = nullptr);
    ~CliCommands() override;

    // Runs the command. Gives the exit code when it is done at once; nothing when it goes on in the event
    // loop (waiting for generations), in which case finished() follows.
    std::optional<int> run();
    // SIGINT/SIGTERM: hand running work back to the queue and stop.
    void interrupt();

Q_SIGNALS:
    void finished(int exitCode);

private:
    // --priority, normal when not given; prints why not when it does not read.
    std::optional<Priority> requestedPriority();
    std::optional<int> generate();
    std::optional<int> batch();
    int cancel();
    std::optional<int> retry();
    std::optional<int> more();
    std::optional<int> runQueue();

    bool buildRequest(const QString &prompt, qint64 profileId, GenerationRequest *request);
    std::optional<int> waitFor(const QList<qint64> &ids);
    // status ID --follow (oneGeneration) and queue --follow: what changes, in any process, as it happens.
    std::optional<int> follow(bool oneGeneration);
    void onWaitEnded();

    std::unique_ptr<TerminalProgress> m_progress;
    CommandContext m_context;
    GenerationWaiter *m_waiter = nullptr;
    TransferCommands *m_transfer = nullptr;   // a running export
    QueueWorker *m_worker = nullptr;          // run --follow
    QueueFollower *m_follower = nullptr;      // status --follow, queue --follow
    QMetaObject::Connection m_stopWhenPaused; // run: ends once paused with nothing running here
};

} // namespace atelier::cli
