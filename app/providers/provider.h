#pragma once

#include "domain/generationerror.h"
#include "domain/generationrequest.h"
#include "domain/imageusage.h"
#include "domain/providerimage.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

namespace atelier {

// One attempt handed to a provider. The engine resolved and validated everything before.
struct ProviderJob
{
    qint64 generationId = 0;
    int attempt = 1;
    GenerationRequest request; // with the catalog's defaults filled in
    QString size;              // resolved WIDTHxHEIGHT or "auto"
    QString userTag;           // a stable, anonymous tag of the profile (never a name)
};

struct ProviderProgress
{
    int stepIndex = 0;  // 1-based step just reached
    int stepCount = 0;  // 0 when the provider does not know
    QString step;       // in words: "Rendering", "Receiving partial image 2 of 3"
    QByteArray preview; // an encoded partial image, when there is one
    qint64 bytesSent = 0;
    qint64 bytesTotal = 0;
};

struct ProviderResult
{
    QList<ProviderImage> images;
    ImageUsage usage;
    QString revisedPrompt;
};

// A backend that turns a request into images. It knows its wire protocol and nothing else: no retries,
// no accounting, no storage. Each started job ends in exactly one of finished or failed, unless cancelled,
// after which it reports nothing more for that id.
class Provider : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QString id() const = 0; // matches ModelSpec::provider
    virtual QString displayName() const = 0;
    // Whether it can run now (an API key is set, ...); when not, why in words.
    virtual bool isReady(QString *whyNot) const = 0;

    virtual void start(const ProviderJob &job) = 0;
    virtual void cancel(qint64 generationId) = 0;

Q_SIGNALS:
    void progressed(qint64 generationId, const atelier::ProviderProgress &progress);
    void finished(qint64 generationId, const atelier::ProviderResult &result);
    void failed(qint64 generationId, const atelier::GenerationError &error);
    // The provider wants the scheduler to slow down (rate-limit headers): no new job for this long. A
    // duration, so that the engine measures it on its own clock.
    void throttled(qint64 forMs);
};

} // namespace atelier
