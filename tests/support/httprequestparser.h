#pragma once

#include "fakeopenaiserver.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace atelier::test {

// Reads one HTTP/1.1 request from bytes as they arrive: request line, headers, a Content-Length body.
// Chunked uploads are not accepted: no client of the fake sends them.
class HttpRequestParser final
{
public:
    enum class State
    {
        Incomplete,
        Complete,
        Invalid
    };

    State feed(const QByteArray &bytes);
    State state() const { return m_state; }

    const QByteArray &method() const { return m_method; }
    const QByteArray &path() const { return m_path; } // without the query string
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    QByteArray header(const QByteArray &name) const;
    const QByteArray &body() const { return m_body; }

    // The parts of a multipart/form-data body; the boundary comes from `contentType`.
    static QList<FakeOpenAiServer::Part> parseMultipart(const QByteArray &body,
                                                        const QByteArray &contentType);

private:
    State parseHead(qsizetype headEnd);

    QByteArray m_buffer;
    QByteArray m_method;
    QByteArray m_path;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    qint64 m_contentLength = -1; // -1 while the head is still arriving
    State m_state = State::Incomplete;
};

} // namespace atelier::test
