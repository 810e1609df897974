#pragma once

namespace atelier {

class CurrentProfile;
class ImageGenerationService;
class OpenAiAccess;
class StudioSettings;

// What every panel of the window may use, built once in main(). The panels talk to the engine only through
// the service (and to the OpenAI credentials through OpenAiAccess).
struct StudioContext
{
    ImageGenerationService &service;
    StudioSettings &settings;
    OpenAiAccess &openAi;
    CurrentProfile &profile;
};

} // namespace atelier
