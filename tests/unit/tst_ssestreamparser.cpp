#include "providers/openai/ssestreamparser.h"

#include <QTest>

using namespace atelier;

Q_DECLARE_METATYPE(QList<atelier::SseEvent>)

namespace {

SseEvent ev(const char *event, const QByteArray &data, const char *id = "")
{
    return SseEvent{QByteArray(event), data, QByteArray(id)};
}

QByteArray partialJson(int index, const QByteArray &b64)
{
    return R"({"type":"image_generation.partial_image","b64_json":")" + b64 +
           R"(","created_at":1735000000,"size":"1024x1024","quality":"low","background":"opaque",)"
           R"("output_format":"png","partial_image_index":)" +
           QByteArray::number(index) + "}";
}

const QByteArray kCompletedJson =
    R"({"type":"image_generation.completed","b64_json":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8)"
    R"(z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==","created_at":1735000004,"size":"1024x1024","quality":"low",)"
    R"("background":"opaque","output_format":"png","usage":{"total_tokens":292,"input_tokens":20,)"
    R"("output_tokens":272,"input_tokens_details":{"text_tokens":20,"image_tokens":0}}})";

const QList<QByteArray> kPartials{
    "iVBORw0KGgoAAAANSUhEUgAAAAE=", "iVBORw0KGgoAAAANSUhEUgAAAAI=", "iVBORw0KGgoAAAANSUhEUgAAAAM="};

// A generation stream as OpenAI sends it, with the chosen line ending and optional keep-alive noise.
QByteArray openAiStream(const QByteArray &eol, bool noise)
{
    QByteArray stream;
    if (noise)
        stream += ": keep-alive" + eol + "retry: 3000" + eol + eol;
    for (int i = 0; i < kPartials.size(); ++i) {
        stream += "event: image_generation.partial_image" + eol + "data: " + partialJson(i, kPartials[i]) +
                  eol + eol;
        if (noise)
            stream += ":" + eol;
    }
    stream += "event: image_generation.completed" + eol + "data: " + kCompletedJson + eol + eol;
    return stream;
}

QList<SseEvent> openAiEvents()
{
    QList<SseEvent> events;
    for (int i = 0; i < kPartials.size(); ++i)
        events.append(ev("image_generation.partial_image", partialJson(i, kPartials[i])));
    events.append(ev("image_generation.completed", kCompletedJson));
    return events;
}

QList<SseEvent> feedInPieces(const QByteArray &stream, QList<qsizetype> cuts)
{
    SseStreamParser parser;
    QList<SseEvent> events;
    qsizetype from = 0;
    cuts.append(stream.size());
    for (qsizetype cut : cuts) {
        events += parser.feed(stream.mid(from, cut - from));
        from = cut;
    }
    return events;
}

QList<SseEvent> feedByteByByte(const QByteArray &stream)
{
    SseStreamParser parser;
    QList<SseEvent> events;
    for (char c : stream)
        events += parser.feed(QByteArray(1, c));
    return events;
}

} // namespace

class TestSseStreamParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openAiStreamAtEveryBoundary_data();
    void openAiStreamAtEveryBoundary();
    void fields_data();
    void fields();
    void unterminatedEventIsDroppedAtFinish();
    void cleanEndIsReported();
    void sizeCap_data();
    void sizeCap();
    void largePartialImageFitsUnderDefaultCap();
};

void TestSseStreamParser::openAiStreamAtEveryBoundary_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::newRow("LF") << openAiStream("\n", false);
    QTest::newRow("CRLF") << openAiStream("\r\n", false);
    QTest::newRow("CR") << openAiStream("\r", false);
    QTest::newRow("LF with comments and retry") << openAiStream("\n", true);
    QTest::newRow("CRLF with comments and retry") << openAiStream("\r\n", true);
    QTest::newRow("BOM then CRLF") << "\xEF\xBB\xBF" + openAiStream("\r\n", false);
    QTest::newRow("BOM then CR with noise") << "\xEF\xBB\xBF" + openAiStream("\r", true);
}

void TestSseStreamParser::openAiStreamAtEveryBoundary()
{
    QFETCH(QByteArray, stream);
    const QList<SseEvent> expected = openAiEvents();
    QCOMPARE(feedInPieces(stream, {}), expected);
    QCOMPARE(feedByteByByte(stream), expected);
    for (qsizetype cut = 1; cut < stream.size(); ++cut) {
        if (feedInPieces(stream, {cut}) != expected)
            QFAIL(qPrintable(QStringLiteral("events differ when the stream is cut at byte %1").arg(cut)));
    }
}

