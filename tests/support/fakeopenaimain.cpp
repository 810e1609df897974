#include "fakeopenaiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSize>
#include <QTextStream>

#include <memory>

namespace {

using Fault = atelier::test::FakeOpenAiServer::Fault;

struct NamedFault
{
    Fault fault;
    QString name;
};

// One failure the real service gives, drawn at random: mostly transient ones the engine retries, now and then
// a permanent one it must not retry.
NamedFault randomFault(QRandomGenerator &random)
{
    switch (random.bounded(10)) {
    case 0:
    case 1:
        return {{.kind = Fault::Kind::Status, .status = 500}, QStringLiteral("500")};
    case 2:
    case 3:
        return {{.kind = Fault::Kind::Status, .status = 503, .retryAfter = "1"},
                QStringLiteral("503 with Retry-After 1")};
    case 4:
    case 5:
        return {{.kind = Fault::Kind::Status,
                 .status = 429,
                 .errorType = "requests",
                 .errorCode = "rate_limit_exceeded",
                 .retryAfter = "1"},
                QStringLiteral("429 with Retry-After 1")};
    case 6:
    case 7:
        return {{.kind = Fault::Kind::ResetMidBody}, QStringLiteral("reset mid body")};
    case 8:
        return {{.kind = Fault::Kind::SlowFirstByte, .delayMs = 1500}, QStringLiteral("slow first byte")};
    default:
        return random.bounded(2) == 0
                   ? NamedFault{{.kind = Fault::Kind::Status,
                                 .status = 400,
                                 .errorMessage =
                                     QStringLiteral("Your request was rejected by the soak test.")},
                                QStringLiteral("400 invalid request")}
                   : NamedFault{{.kind = Fault::Kind::NotAnImage}, QStringLiteral("not an image")};
    }
}

} // namespace

// The fake OpenAI Images server as a program, for trying the app or a benchmark against it by hand.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("atelier-fake-openai"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A local server speaking the OpenAI Images API."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port to listen on (0: any)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption latencyOption(QStringLiteral("latency"),
                                           QStringLiteral("Delay before every answer."), QStringLiteral("MS"),
                                           QStringLiteral("0"));
    const QCommandLineOption keyOption(QStringLiteral("key"), QStringLiteral("API key to require."),
                                       QStringLiteral("KEY"));
    const QCommandLineOption noisyOption(
        QStringLiteral("noisy"),
        QStringLiteral(
            "Serve N different noisy images (like real model output, about 1.4 MB at 1024x1024) in "
            "turn, rendered before listening."),
        QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({portOption, latencyOption, keyOption, noisyOption});
    const QCommandLineOption faultRateOption(
        QStringLiteral("fault-rate"), QStringLiteral("Share of requests (0-1) that get a random failure."),
        QStringLiteral("P"), QStringLiteral("0"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Seed of the random failures, to repeat a run."),
                                        QStringLiteral("S"), QStringLiteral("1"));
    parser.addOptions({faultRateOption, seedOption});
    parser.process(app);

    bool portOk = false;
    bool latencyOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    const int latency = parser.value(latencyOption).toInt(&latencyOk);
    QTextStream err(stderr);
    if (!portOk || port > 65535 || !latencyOk || latency < 0) {
        err << "atelier-fake-openai: --port needs 0-65535 and --latency a number of milliseconds\n";
        return 2;
    }

    bool faultRateOk = false;
    bool seedOk = false;
    const double faultRate = parser.value(faultRateOption).toDouble(&faultRateOk);
    const quint32 seed = parser.value(seedOption).toUInt(&seedOk);
    if (!faultRateOk || faultRate < 0 || faultRate > 1 || !seedOk) {
        err << "atelier-fake-openai: --fault-rate needs a share from 0 to 1 and --seed a whole number\n";
        return 2;
    }

    atelier::test::FakeOpenAiServer server;
    server.setLatencyMs(latency);
    server.setExpectedKey(parser.value(keyOption).toUtf8());
    if (const int noisy = parser.value(noisyOption).toInt(); noisy > 0) {
        server.setNoisyImages(noisy);
        server.prepareImage(QSize(1024, 1024), "png");
    }
    if (!server.listen(quint16(port))) {
        err << "atelier-fake-openai: cannot listen on 127.0.0.1:" << port << '\n';
        return 1;
    }
    QTextStream out(stdout);
    out << "listening on " << server.baseUrl().toString() << Qt::endl;
    if (faultRate > 0) {
        // The server takes the next scripted fault as each request arrives, so one is always kept ready, and
        // each is said as it is served.
        auto random = std::make_shared<QRandomGenerator>(seed);
        auto next = std::make_shared<QString>();
        const auto scriptNext = [&server, random, next, faultRate] {
            const NamedFault drawn =
                random->bounded(1.0) < faultRate ? randomFault(*random) : NamedFault{{}, QString()};
            server.script(drawn.fault);
            *next = drawn.name;
        };
        scriptNext();
        QObject::connect(&server, &atelier::test::FakeOpenAiServer::requestReceived, &server,
                         [&out, next, scriptNext](int index) {
                             if (!next->isEmpty())
                                 out << "request " << index << ": fault " << *next << Qt::endl;
                             scriptNext();
                         });
    }
    return QCoreApplication::exec();
}
