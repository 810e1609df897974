#include "uploadcommand.h"

#include "commandline.h"
#include "engine/imagegenerationservice.h"

#include <QJsonArray>
#include <QJsonObject>

namespace atelier::cli {

UploadCommand::UploadCommand(CommandContext &context, QObject *parent) : QObject(parent), m_context(context)
{}

std::optional<int> UploadCommand::run()
{
    const QStringList arguments = m_context.commandLine.arguments();
    if (arguments.isEmpty())
        return m_context.fail(QStringLiteral("'upload' takes the ids of completed generations."));
    QList<qint64> ids;
    if (!m_context.parseIds(arguments, &ids))
        return BadInput;
    const std::optional<Profile> profile = m_context.resolveProfile();
    if (!profile)
        return BadInput;
    ImageGenerationService &service = m_context.service;
    connect(&service, &ImageGenerationService::cloudCopyChanged, this, &UploadCommand::onChanged);
    // Every id is checked before anything is sent, so a typo changes nothing.
    for (const qint64 id : std::as_const(ids)) {
        const std::optional<Generation> generation = service.getGenerationStatus(id);
        if (!generation || generation->request.profileId != profile->id)
            return m_context.fail(
                QStringLiteral("there is no generation %1 in profile %2.").arg(id).arg(profile->name));
        if (generation->status != GenerationStatus::Completed)
            return m_context.fail(
                QStringLiteral("generation %1 is %2; only completed ones have images to upload.")
                    .arg(id)
                    .arg(statusName(generation->status)));
    }
    for (const qint64 id : std::as_const(ids)) {
        m_waiting.insert(id);
        if (const GenerationError error = service.uploadGeneration(id, profile->id); error.isError())
            return m_context.fail(error);
        if (!m_context.wantsJson())
            m_context.err << "Uploading generation " << id << "…" << Qt::endl;
    }
    return std::nullopt;
}

void UploadCommand::onChanged(const Generation &generation)
{
    if (!m_waiting.contains(generation.id) || generation.cloud.state == CloudCopy::State::Pending)
        return;
    m_waiting.remove(generation.id);
    const bool uploaded = generation.cloud.state == CloudCopy::State::Uploaded;
    if (!uploaded)
        ++m_failed;
    if (m_context.wantsJson()) {
        QJsonArray urls;
        for (const CloudAsset &asset : generation.cloud.assets)
            urls.append(asset.secureUrl);
        QJsonObject line{{QStringLiteral("id"), generation.id},
                         {QStringLiteral("cloud_state"), cloudStateName(generation.cloud.state)},
                         {QStringLiteral("secure_urls"), urls}};
        if (!uploaded)
            line.insert(QStringLiteral("error"), generation.cloud.error);
        m_context.printJson(line);
    } else if (uploaded) {
        for (const CloudAsset &asset : generation.cloud.assets)
            m_context.out << generation.id << "  " << asset.secureUrl << Qt::endl;
    } else {
        m_context.out << generation.id << "  not uploaded: " << generation.cloud.error << Qt::endl;
    }
    if (m_waiting.isEmpty())
        Q_EMIT finished(m_failed == 0 ? Ok : Unsuccessful);
}

} // namespace atelier::cli
