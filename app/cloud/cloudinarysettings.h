#pragma once

#include "cloudinarysignature.h"
#include "domain/generationerror.h"

#include <QString>
#include <QStringList>
#include <QUrl>

namespace atelier {

// Where and how result images are copied to Cloudinary. The key and the secret come from the keychain; this
// value only carries them to the uploader.
struct CloudinarySettings
{
    QString cloudName;
    QString apiKey;
    QString apiSecret;
    QString folder;       // in the media library; empty: its root
    QString uploadPreset; // a preset's name, applied to every upload; empty: none
    QStringList tags;     // given to every upload
    CloudinarySignature::Algorithm algorithm = CloudinarySignature::Algorithm::Sha1;
    // Without /v1_1: the request paths are appended to it. Tests point it at a local fake.
    QUrl baseUrl = QUrl(QStringLiteral("https://api.cloudinary.com"));
    // A stalled transfer ends after this long without a byte moving.
    int transferTimeoutMs = 120'000;

    // Why these settings cannot be used, as a Validation error in words; no error when they can.
    GenerationError validate() const;
};

} // namespace atelier
