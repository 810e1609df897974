#pragma once

#include <QString>
#include <QTextStream>

#include <cstdio>

namespace atelier {
class SecretStore;
}

namespace atelier::cli {

class CommandLine;

// `key`: saves, checks and forgets the OpenAI API key in the system keychain. The key is read from standard
// input (never from the command line, where other users and the shell history would see it) and never
// printed.
class KeyCommand
{
public:
    KeyCommand(SecretStore &secrets, const CommandLine &commandLine, QTextStream &out, QTextStream &err);

    int run();

    // The key from OPENAI_API_KEY, else from the keychain; empty when neither has one. *note says why in
    // words when the keychain could not be asked.
    static QString loadKey(SecretStore &secrets, QString *note);

private:
    int set();
    int status();
    int forget();
    int fail(const QString &message, int code);
    QString readKey();

    SecretStore &m_secrets;
    const CommandLine &m_commandLine;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace atelier::cli
