#include "enginefixture.h"

#include <QTest>

namespace atelier::test {

EngineFixture::EngineFixture(EngineSettings engineSettings, ProviderFactory makeProvider)
    : settings(std::move(engineSettings)), catalog(ModelCatalog::builtIn()),
      m_makeProvider(std::move(makeProvider))
{
    build();
}

EngineFixture::~EngineFixture() = default;

EngineSettings EngineFixture::defaultSettings()
{
    EngineSettings settings;
    settings.initialGrant = 0;
    settings.retry.jitter = 0; // back-off delays are exact: 1 s, 2 s, 4 s
    return settings;
}

void EngineFixture::build()
{
    store = std::make_unique<Store>();
    const GenerationError error = store->open(dir.filePath(QStringLiteral("atelier.sqlite")));
    QVERIFY2(!error.isError(), qPrintable(error.message));
    store->setBusyTimeout(settings.busyTimeoutMs); // as EngineHost does
    library = std::make_unique<ImageLibrary>(dir.filePath(QStringLiteral("library")));
    if (m_makeProvider)
        engineProvider = m_makeProvider();
    else
        engineProvider = std::make_unique<ScriptedProvider>();
    provider = qobject_cast<ScriptedProvider *>(engineProvider.get());
    service = std::make_unique<ImageGenerationService>(*store, catalog, *library, clock, settings);
    service->addProvider(engineProvider.get());
}

void EngineFixture::reopen()
{
    service.reset();
    provider = nullptr;
    engineProvider.reset();
    store.reset();
    build();
}

qint64 EngineFixture::addProfile(const QString &name, qint64 balance)
{
    GenerationError error;
    const std::optional<Profile> profile = store->createProfile(name, balance, clock.nowMs(), &error);
    return profile ? profile->id : 0;
}

GenerationRequest EngineFixture::request(qint64 profileId, const QString &prompt, const QString &model) const
{
    GenerationRequest request;
    request.profileId = profileId;
    request.prompt = prompt;
    request.model = model;
    request.quality = QStringLiteral("medium");
    return request;
}

} // namespace atelier::test
