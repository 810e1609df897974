#pragma once

#include "commandcontext.h"
#include "domain/exportreport.h"
#include "domain/importreport.h"
#include "domain/stoptoken.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>
#include <optional>

namespace atelier::cli {

class TerminalProgress;

// `export` (images of chosen generations into a folder or a zip archive, or the history as CSV or JSON) and
// `import` (a folder of PNGs with their parameters into the history). Progress goes to stderr, and only
// when stdout is a terminal, so that what a script reads stays clean.
class TransferCommands final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferCommands)
public:
    explicit TransferCommands(CommandContext &context, QObject *parent = nullptr);
    ~TransferCommands() override;

    // The exit code when done at once (refused, or finished already); nothing while the export goes on in the
    // event loop, in which case finished() follows.
    std::optional<int> exportCommand();
    int importCommand();
    // SIGINT/SIGTERM: a running export stops; finished() follows once it has removed what it wrote.
    void interrupt();

Q_SIGNALS:
    void finished(int exitCode);

private:
    std::optional<int> exportGenerations();
    std::optional<int> exportHistory();
    std::optional<int> follow(const QFuture<ExportReport> &future, const QString &what);
    int reportExport(const ExportReport &report);
    int reportImport(const ImportReport &report, const QString &profileName);
    // The options that belong to the other kind of export, for a clear refusal.
    bool refuseOptions(const QStringList &names, const QString &why);

    CommandContext &m_context;
    std::unique_ptr<TerminalProgress> m_status; // on stderr; only when stdout is a terminal
    QFutureWatcher<ExportReport> m_watcher;
    StopToken m_stop; // Ctrl+C asks the export to stop and take back what it wrote
};

} // namespace atelier::cli
