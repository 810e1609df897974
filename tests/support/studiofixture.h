#pragma once

#include "cloud/cloudinarypreferences.h"
#include "cloud/cloudinaryuploader.h"
#include "currentprofile.h"
#include "engine/cloudaccess.h"
#include "engine/cloudsync.h"
#include "engine/openaiaccess.h"
#include "enginefixture.h"
#include "providers/offline/offlineprovider.h"
#include "providers/openai/openaipreferences.h"
#include "providers/openai/openaiprovider.h"
#include "secrets/memorysecretstore.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QSettings>

namespace atelier::test {

// What the window is built on, over a temporary folder: the engine of EngineFixture (a scripted "openai"
// provider and a manual clock) with the offline preview beside it, settings in a file of the test's own, a
// keychain in memory, an uploader without an account, and a profile named "Ana" with 1000 tokens as the
// current one.
class StudioFixture
{
public:
    explicit StudioFixture(OfflineProvider::Options offlineOptions = {0, true});
    ~StudioFixture();

    EngineFixture engine;
    OfflineProvider offline;
    QSettings settingsFile;
    StudioSettings settings{settingsFile};
    OpenAiPreferences preferences;
    MemorySecretStore secrets;
    OpenAiProvider openAiProvider;
    OpenAiAccess openAi;
    CloudinaryPreferences cloudinary;
    CloudinaryUploader uploader;
    CloudSync cloudSync;
    CloudAccess cloud;
    CurrentProfile profile;
    StudioContext context{*engine.service, settings, openAi, cloud, profile};

    ImageGenerationService &service() { return *engine.service; }
    // Makes images with the offline preview for the current profile and waits until they are done; an empty
    // generation when they were not done in time.
    Generation makeOffline(const QString &prompt, int images = 1);
    // Every file under the fixture's folder that holds these bytes.
    QStringList filesHolding(const QByteArray &bytes) const;
};

} // namespace atelier::test
