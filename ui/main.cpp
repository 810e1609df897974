#include "currentprofile.h"
#include "engine/cloudaccess.h"
#include "engine/datapaths.h"
#include "engine/enginehost.h"
#include "engine/openaiaccess.h"
#include "engine/settingsstores.h"
#include "mainwindow.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTranslator>

using namespace atelier;

namespace {
// Says why in a window of its own and ends the program with exit status 3 once it is closed.
int cannotStart(const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Critical, QObject::tr("Atelier cannot start"), message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(box, &QMessageBox::finished, box, [] { QCoreApplication::exit(3); });
    box->open();
    return QApplication::exec();
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // atelier-cli uses the same names: one settings file, one keychain entry.
    QApplication::setOrganizationName(QStringLiteral("Atelier"));
    QApplication::setApplicationName(QStringLiteral("atelier"));
    QApplication::setApplicationDisplayName(QStringLiteral("Atelier"));
    QApplication::setApplicationVersion(QStringLiteral(ATELIER_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.atelier.Atelier"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/atelier.svg")));
    // Atelier's catalogues are compiled in (translations/), Qt's own come with Qt; for a language without one
    // the English source text stays.
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("atelier"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QSettings settingsFile;
    StudioSettings settings(settingsFile);
    SettingsStores stores(settingsFile);
    OpenAiPreferences &preferences = stores.openAi;
    KeychainSecretStore &keychain = stores.keychain;

    // The environment wins over the saved folder, as in atelier-cli, so scripts and tests choose their own.
    const QString libraryFolder =
        qEnvironmentVariableIsSet("ATELIER_LIBRARY_DIR") ? QString() : settings.libraryFolder();
    EngineSettings engineSettings;
    engineSettings.limits = settings.queueLimits();
    engineSettings.trashDays = stores.trash.days();
    engineSettings.thumbnailsOnSave = true;
    engineSettings.busyTimeoutMs = 100; // this thread paints: it never waits long for another process
    EngineHost host(DataPaths::resolve({}, libraryFolder), preferences.effective(), engineSettings);
    if (const GenerationError error = host.open(QStringLiteral("desktop")); error.isError())
        return cannotStart(error.message);
    ImageGenerationService &service = host.service();

    CurrentProfile profile(service);
    std::optional<Profile> chosen = service.profile(settings.currentProfile());
    if (!chosen) {
        GenerationError error;
        chosen = service.defaultProfile(&error);
        if (!chosen)
            return cannotStart(error.message);
    }
    profile.setId(chosen->id);
    QObject::connect(&profile, &CurrentProfile::changedTo, &profile,
                     [&settings](qint64 id) { settings.setCurrentProfile(id); });

    OpenAiAccess openAi(keychain, preferences, host.openAi());
    CloudAccess cloud(keychain, stores.cloudinary, host.uploader(), host.cloudSync());
    StudioContext context{service, settings, openAi, cloud, profile};
    MainWindow window(context);
    window.show();
    // The queue waits for the keychain's first answers: jobs left from the last session would otherwise start
    // before the key is known and fail as if there were none, and unfinished uploads before the secret is.
    bool started = false;
    const auto startOnce = [&] {
        if (!started && !openAi.isBusy() && !cloud.isBusy()) {
            started = true;
            service.start();
        }
    };
    QObject::connect(&openAi, &OpenAiAccess::changed, &service, startOnce);
    QObject::connect(&cloud, &CloudAccess::changed, &service, startOnce);
    openAi.load();
    cloud.load();
    startOnce();
    const int code = QApplication::exec();
    // Running jobs go back to the queue uncharged; the next start takes them up.
    service.shutdown();
    return code;
}
