#include "enginehost.h"

namespace atelier {

EngineHost::EngineHost(DataPaths paths, const OpenAiSettings &openAi, EngineSettings settings)
    : m_paths(std::move(paths)), m_settings(std::move(settings)),
      m_library(m_paths.libraryDir, m_settings.thumbnailsOnSave ? ImageLibrary::Thumbnails::OnSave
                                                                : ImageLibrary::Thumbnails::OnDemand),
      m_openAi(m_catalog, openAi)
{
    // Tests and scripts that kill a process shorten the wait for its jobs; not a preference, since every
    // process must renew well within its own lease. At least 2 s: a heartbeat every third of it must fit
    // between SQLite's lock waits and a busy event loop, or a live process loses its jobs.
    bool ok = false;
    const double seconds = qEnvironmentVariable("ATELIER_LEASE_SECONDS").toDouble(&ok);
    if (ok && seconds >= 2 && seconds <= 3600)
        m_settings.leaseMs = qint64(seconds * 1000);
}

EngineHost::~EngineHost() = default;

GenerationError EngineHost::open(const QString &actor)
{
    if (const GenerationError error = m_store.open(m_paths.databasePath()); error.isError())
        return error;
    m_store.setActor(actor);
    m_store.setBusyTimeout(m_settings.busyTimeoutMs); // opening and migrating wait the full 5 s
    m_service = std::make_unique<ImageGenerationService>(m_store, m_catalog, m_library, m_clock, m_settings);
    m_service->addProvider(&m_offline);
    m_service->addProvider(&m_openAi);
    m_service->setCloudSync(&m_cloudSync);
    return {};
}

} // namespace atelier
