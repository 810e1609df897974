#pragma once

#include "domain/modelcatalog.h"
#include "openairequestbuilder.h"
#include "openaisettings.h"
#include "providers/networklanes.h"
#include "providers/provider.h"

#include <QHash>

class QNetworkReply;

namespace atelier {

struct ParsedImages;
struct PartialImage;

// The OpenAI Images API (or a compatible server) over QNetworkAccessManager (NetworkLanes): generations as
// JSON, edits as multipart, streamed with partial images for the GPT image models. The API key goes into the
// Authorization header of the API requests and nowhere else.
class OpenAiProvider final : public Provider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenAiProvider)
public:
    OpenAiProvider(const ModelCatalog &catalog, OpenAiSettings settings, QObject *parent = nullptr);
    ~OpenAiProvider() override;

    // Jobs started from now on use these; jobs on the wire keep what they were sent with.
    void setSettings(const OpenAiSettings &settings) { m_settings = settings; }
    const OpenAiSettings &settings() const { return m_settings; }

    QString id() const override { return QStringLiteral("openai"); }
    QString displayName() const override { return QStringLiteral("OpenAI"); }
    bool isReady(QString *whyNot) const override;
    void start(const ProviderJob &job) override;
    void cancel(qint64 generationId) override;

private:
    struct Job;

    void send(Job *job, const BuiltRequest &built);
    void download(Job *job);
    void watch(Job *job, QNetworkReply *reply);
    void readBody(Job *job);
    void readRestLater(Job *job);
    void finishReply(Job *job);
    void handleEvent(Job *job, const QByteArray &type, const QByteArray &data);
    void queuePreview(Job *job, const QByteArray &data);
    void readNextPreview(Job *job);
    void showPreview(Job *job, const PartialImage &partial);
    // Reads the *.completed events once every partial image before them has been shown.
    void readCompleted(Job *job);
    void replyFinished(Job *job);
    void downloadFinished(Job *job);
    void decoded(Job *job, const ParsedImages &parsed);
    void checkRateLimit(QNetworkReply *reply);
    bool isCurrent(const Job *job) const;
    void fail(Job *job, GenerationError error);
    void complete(Job *job, const ProviderResult &result);
    // Forgets a job and stops its work at once: nothing more is reported for it.
    void detach(qint64 generationId);

    OpenAiRequestBuilder m_builder;
    OpenAiSettings m_settings;
    NetworkLanes m_network;
    QHash<qint64, Job *> m_jobs;
};

} // namespace atelier
