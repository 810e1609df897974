#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace atelier {

// One dispatched server-sent event.
struct SseEvent
{
    QByteArray event; // "message" when the stream named no type, as EventSource does
    QByteArray data;  // the data lines joined with "\n"
    QByteArray id;    // the last event id seen so far in the stream (it persists across events)

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

// Incremental parser of text/event-stream as the WHATWG/W3C EventSource specification defines it, fed with
// chunks cut anywhere (inside a line, a CRLF pair or the BOM). It does no I/O; the caller feeds what the
// reply delivered and acts on the events returned.
//
// At the end of the stream, finish() discards an event that no blank line closed, exactly as the
// specification says: a stream cut mid-event dispatches nothing more. finish() reports whether it had to
// discard something, so a caller can tell a truncated stream from a clean end.
class SseStreamParser final
{
public:
    // Partial images arrive as base64 in one data line and weigh several MB each; 64 MiB leaves ample room
    // while bounding what a misbehaving server can make us hold.
    static constexpr qsizetype kDefaultMaxEventBytes = 64 * 1024 * 1024;

    explicit SseStreamParser(qsizetype maxEventBytes = kDefaultMaxEventBytes);

    // Returns the events completed by this chunk, in order. After an error it returns nothing more.
    QList<SseEvent> feed(QByteArrayView chunk);
    // Ends the stream and resets the parser for a new one. Returns false when a partial event was discarded.
    bool finish();

    bool hasError() const { return !m_errorString.isEmpty(); }
    QString errorString() const { return m_errorString; }
    qsizetype maxEventBytes() const { return m_maxEventBytes; }

private:
    void consume(QByteArrayView bytes, QList<SseEvent> &out);
    bool append(QByteArrayView part);
    void processLine(QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);
    void fail();
    void reset();

    qsizetype m_maxEventBytes;
    QByteArray m_head; // the first bytes of the stream while they could still be a BOM
    bool m_bomChecked = false;
    bool m_skipLf = false; // the previous chunk ended in CR: an LF opening this one belongs to it
    QByteArray m_line;
    QByteArray m_eventType;
    QByteArray m_data;
    QByteArray m_lastEventId;
    QString m_errorString;
};

} // namespace atelier
