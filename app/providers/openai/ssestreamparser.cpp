#include "ssestreamparser.h"

#include <utility>

namespace atelier {

namespace {
constexpr char kBom[] = "\xEF\xBB\xBF";
constexpr qsizetype kBomSize = 3;
} // namespace

SseStreamParser::SseStreamParser(qsizetype maxEventBytes) : m_maxEventBytes(maxEventBytes) {}

QList<SseEvent> SseStreamParser::feed(QByteArrayView chunk)
{
    QList<SseEvent> out;
    if (hasError())
        return out;
    if (m_bomChecked) {
        consume(chunk, out);
        return out;
    }
    // The BOM itself may be split across chunks: hold the first bytes until they can be told apart from it.
    m_head.append(chunk);
    const QByteArrayView bom(kBom, kBomSize);
    if (m_head.size() < kBomSize && bom.startsWith(m_head))
        return out;
    m_bomChecked = true;
    const QByteArray head = std::exchange(m_head, {});
    consume(head.startsWith(bom) ? QByteArrayView(head).sliced(kBomSize) : QByteArrayView(head), out);
    return out;
}

bool SseStreamParser::finish()
{
    // Whatever is still held (part of a BOM, a line, an event no blank line closed) is dropped, as the spec
    // says.
    const bool clean = m_head.isEmpty() && m_line.isEmpty() && m_data.isEmpty() && m_eventType.isEmpty();
    reset();
    return clean;
}

void SseStreamParser::consume(QByteArrayView bytes, QList<SseEvent> &out)
{
    qsizetype pos = 0;
    const qsizetype size = bytes.size();
    if (m_skipLf && size > 0) {
        m_skipLf = false;
        if (bytes.front() == '\n')
            pos = 1;
    }
    while (pos < size) {
        const auto begin = bytes.begin() + pos;
        // memchr, not a loop over the characters: an image event is a single line of megabytes, and this
        // runs on the GUI thread.
        const QByteArrayView rest(begin, bytes.end());
        const qsizetype lf = rest.indexOf('\n');
        const qsizetype cr = rest.first(lf < 0 ? rest.size() : lf).indexOf('\r');
        const auto eol = cr >= 0 ? begin + cr : lf >= 0 ? begin + lf : bytes.end();
        if (!append(QByteArrayView(begin, eol)))
            return;
        if (eol == bytes.end())
            return;
        pos = eol - bytes.begin() + 1;
        if (*eol == '\r') {
            if (pos == size)
                m_skipLf = true;
            else if (bytes[pos] == '\n')
                ++pos;
        }
        processLine(out);
        if (hasError())
            return;
    }
}

bool SseStreamParser::append(QByteArrayView part)
{
    if (m_line.size() + m_data.size() + m_eventType.size() + part.size() > m_maxEventBytes) {
        fail();
        return false;
    }
    m_line.append(part);
    return true;
}

void SseStreamParser::processLine(QList<SseEvent> &out)
{
    const QByteArray line = std::exchange(m_line, {});
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.startsWith(':'))
        return; // a comment; servers send them as keep-alives
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? QByteArrayView(line) : QByteArrayView(line).first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : QByteArrayView(line).sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);

    if (field == "event") {
        m_eventType = value.toByteArray();
    } else if (field == "data") {
        if (m_data.size() + m_eventType.size() + value.size() + 1 > m_maxEventBytes) {
            fail();
            return;
        }
        m_data.append(value);
        m_data.append('\n');
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = value.toByteArray();
    }
    // "retry" only matters to a reconnecting EventSource, which we are not; unknown fields are ignored by
    // spec.
}

void SseStreamParser::dispatch(QList<SseEvent> &out)
{
    if (m_data.isEmpty()) {
        m_eventType.clear();
        return;
    }
    m_data.chop(1); // the "\n" after the last data line
    SseEvent event;
    event.event = m_eventType.isEmpty() ? QByteArrayLiteral("message") : std::exchange(m_eventType, {});
    event.data = std::exchange(m_data, {});
    event.id = m_lastEventId;
    out.append(std::move(event));
}

void SseStreamParser::fail()
{
    const qsizetype mib = m_maxEventBytes / (1024 * 1024);
    m_errorString =
        mib > 0 ? QStringLiteral("The server sent an event larger than %1 MiB; the stream was abandoned.")
                      .arg(mib)
                : QStringLiteral("The server sent an event larger than %1 bytes; the stream was abandoned.")
                      .arg(m_maxEventBytes);
    m_line.clear();
    m_data.clear();
    m_eventType.clear();
}

void SseStreamParser::reset()
{
    m_head.clear();
    m_bomChecked = false;
    m_skipLf = false;
    m_line.clear();
    m_eventType.clear();
    m_data.clear();
    m_lastEventId.clear();
    m_errorString.clear();
}

} // namespace atelier
