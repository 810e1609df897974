#pragma once

#include "commandcontext.h"

#include <QObject>
#include <QSet>

#include <optional>

namespace atelier {
struct Generation;
}

namespace atelier::cli {

// `upload ID...`: copies completed generations to the cloud (again), waits for every copy to settle and
// prints where each went or why it did not.
class UploadCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadCommand)
public:
    explicit UploadCommand(CommandContext &context, QObject *parent = nullptr);

    // The exit code when it is done at once; nothing when it waits, in which case finished() follows.
    std::optional<int> run();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onChanged(const atelier::Generation &generation);

    CommandContext &m_context;
    QSet<qint64> m_waiting;
    int m_failed = 0;
};

} // namespace atelier::cli
