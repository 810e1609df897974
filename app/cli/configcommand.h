#pragma once

#include <QTextStream>

namespace atelier {
struct SettingsStores;
} // namespace atelier

namespace atelier::cli {

class CommandLine;

// `config`: shows the provider settings and where each value comes from, sets and unsets them. Needs no
// store: it runs before the engine is built.
class ConfigCommand
{
public:
    ConfigCommand(SettingsStores &stores, const CommandLine &commandLine, QTextStream &out, QTextStream &err);

    int run();

private:
    // A cloudinary.* name goes to the Cloudinary settings, a queue.* one to the queue's, any other to
    // OpenAI's.
    QString set(const QString &name, const QString &value);
    QString unset(const QString &name);
    int show();
    int fail(const QString &message);

    SettingsStores &m_stores;
    const CommandLine &m_commandLine;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace atelier::cli
