#pragma once

#include <QString>
#include <QUrl>

namespace atelier {

// How to reach the OpenAI Images API or a compatible server.
struct OpenAiSettings
{
    QString apiKey;
    // Includes /v1, as in the official SDKs; request paths are appended to it.
    QUrl baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1"));
    QString organization;
    QString project;
    // The GPT image models can take minutes for one high-quality image.
    int transferTimeoutMs = 600'000;
    qint64 maxResponseBytes = 100LL * 1024 * 1024;

    // OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID, as the official SDKs read them.
    static OpenAiSettings fromEnvironment();
};

} // namespace atelier
