#include "studiofixture.h"

#include <QDirIterator>
#include <QFile>

namespace atelier::test {

StudioFixture::StudioFixture(OfflineProvider::Options offlineOptions)
    : offline(offlineOptions),
      settingsFile(engine.dir.filePath(QStringLiteral("config/atelier.conf")), QSettings::IniFormat),
      preferences(settingsFile, QProcessEnvironment()), openAiProvider(engine.catalog, OpenAiSettings{}),
      openAi(secrets, preferences, openAiProvider), cloudinary(settingsFile, QProcessEnvironment()),
      uploader(engine.clock, CloudinarySettings{}),
      cloudSync(*engine.store, uploader, engine.clock, RetryPolicy(engine.settings.retry)),
      cloud(secrets, cloudinary, uploader, cloudSync), profile(*engine.service)
{
    // Thumbnails go to the shared cache: the test's own folder, never the developer's ~/.cache.
    qputenv("XDG_CACHE_HOME", engine.dir.filePath(QStringLiteral("cache")).toLocal8Bit());
    engine.service->addProvider(&offline);
    engine.service->setCloudSync(&cloudSync);
    profile.setId(engine.addProfile(QStringLiteral("Ana")));
}

StudioFixture::~StudioFixture()
{
    // Jobs still running end before the providers they run on go.
    engine.service->shutdown();
}

QStringList StudioFixture::filesHolding(const QByteArray &bytes) const
{
    QStringList found;
    QDirIterator it(engine.dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(bytes))
            found << file.fileName();
    }
    return found;
}

} // namespace atelier::test
