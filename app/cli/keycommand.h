#pragma once

#include <QString>
#include <QTextStream>

#include <cstdio>

namespace atelier {
class CloudAccess;
class CloudinaryPreferences;
class SecretStore;
} // namespace atelier

namespace atelier::cli {

class CommandLine;

// `key`: saves, checks and forgets the OpenAI API key (or, with "cloudinary", the Cloudinary API secret) in
// the system keychain. The secret is read from standard input (never from the command line, where other users
// and the shell history would see it) and never printed.
class KeyCommand
{
public:
    KeyCommand(SecretStore &secrets, const CloudinaryPreferences &cloudinary, const CommandLine &commandLine,
               QTextStream &out, QTextStream &err);

    int run();

    // The key from OPENAI_API_KEY, else from the keychain; empty when neither has one. *note says why in
    // words when the keychain could not be asked.
    static QString loadKey(SecretStore &secrets, QString *note);
    // Loads the Cloudinary account and waits for the keychain's answer.
    static void awaitLoaded(CloudAccess &cloud);

private:
    // The secret a command is about: its keychain name, its name in words, the variable that wins over it.
    struct Target
    {
        QString name;
        QString label;
        QString variable;
        QString environmentValue;
    };

    int set();
    int status();
    int forget();
    int fail(const QString &message, int code);
    QString readKey();

    SecretStore &m_secrets;
    Target m_target;
    const CommandLine &m_commandLine;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace atelier::cli
