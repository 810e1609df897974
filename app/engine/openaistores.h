#pragma once

#include "engine/openaiaccess.h"
#include "providers/openai/openaipreferences.h"
#include "secrets/keychainsecretstore.h"

class QSettings;

namespace atelier {

// Where a program keeps the OpenAI settings and key: the settings file (the SDKs' environment variables
// winning) and the system keychain. Both programs build one in main(), over the same file and entry.
struct OpenAiStores
{
    Q_DISABLE_COPY_MOVE(OpenAiStores)

    explicit OpenAiStores(QSettings &settings)
        : preferences(settings), keychain(OpenAiAccess::keychainService())
    {}

    OpenAiPreferences preferences;
    KeychainSecretStore keychain;
};

} // namespace atelier
