#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QProcess;

namespace atelier::test {

// Runs a command-line program as a child process, as a person or a script would, kept away from the
// developer's session: its data, library, settings, home and caches under one folder, its own runtime folder,
// no display, a session bus that is not there and none of the services' accounts from the environment, so
// that a test neither reads nor changes a developer's own images, settings or keychain, and uses only the
// accounts it sets.
class CliProcess
{
public:
    struct Result
    {
        int exitCode = -1; // also when the program crashed or did not finish in time
        QByteArray out;
        QByteArray err;
        QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    };

    // The program's data, library, settings, home, XDG data and cache go to data/, library/, config/, home/,
    // share/ and cache/ under `folder`. `runtimeDir` must be the user's alone (0700): otherwise Qt warns on
    // stderr, which tests assert.
    CliProcess(QString program, QString folder, QString runtimeDir);
    // Set for the runs after this, over everything above.
    void setVariable(const QString &name, const QString &value);
    // Forgets every setVariable().
    void clearVariables() { m_variables.clear(); }
    void setWorkingDirectory(const QString &path) { m_workingDirectory = path; }

    // Runs the program and waits for it. A non-null `input` is written to its standard input, which is
    // then closed; otherwise standard input is left open and empty.
    Result run(const QStringList &arguments, const QByteArray &input = {}) const;
    // Starts the program and returns at once, for a test whose own event loop must keep serving (an
    // in-process fake server) while the program runs.
    void start(QProcess &process, const QStringList &arguments) const;

private:
    QString m_program;
    QString m_folder;
    QProcessEnvironment m_environment;
    QProcessEnvironment m_variables;
    QString m_workingDirectory;
};

// Starts one of the fake server programs (atelier-fake-openai, atelier-fake-cloudinary) and gives the base
// URL of its first line, "listening on URL ..."; empty when it did not start.
QString startFakeServer(QProcess &server, const QString &program, const QStringList &arguments);

} // namespace atelier::test
