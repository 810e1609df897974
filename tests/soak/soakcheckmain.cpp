#include "soakcheck.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>

namespace {

// The prompts as atelier-cli batch reads them: one a line, trimmed, without empty lines and '#' comments.
bool readPrompts(const QString &path, QStringList *prompts, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            prompts->append(line);
    }
    return true;
}

} // namespace

// Checks what a crash soak (scripts/soak-crash) left in a data folder and a library; exits 1 with every
// violation in words, 0 when there is none, 2 on bad arguments.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("atelier-soak-check"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Checks the database and the library a crash soak left behind."));
    parser.addHelpOption();
    const QCommandLineOption dataOption(QStringLiteral("data-dir"),
                                        QStringLiteral("The data folder (holding atelier.sqlite)."),
                                        QStringLiteral("DIR"));
    const QCommandLineOption libraryOption(QStringLiteral("library-dir"),
                                           QStringLiteral("The library folder."), QStringLiteral("DIR"));
    parser.addOptions({dataOption, libraryOption});
    parser.addPositionalArgument(QStringLiteral("prompts"),
                                 QStringLiteral("The file of prompts that was queued."));
    parser.process(app);

    QTextStream err(stderr);
    const QStringList positional = parser.positionalArguments();
    if (!parser.isSet(dataOption) || !parser.isSet(libraryOption) || positional.size() != 1) {
        err << "atelier-soak-check: needs --data-dir DIR --library-dir DIR and the prompts file\n";
        return 2;
    }
    QStringList prompts;
    QString error;
    if (!readPrompts(positional.first(), &prompts, &error)) {
        err << "atelier-soak-check: " << error << '\n';
        return 2;
    }

    atelier::test::SoakCheck check(QDir(parser.value(dataOption)).filePath(QStringLiteral("atelier.sqlite")),
                                   parser.value(libraryOption), prompts);
    check.run();
    QTextStream out(stdout);
    for (const QString &line : check.summary())
        out << line << '\n';
    const QStringList violations = check.violations();
    if (violations.isEmpty()) {
        out << "OK: no violation" << Qt::endl;
        return 0;
    }
    out << violations.size() << (violations.size() == 1 ? " violation:" : " violations:") << '\n';
    for (const QString &violation : violations)
        out << "  - " << violation << '\n';
    out.flush();
    return 1;
}
