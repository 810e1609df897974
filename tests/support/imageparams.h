#pragma once

#include "fakeopenaiserver.h"

#include <QByteArray>
#include <QJsonObject>
#include <QSize>
#include <QString>

namespace atelier::test {

// The body of an answer that fails, in the shape every OpenAI endpoint uses.
QByteArray openAiErrorBody(const QString &message, const QByteArray &type, const QByteArray &code = {},
                           const QByteArray &param = {});

// What a client asked the fake for, from either images endpoint.
struct ImageParams
{
    bool edit = false;
    QByteArray model;
    QString prompt;
    int n = 1;
    QSize size{1024, 1024};
    QByteArray quality;
    QByteArray outputFormat;
    QByteArray background;
    QByteArray responseFormat;
    bool stream = false;
    int partialImages = 0;
    int inputImages = 0;

    // Reads a JSON body or the text fields of a multipart one; returns an error body when the request is one
    // OpenAI would refuse, else nothing.
    QByteArray read(const FakeOpenAiServer::RecordedRequest &request, bool isEdit);
    // Token counts in the proportions the real service reports: text by length, images by area and quality.
    QJsonObject usage(int images) const;
    // The echoes GPT image models add to answers and stream events.
    void addEchoes(QJsonObject &object) const;

    bool gptImage() const { return model.startsWith("gpt-image") || model.startsWith("chatgpt-image"); }
    QByteArray sizeText() const
    {
        return QByteArray::number(size.width()) + 'x' + QByteArray::number(size.height());
    }
    QByteArray eventPrefix() const { return edit ? "image_edit." : "image_generation."; }
};

} // namespace atelier::test
