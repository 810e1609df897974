#pragma once

namespace atelier {

class CloudAccess;
class CurrentProfile;
class ImageGenerationService;
class OpenAiAccess;
class StudioSettings;

// What every panel of the window may use, built once in main(). The panels talk to the engine only through
// the service (and to the OpenAI and Cloudinary credentials through OpenAiAccess and CloudAccess).
struct StudioContext
{
    ImageGenerationService &service;
    StudioSettings &settings;
    OpenAiAccess &openAi;
    CloudAccess &cloud;
    CurrentProfile &profile;
};

} // namespace atelier
