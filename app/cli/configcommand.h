#pragma once

#include <QTextStream>

namespace atelier {
class CloudinaryPreferences;
class OpenAiPreferences;
} // namespace atelier

namespace atelier::cli {

class CommandLine;

// `config`: shows the provider settings and where each value comes from, sets and unsets them. Needs no
// store: it runs before the engine is built.
class ConfigCommand
{
public:
    ConfigCommand(OpenAiPreferences &preferences, CloudinaryPreferences &cloudinary,
                  const CommandLine &commandLine, QTextStream &out, QTextStream &err);

    int run();

private:
    // A cloudinary.* name goes to the Cloudinary settings, any other to the OpenAI ones.
    QString set(const QString &name, const QString &value);
    QString unset(const QString &name);
    int show();
    int fail(const QString &message);

    OpenAiPreferences &m_preferences;
    CloudinaryPreferences &m_cloudinary;
    const CommandLine &m_commandLine;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace atelier::cli
