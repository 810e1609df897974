#pragma once

#include "domain/generationerror.h"
#include "domain/modelcatalog.h"
#include "providers/provider.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

namespace atelier {

// One request for the OpenAI Images API, ready to send and to replay on retry.
struct BuiltRequest
{
    QString path; // "/images/generations" or "/images/edits", relative to the base URL (which ends in /v1)
    QByteArray contentType;
    QByteArray body;
    bool streams = false;  // the response is text/event-stream
    GenerationError error; // set instead of the rest when the job cannot be sent
};

// Turns a job into the request the public spec (CreateImageRequest, CreateImageEditRequest) describes,
// sending only the fields the model takes. Jobs without reference images go to /images/generations as JSON;
// jobs with them to /images/edits as multipart/form-data, each file read once and checked before anything is
// built. Reading and decoding the files takes time for big inputs: call build() off the GUI thread.
class OpenAiRequestBuilder final
{
    Q_DECLARE_TR_FUNCTIONS(OpenAiRequestBuilder)

public:
    static constexpr int DefaultPartialImages = 2;
    // How many partial images a job asks for, so whether its answer streams: 0 for a model that does not
    // stream or when 0 is asked for (atelier-cli's default: each is billed, and a terminal cannot show them);
    // otherwise at most 3, DefaultPartialImages unless set.
    static int partialImages(const ModelSpec &spec, const QVariantMap &parameters);

    explicit OpenAiRequestBuilder(const ModelCatalog &catalog);

    BuiltRequest build(const ProviderJob &job) const;

private:
    enum class Endpoint
    {
        Generations,
        Edits,
    };
    using Fields = QList<QPair<QString, QJsonValue>>;

    Fields fields(const ModelSpec &spec, const ProviderJob &job, Endpoint endpoint) const;
    BuiltRequest buildGeneration(const ModelSpec &spec, const ProviderJob &job) const;
    BuiltRequest buildEdit(const ModelSpec &spec, const ProviderJob &job) const;

    ModelCatalog m_catalog; // a cheap, implicitly shared copy: the builder never dangles
};

} // namespace atelier
