#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace atelier {

// How to reach the OpenAI Images API or a compatible server.
struct OpenAiSettings
{
    QString apiKey;
    // Why no key could be read (no keychain answered, access denied), said when a job needs the key.
    QString keyProblem;
    // Includes /v1, as in the official SDKs; request paths are appended to it.
    QUrl baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1"));
    QString organization;
    QString project;
    // The GPT image models can take minutes for one high-quality image.
    int transferTimeoutMs = 600'000;
    qint64 maxResponseBytes = 100LL * 1024 * 1024;

    // OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID, as the official SDKs read them,
    // over these settings.
    OpenAiSettings withEnvironment(const QProcessEnvironment &environment) const;
    static OpenAiSettings fromEnvironment();

    // Why the base URL cannot be used, in words; empty when it can.
    static QString baseUrlProblem(const QUrl &url);
    // https anywhere; plain http only where nothing leaves the machine (loopback).
    static bool isSafeUrl(const QUrl &url);
};

} // namespace atelier
