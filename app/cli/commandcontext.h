#pragma once

#include "domain/generationerror.h"
#include "domain/profile.h"

#include <QJsonValue>
#include <QTextStream>

#include <optional>

namespace atelier {
class ImageGenerationService;
}

namespace atelier::cli {

class CommandLine;
class TerminalProgress;

enum ExitCode
{
    Ok = 0,
    Unsuccessful = 1,
    BadInput = 2,
    StorageError = 3,
    Interrupted = 130
};

// What every command works with: the service, the parsed command line, the output streams, and the ways to
// answer (a failure line, JSON).
class CommandContext
{
public:
    CommandContext(ImageGenerationService &service, const CommandLine &commandLine, QTextStream &out,
                   QTextStream &err, TerminalProgress &progress);

    ImageGenerationService &service;
    const CommandLine &commandLine;
    QTextStream &out;
    QTextStream &err;
    TerminalProgress &progress;

    bool wantsJson() const;
    // One line on stderr; returns the exit code to leave with.
    int fail(const QString &message, int code = BadInput);
    int fail(const GenerationError &error);
    void printJson(const QJsonValue &value);
    // --profile, or the default profile; prints why not when there is none.
    std::optional<Profile> resolveProfile();
    // The single generation id argument of the command; prints why not when there is none.
    bool parseId(qint64 *id);
    // Generation ids ("12" or "#12"); prints why not at the first argument that is none.
    bool parseIds(const QStringList &arguments, QList<qint64> *ids);
    // Whether the person agrees to `question`: --yes, or "y" typed at the question on a terminal. Without a
    // terminal it fails asking for --yes; when false, *code is the exit status to leave with.
    bool agrees(const QString &question, int *code);
    // The profile acting on a generation: --profile, which must own it, or else its owner; prints why not.
    std::optional<qint64> actingProfile(qint64 generationId);
};

} // namespace atelier::cli
