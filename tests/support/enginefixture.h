#pragma once

#include "domain/modelcatalog.h"
#include "engine/enginesettings.h"
#include "engine/imagegenerationservice.h"
#include "manualclock.h"
#include "scriptedprovider.h"
#include "storage/imagelibrary.h"
#include "storage/store.h"

#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace atelier::test {

// A whole engine on a temporary folder: store, catalog, library, a manual clock and an "openai" provider,
// scripted unless a factory makes another one. Tests build one per case, so nothing leaks from one case into
// the next.
class EngineFixture
{
public:
    using ProviderFactory = std::function<std::unique_ptr<Provider>()>;

    explicit EngineFixture(EngineSettings settings = defaultSettings(), ProviderFactory makeProvider = {});
    ~EngineFixture();

    static EngineSettings defaultSettings();
    // Closes the engine and the store, then opens them again on the same files: what a restart does.
    void reopen();
    // A profile with `balance` tokens.
    qint64 addProfile(const QString &name, qint64 balance = 1000);
    GenerationRequest request(qint64 profileId,
                              const QString &prompt = QStringLiteral("a lighthouse at dusk"),
                              const QString &model = QStringLiteral("gpt-image-1")) const;
    qint64 balance(qint64 profileId) const { return store->ledger().balance(profileId); }
    Generation generation(qint64 id) const { return store->generation(id).value_or(Generation{}); }

    QTemporaryDir dir;
    EngineSettings settings;
    ModelCatalog catalog;
    ManualClock clock;
    std::unique_ptr<Store> store;
    std::unique_ptr<ImageLibrary> library;
    std::unique_ptr<Provider> engineProvider; // the one the service runs jobs on
    ScriptedProvider *provider = nullptr;     // engineProvider, when no factory was given
    std::unique_ptr<ImageGenerationService> service;

private:
    void build();

    ProviderFactory m_makeProvider;
};

} // namespace atelier::test
