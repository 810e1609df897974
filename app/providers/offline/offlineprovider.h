#pragma once

#include "providers/provider.h"

#include <QHash>
#include <QPointer>

namespace atelier {

// "Offline preview (no AI)": renders a deterministic picture from the prompt and a seed, off the GUI thread,
// and walks through a few named steps so the queue, progress and ledger can be tried without any account.
class OfflineProvider final : public Provider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OfflineProvider)
public:
    struct Options
    {
        int stepDelayMs = 150; // pause between the reported steps; 0 reports them as fast as it renders
        bool render = true;    // false: hand back a tiny fixed PNG (benchmarks of the engine itself)
    };

    explicit OfflineProvider(Options options, QObject *parent = nullptr);
    explicit OfflineProvider(QObject *parent = nullptr) : OfflineProvider(Options{}, parent) {}
    ~OfflineProvider() override;

    QString id() const override { return QStringLiteral("offline"); }
    QString displayName() const override;
    bool isReady(QString *whyNot) const override;
    void start(const ProviderJob &job) override;
    void cancel(qint64 generationId) override;

private:
    struct Running;
    void advance(qint64 generationId);
    // The render of a job is done: its images are kept until the last step has been reported.
    void collect(qint64 generationId);
    void complete(qint64 generationId);
    // Forgets a job: nothing more is reported for it. Returns it (deleted later) or null when unknown.
    Running *detach(qint64 generationId);

    Options m_options;
    QHash<qint64, Running *> m_running;
};

} // namespace atelier
