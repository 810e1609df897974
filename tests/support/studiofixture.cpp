#include "studiofixture.h"

#include "filesholding.h"

#include <QSignalSpy>

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

Generation StudioFixture::makeOffline(const QString &prompt, int images)
{
    QSignalSpy finished(&service(), &ImageGenerationService::generationFinished);
    GenerationRequest request = engine.request(profile.id(), prompt, QStringLiteral("offline"));
    request.imageCount = images;
    const qint64 id = service().generateImage(request).id;
    if (!finished.wait(10000))
        return {};
    return engine.generation(id);
}

QStringList StudioFixture::filesHolding(const QByteArray &bytes) const
{
    return test::filesHolding(engine.dir.path(), bytes);
}

} // namespace atelier::test
