#pragma once

#include "cloud/cloudinaryuploader.h"
#include "domain/clock.h"
#include "domain/generationerror.h"
#include "domain/modelcatalog.h"
#include "engine/cloudsync.h"
#include "engine/datapaths.h"
#include "engine/enginesettings.h"
#include "engine/imagegenerationservice.h"
#include "providers/offline/offlineprovider.h"
#include "providers/openai/openaiprovider.h"
#include "storage/imagelibrary.h"
#include "storage/store.h"

#include <memory>

namespace atelier {

// The engine as a program runs it, built in order: the store on the data folder, the catalog, the library,
// the providers, the cloud uploader and the service. The window and atelier-cli each build one in main().
class EngineHost final
{
    Q_DISABLE_COPY_MOVE(EngineHost)
public:
    EngineHost(DataPaths paths, const OpenAiSettings &openAi, EngineSettings settings);
    ~EngineHost();

    // Opens the database; on failure says why (Storage) and there is no service.
    GenerationError open(const QString &actor);

    const DataPaths &paths() const { return m_paths; }
    const ModelCatalog &catalog() const { return m_catalog; }
    ImageGenerationService &service() { return *m_service; }
    OpenAiProvider &openAi() { return m_openAi; }
    CloudinaryUploader &uploader() { return m_uploader; }
    CloudSync &cloudSync() { return m_cloudSync; }

private:
    DataPaths m_paths;
    EngineSettings m_settings;
    Store m_store;
    const ModelCatalog m_catalog = ModelCatalog::builtIn();
    const ImageLibrary m_library;
    SystemClock m_clock;
    OfflineProvider m_offline;
    OpenAiProvider m_openAi;
    CloudinaryUploader m_uploader{m_clock, CloudinarySettings{}};
    CloudSync m_cloudSync{m_store, m_uploader, m_clock, RetryPolicy(m_settings.retry)};
    std::unique_ptr<ImageGenerationService> m_service;
};

} // namespace atelier
