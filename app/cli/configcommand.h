#pragma once

#include <QTextStream>

namespace atelier {
class OpenAiPreferences;
}

namespace atelier::cli {

class CommandLine;

// `config`: shows the provider settings and where each value comes from, sets and unsets them. Needs no
// store: it runs before the engine is built.
class ConfigCommand
{
public:
    ConfigCommand(OpenAiPreferences &preferences, const CommandLine &commandLine, QTextStream &out,
                  QTextStream &err);

    int run();

private:
    int show();
    int fail(const QString &message);

    OpenAiPreferences &m_preferences;
    const CommandLine &m_commandLine;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace atelier::cli
