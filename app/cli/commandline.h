#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace atelier::cli {

// The command line of atelier-cli: `atelier-cli [global options] COMMAND [arguments] [options]`. Knows which
// options each command takes, so a misplaced option is refused with a clear line instead of being ignored.
class CommandLine
{
public:
    CommandLine();

    // False with *error set when the line cannot be understood.
    bool parse(const QStringList &arguments, QString *error);

    QString command() const { return m_command; }
    QStringList arguments() const { return m_arguments; } // positional arguments after the command
    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QString value(const QString &name) const { return m_parser.value(name); }
    QStringList values(const QString &name) const { return m_parser.values(name); }

    static QString helpText();

private:
    QCommandLineParser m_parser;
    QString m_command;
    QStringList m_arguments;
};

} // namespace atelier::cli
