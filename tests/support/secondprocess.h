#pragma once

#include "enginefixture.h"

namespace atelier::test {

// A second process on an EngineFixture's folder, as the window and atelier-cli share a data folder: its own
// connection to the database, library, scripted provider and service, on the fixture's clock.
struct SecondProcess
{
    explicit SecondProcess(EngineFixture &f) : library(f.library->root())
    {
        const GenerationError error = store.open(f.store->path());
        if (error.isError())
            qWarning() << error.message;
        service = std::make_unique<ImageGenerationService>(store, f.catalog, library, f.clock, f.settings);
        service->addProvider(&provider);
    }

    Store store;
    ImageLibrary library;
    ScriptedProvider provider;
    std::unique_ptr<ImageGenerationService> service;
};

} // namespace atelier::test
