#include "httprequestparser.h"

namespace atelier::test {

namespace {

// Big enough for an edit with a handful of reference images; a runaway client gets an error instead.
constexpr qint64 maxBodyBytes = 256LL * 1024 * 1024;
constexpr qsizetype maxHeadBytes = 64 * 1024;

QByteArray headerIn(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    for (const auto &[key, value] : headers) {
        if (key == lower)
            return value;
    }
    return {};
}

// The value of `name=` in a header such as `form-data; name="image[]"; filename="a.png"`.
QByteArray parameter(const QByteArray &headerValue, const QByteArray &name)
{
    const QList<QByteArray> fields = headerValue.split(';');
    for (const QByteArray &field : fields) {
        const QByteArray trimmed = field.trimmed();
        const qsizetype eq = trimmed.indexOf('=');
        if (eq < 0 || trimmed.left(eq).trimmed().toLower() != name)
            continue;
        QByteArray value = trimmed.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

} // namespace

HttpRequestParser::State HttpRequestParser::feed(const QByteArray &bytes)
{
    if (m_state != State::Incomplete)
        return m_state;
    m_buffer.append(bytes);
    if (m_contentLength < 0) {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            if (m_buffer.size() > maxHeadBytes)
                m_state = State::Invalid;
            return m_state;
        }
        if (parseHead(headEnd) == State::Invalid)
            return m_state;
    }
    if (m_buffer.size() >= m_contentLength) {
        m_body = m_buffer.left(m_contentLength);
        m_buffer.clear();
        m_state = State::Complete;
    }
    return m_state;
}

HttpRequestParser::State HttpRequestParser::parseHead(qsizetype headEnd)
{
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    m_buffer.remove(0, headEnd + 4);
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        m_state = State::Invalid;
        return m_state;
    }
    m_method = requestLine.at(0);
    const QByteArray target = requestLine.at(1);
    const qsizetype query = target.indexOf('?');
    m_path = query < 0 ? target : target.left(query);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            m_state = State::Invalid;
            return m_state;
        }
        m_headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    if (!header("transfer-encoding").isEmpty()) {
        m_state = State::Invalid;
        return m_state;
    }
    const QByteArray length = header("content-length");
    bool ok = true;
    m_contentLength = length.isEmpty() ? 0 : length.toLongLong(&ok);
    if (!ok || m_contentLength < 0 || m_contentLength > maxBodyBytes)
        m_state = State::Invalid;
    return m_state;
}

QByteArray HttpRequestParser::header(const QByteArray &name) const
{
    return headerIn(m_headers, name);
}

QList<FakeOpenAiServer::Part> HttpRequestParser::parseMultipart(const QByteArray &body,
                                                                const QByteArray &contentType)
{
    QList<FakeOpenAiServer::Part> parts;
    const QByteArray boundary = parameter(contentType, "boundary");
    if (boundary.isEmpty())
        return parts;
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            break; // the closing delimiter
        const qsizetype headStart = body.indexOf("\r\n", pos);
        const qsizetype headEnd = body.indexOf("\r\n\r\n", pos);
        const qsizetype next = body.indexOf("\r\n" + delimiter, pos);
        if (headStart < 0 || headEnd < 0 || next < 0 || headEnd > next)
            break;
        QList<QPair<QByteArray, QByteArray>> headers;
        const QList<QByteArray> lines = body.mid(headStart + 2, headEnd - headStart - 2).split('\n');
        for (const QByteArray &raw : lines) {
            const QByteArray line = raw.trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
        }
        const QByteArray disposition = headerIn(headers, "content-disposition");
        parts.append({parameter(disposition, "name"), parameter(disposition, "filename"),
                      headerIn(headers, "content-type"), body.mid(headEnd + 4, next - headEnd - 4)});
        pos = next + 2;
    }
    return parts;
}

} // namespace atelier::test
