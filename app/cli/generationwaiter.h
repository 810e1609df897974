#pragma once

#include "domain/generation.h"
#include "domain/progress.h"

#include <QHash>
#include <QList>
#include <QObject>

namespace atelier {
class ImageGenerationService;
}

namespace atelier::cli {

class TerminalProgress;

// Follows a set of generations until each has ended, telling the terminal what happens to them.
class GenerationWaiter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GenerationWaiter)
public:
    GenerationWaiter(ImageGenerationService &service, TerminalProgress &progress, bool quiet,
                     QObject *parent = nullptr);

    void watch(qint64 id);
    bool isWatching(qint64 id) const { return m_order.contains(id); }
    bool allEnded() const { return m_ended.size() == m_order.size(); }
    // The ended generations in the order they were watched.
    QList<Generation> results() const;
    int unsuccessfulCount() const;
    // Stops watching the generations that ended (a worker that runs for days starts its count again).
    void forgetEnded();

Q_SIGNALS:
    // One watched generation ended; its line is printed (unless quiet).
    void generationEnded(const atelier::Generation &generation);
    // Every watched generation has ended.
    void ended();

private:
    void onEnded(const Generation &generation);
    // Another process may have ended some of them: this one hears of its own jobs only.
    void catchUp();
    void redraw();

    ImageGenerationService &m_service;
    TerminalProgress &m_progress;
    bool m_quiet;
    QList<qint64> m_order;
    QHash<qint64, Progress> m_latest;
    QHash<qint64, Generation> m_ended;
};

} // namespace atelier::cli
