#include "fakecloudinaryserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

// The fake Cloudinary server as a program, for trying the app's uploads against it by hand.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("atelier-fake-cloudinary"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A local server answering like Cloudinary's Upload API."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port to listen on (0: any)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption cloudOption(QStringLiteral("cloud"), QStringLiteral("Cloud name to answer for."),
                                         QStringLiteral("NAME"), QStringLiteral("atelier-test"));
    const QCommandLineOption keyOption(QStringLiteral("key"), QStringLiteral("API key to require."),
                                       QStringLiteral("KEY"), QStringLiteral("123456789012345"));
    const QCommandLineOption secretOption(QStringLiteral("secret"),
                                          QStringLiteral("API secret to sign with."),
                                          QStringLiteral("SECRET"), QStringLiteral("fake-cloudinary-secret"));
    parser.addOptions({portOption, cloudOption, keyOption, secretOption});
    parser.process(app);

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    QTextStream err(stderr);
    if (!portOk || port > 65535) {
        err << "atelier-fake-cloudinary: --port needs 0-65535\n";
        return 2;
    }

    atelier::test::FakeCloudinaryServer server(parser.value(cloudOption), parser.value(keyOption),
                                               parser.value(secretOption));
    if (!server.listen(quint16(port))) {
        err << "atelier-fake-cloudinary: cannot listen on 127.0.0.1:" << port << '\n';
        return 1;
    }
    QTextStream out(stdout);
    out << "listening on " << server.baseUrl().toString() << " for cloud " << parser.value(cloudOption)
        << Qt::endl;
    return QCoreApplication::exec();
}
