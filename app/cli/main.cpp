#include "clicommands.h"
#include "commandline.h"
#include "configcommand.h"
#include "engine/cloudaccess.h"
#include "engine/datapaths.h"
#include "engine/enginehost.h"
#include "engine/openaiaccess.h"
#include "engine/settingsstores.h"
#include "keycommand.h"
#include "signalwatcher.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QSettings>
#include <QTextStream>

#include <unistd.h>

using namespace atelier;

int main(int argc, char *argv[])
{
    // The offline preview paints text, which needs a GUI application; the CLI never shows a window.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // A headless login has no XDG_RUNTIME_DIR; Qt then uses /tmp/runtime-$USER but warns on every run, which
    // would bury the one line a failing command prints. Make the same choice quietly.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QByteArray runtimeDir = "/tmp/runtime-" + qgetenv("USER").replace('/', '_');
        if (QDir().mkpath(QString::fromLocal8Bit(runtimeDir)) &&
            QFile::setPermissions(QString::fromLocal8Bit(runtimeDir),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
            qputenv("XDG_RUNTIME_DIR", runtimeDir);
    }
    QGuiApplication app(argc, argv);
    // The engine's informational lines are for the log of the desktop app, not for a terminal;
    // QT_LOGGING_RULES still turns them on.
    QLoggingCategory::setFilterRules(QStringLiteral("atelier.*.debug=false\natelier.*.info=false"));
    // The desktop app uses the same names, so both read one settings file and one keychain entry.
    QGuiApplication::setOrganizationName(QStringLiteral("Atelier"));
    QGuiApplication::setApplicationName(QStringLiteral("atelier"));
    QGuiApplication::setApplicationVersion(QStringLiteral(ATELIER_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    cli::CommandLine commandLine;
    QString parseError;
    if (!commandLine.parse(QGuiApplication::arguments(), &parseError)) {
        err << "atelier-cli: " << parseError << " Try 'atelier-cli help'." << Qt::endl;
        return cli::BadInput;
    }
    if (commandLine.command() == QLatin1String("help")) {
        out << cli::CommandLine::helpText() << Qt::endl;
        return cli::Ok;
    }
    if (commandLine.command() == QLatin1String("version")) {
        out << "atelier-cli " << QGuiApplication::applicationVersion() << Qt::endl;
        return cli::Ok;
    }

    QSettings settingsFile;
    SettingsStores stores(settingsFile);
    OpenAiPreferences &preferences = stores.openAi;
    if (commandLine.command() == QLatin1String("config"))
        return cli::ConfigCommand(stores, commandLine, out, err).run();
    KeychainSecretStore &keychain = stores.keychain;
    if (commandLine.command() == QLatin1String("key"))
        return cli::KeyCommand(keychain, stores.cloudinary, commandLine, out, err).run();

    const DataPaths paths = DataPaths::resolve(commandLine.value(QStringLiteral("data-dir")),
                                               commandLine.value(QStringLiteral("library-dir")));
    OpenAiSettings openAiSettings = preferences.effective();
    // Only the commands that may run jobs ask the keychain, so that a report never waits on it.
    static const QStringList runsJobs{QStringLiteral("generate"), QStringLiteral("batch"),
                                      QStringLiteral("retry"), QStringLiteral("run"),
                                      QStringLiteral("upload")};
    if (runsJobs.contains(commandLine.command()))
        openAiSettings.apiKey = cli::KeyCommand::loadKey(keychain, &openAiSettings.keyProblem);
    EngineSettings engineSettings;
    engineSettings.limits = stores.queue.limits();
    engineSettings.trashDays = stores.trash.days();
    EngineHost host(paths, openAiSettings, engineSettings);
    if (const GenerationError error = host.open(QStringLiteral("cli")); error.isError()) {
        err << "atelier-cli: " << error.message << Qt::endl;
        return cli::StorageError;
    }
    ImageGenerationService &service = host.service();
    // The Cloudinary account, for the commands that may upload (new results, or `upload` itself) or destroy
    // copies (deleting for good names them as the account does).
    CloudAccess cloud(keychain, stores.cloudinary, host.uploader(), host.cloudSync());
    static const QStringList destroysCopies{QStringLiteral("delete"), QStringLiteral("trash")};
    if (destroysCopies.contains(commandLine.command()))
        cli::KeyCommand::awaitLoaded(cloud);
    if (runsJobs.contains(commandLine.command())) {
        cli::KeyCommand::awaitLoaded(cloud);
        // Said once before any work: the results will stay on this computer only.
        const QString problem = cloud.accountProblem();
        if (stores.cloudinary.uploadsEnabled() && !problem.isEmpty() &&
            commandLine.command() != QLatin1String("upload"))
            err << "atelier-cli: cloud uploads are on but cannot run, so results stay on this computer: "
                << problem << Qt::endl;
    }

    cli::CliCommands commands(service, commandLine, out, err, ::isatty(STDOUT_FILENO) == 1);
    if (const std::optional<int> code = commands.run())
        return *code;
    // Only now is there running work to hand back; until here Ctrl+C simply ends the program.
    cli::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &cli::SignalWatcher::interrupted, &commands,
                     &cli::CliCommands::interrupt);
    QObject::connect(&commands, &cli::CliCommands::finished, &app,
                     [](int code) { QCoreApplication::exit(code); });
    return QGuiApplication::exec();
}
