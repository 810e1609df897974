#pragma once

#include "enginefixture.h"
#include "fakeopenaiserver.h"
#include "providers/openai/openaisettings.h"

#include <functional>
#include <memory>

namespace atelier {
class OpenAiProvider;
}

namespace atelier::test {

// The engine of EngineFixture running the real OpenAiProvider against a FakeOpenAiServer on loopback. The
// server expects the test key, and the provider sends it.
class OpenAiEngineFixture
{
public:
    // `adjust` changes the provider's settings after the server's URL and the key are filled in.
    explicit OpenAiEngineFixture(const std::function<void(OpenAiSettings &)> &adjust = {},
                                 EngineSettings settings = EngineFixture::defaultSettings());
    ~OpenAiEngineFixture();

    // Made at run time, so that no key-shaped literal sits in the repository for scanners to flag.
    static QString testKey();
    // A loopback URL on which nothing listens: connections to it are refused.
    static QUrl closedPortUrl();

    FakeOpenAiServer server;
    OpenAiSettings openAi;
    std::unique_ptr<EngineFixture> engine;
};

} // namespace atelier::test
