#pragma once

#include <QList>
#include <QString>

#include <utility>

namespace atelier {

struct GenerationSidecar;

// The "parameters" text that Stable Diffusion web UIs write into PNGs and that gallery managers and
// model-sharing sites read: the prompt (any number of lines), then optionally a line starting with
// "Negative prompt: ", then one line of "Key: value" pairs joined by ", ". A value holding a comma, a colon
// or a line break, starting with a double quote or with spaces around it is written as a JSON string. A
// prompt line that would read as the negative prompt's start ("Negative prompt:" after any spaces, as those
// tools compare it) is written with a zero-width space after "Negative", which parse() takes out again.
struct ParametersText
{
    QString prompt;
    QString negativePrompt;
    QList<std::pair<QString, QString>> fields; // in the order written

    // The value of a key (case-sensitive, as those tools write them); empty when absent.
    QString value(const QString &key) const;
    bool has(const QString &key) const;

    QString toText() const;
    // Reads what any of those tools wrote; keys it does not know are kept in fields. The last line counts as
    // the pairs only when it reads as at least three of them, so a prompt ending in "style: noir" stays the
    // prompt.
    static ParametersText parse(const QString &text);

    // Atelier's keys for a finished generation: Seed, Size, Model, Quality, Style, Aspect ratio, Provider.
    // The prompt is the full prompt the provider received.
    static ParametersText fromSidecar(const GenerationSidecar &sidecar);
};

} // namespace atelier
