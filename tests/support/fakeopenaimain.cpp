#include "fakeopenaiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

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
    parser.addOptions({portOption, latencyOption, keyOption});
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

    atelier::test::FakeOpenAiServer server;
    server.setLatencyMs(latency);
    server.setExpectedKey(parser.value(keyOption).toUtf8());
    if (!server.listen(quint16(port))) {
        err << "atelier-fake-openai: cannot listen on 127.0.0.1:" << port << '\n';
        return 1;
    }
    QTextStream out(stdout);
    out << "listening on " << server.baseUrl().toString() << Qt::endl;
    return QCoreApplication::exec();
}