void TestSseStreamParser::fields_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<SseEvent>>("expected");
    QTest::newRow("multi-line data joined with LF")
        << QByteArray("data: a\ndata: b\ndata: c\n\n") << QList<SseEvent>{ev("message", "a\nb\nc")};
    QTest::newRow("no space after colon") << QByteArray("data:x\n\n") << QList<SseEvent>{ev("message", "x")};
    QTest::newRow("only one space removed")
        << QByteArray("data:  x\n\n") << QList<SseEvent>{ev("message", " x")};
    QTest::newRow("colon inside value")
        << QByteArray("data: {\"a\":1}\n\n") << QList<SseEvent>{ev("message", "{\"a\":1}")};
    QTest::newRow("field with no colon is an empty value")
        << QByteArray("data\n\n") << QList<SseEvent>{ev("message", "")};
    QTest::newRow("two empty data lines")
        << QByteArray("data\ndata\n\n") << QList<SseEvent>{ev("message", "\n")};
    QTest::newRow("comments are ignored")
        << QByteArray(": hello\ndata: a\n: between\n\n: alone\n\n") << QList<SseEvent>{ev("message", "a")};
    QTest::newRow("event without data is not dispatched and its type does not leak")
        << QByteArray("event: x\n\ndata: y\n\n") << QList<SseEvent>{ev("message", "y")};
    QTest::newRow("event type applies to its event only")
        << QByteArray("event: a\ndata: 1\n\ndata: 2\n\n")
        << QList<SseEvent>{ev("a", "1"), ev("message", "2")};
    QTest::newRow("id persists across events")
        << QByteArray("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
        << QList<SseEvent>{ev("message", "a", "7"), ev("message", "b", "7"), ev("message", "c", "")};
    QTest::newRow("id with NUL is ignored")
        << QByteArray("id: 1\n\nid: 2").append('\0').append("x\ndata: a\n\n")
        << QList<SseEvent>{ev("message", "a", "1")};
    QTest::newRow("retry and unknown fields are ignored")
        << QByteArray("retry: 10\nfoo: bar\nDATA: no\ndata: a\n\n") << QList<SseEvent>{ev("message", "a")};
    QTest::newRow("mixed line endings")
        << QByteArray("data: a\r\ndata: b\rdata: c\n\r\n") << QList<SseEvent>{ev("message", "a\nb\nc")};
    QTest::newRow("CR CR ends an event") << QByteArray("data: a\r\r") << QList<SseEvent>{ev("message", "a")};
    QTest::newRow("LF CR is two line ends")
        << QByteArray("data: a\n\rdata: b\n\n") << QList<SseEvent>{ev("message", "a"), ev("message", "b")};
    QTest::newRow("BOM only at stream start") << QByteArray("\xEF\xBB\xBF"
                                                            "data: a\n\n\xEF\xBB\xBF"
                                                            "data: b\n\n")
                                              << QList<SseEvent>{ev("message", "a")};
    QTest::newRow("part of a BOM is content") << QByteArray("\xEF\xBB"
                                                            "data: a\n\ndata: b\n\n")
                                              << QList<SseEvent>{ev("message", "b")};
    QTest::newRow("empty stream") << QByteArray() << QList<SseEvent>{};
}

void TestSseStreamParser::fields()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<SseEvent>, expected);
    QCOMPARE(feedInPieces(stream, {}), expected);
    QCOMPARE(feedByteByByte(stream), expected);
}

void TestSseStreamParser::unterminatedEventIsDroppedAtFinish()
{
    SseStreamParser parser;
    QCOMPARE(
        parser.feed("data: done\n\nevent: image_generation.completed\ndata: {\"b64_json\":\"iVBOR").size(),
        1);
    QVERIFY(!parser.finish());

    // finish() also resets: a new stream starts clean, without the old event's data.
    QCOMPARE(parser.feed("\n\ndata: again\n\n"), QList<SseEvent>{ev("message", "again")});
    QCOMPARE(parser.feed("data: no blank line\n"), QList<SseEvent>{});
    QVERIFY(!parser.finish());
}

void TestSseStreamParser::cleanEndIsReported()
{
    SseStreamParser parser;
    QCOMPARE(parser.feed("data: a\r\n\r").size(), 1); // a CR may still wait for its LF
    QVERIFY(parser.finish());
    QVERIFY(parser.feed("\n: comment\n").isEmpty());
    QVERIFY(parser.finish());
}

void TestSseStreamParser::sizeCap_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("eventsBeforeError");
    const QByteArray big(1100, 'A');
    QTest::newRow("one long data line") << "data: ok\n\ndata: " + big + "\n\ndata: after\n\n" << 1;
    QTest::newRow("a line that never ends") << "data: ok\n\n" + big << 1;
    QTest::newRow("many data lines add up")
        << "data: ok\n\n" + QByteArray("data: ").append(QByteArray(300, 'B')).append('\n').repeated(4) + "\n"
        << 1;
    QTest::newRow("a long event type") << "event: " + big + "\ndata: x\n\n" << 0;
}

void TestSseStreamParser::sizeCap()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, eventsBeforeError);
    SseStreamParser parser(1024);
    QList<SseEvent> events;
    for (qsizetype from = 0; from < stream.size(); from += 100)
        events += parser.feed(stream.mid(from, 100));
    QCOMPARE(events.size(), eventsBeforeError);
    QVERIFY(parser.hasError());
    QVERIFY(parser.errorString().contains(QLatin1String("1024 bytes")));
    // It stays stopped, whatever comes next.
    QVERIFY(parser.feed("\n\ndata: more\n\n").isEmpty());
    QVERIFY(parser.hasError());
}

void TestSseStreamParser::largePartialImageFitsUnderDefaultCap()
{
    SseStreamParser parser;
    QCOMPARE(parser.maxEventBytes(), 64 * 1024 * 1024);
    const QByteArray payload(8 * 1024 * 1024, 'Q');
    const QByteArray stream = "event: image_generation.partial_image\ndata: " + payload + "\n\n";
    QList<SseEvent> events;
    for (qsizetype from = 0; from < stream.size(); from += 16 * 1024)
        events += parser.feed(
            QByteArrayView(stream).sliced(from, qMin<qsizetype>(16 * 1024, stream.size() - from)));
    QVERIFY(!parser.hasError());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data.size(), payload.size());
    QVERIFY(parser.finish());
}

QTEST_GUILESS_MAIN(TestSseStreamParser)
#include "tst_ssestreamparser.moc"
