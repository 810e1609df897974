#pragma once

#include "cloud/cloudinarypreferences.h"
#include "engine/openaiaccess.h"
#include "engine/queuepreferences.h"
#include "engine/trashpreferences.h"
#include "providers/openai/openaipreferences.h"
#include "secrets/keychainsecretstore.h"

class QSettings;

namespace atelier {

// Where a program keeps the settings of its services and their secrets: the settings file (the SDKs'
// environment variables winning) and the system keychain. Both programs build one in main(), over the same
// file and entries.
struct SettingsStores
{
    Q_DISABLE_COPY_MOVE(SettingsStores)

    explicit SettingsStores(QSettings &settings)
        : openAi(settings), cloudinary(settings), queue(settings), trash(settings),
          keychain(OpenAiAccess::keychainService())
    {}

    OpenAiPreferences openAi;
    CloudinaryPreferences cloudinary;
    QueuePreferences queue;
    TrashPreferences trash;
    KeychainSecretStore keychain;
};

} // namespace atelier
