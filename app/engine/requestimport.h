#pragma once

#include "domain/generationrequest.h"
#include "domain/generationsidecar.h"
#include "domain/modelcatalog.h"
#include "domain/parameterstext.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace atelier {

// A request read from a file someone dropped on the form: a PNG carrying a "parameters" text (from Atelier's
// exports or a Stable Diffusion web UI) or an Atelier sidecar. `summary` says in words what was filled and
// what was left out; `error` is set instead when the file holds nothing to fill in.
struct ImportedRequest
{
    GenerationRequest request;
    QString summary;
    QString error;
};

// What such a file holds, read from disk: the parameters of a PNG or a sidecar; `error` in words instead
// when it holds neither or was not read.
struct RequestFile
{
    std::optional<ParametersText> parameters;
    std::optional<GenerationSidecar> sidecar;
    QString error;
};

// Turns such files into requests. Pure functions: read() touches the disk and belongs on a worker thread;
// the rest is quick and safe on any thread with a copy of the catalog.
class RequestImport
{
    Q_DECLARE_TR_FUNCTIONS(RequestImport)

public:
    // The largest files read: a PNG, and anything else (a sidecar).
    static constexpr qint64 kLargestPng = 64LL << 20;
    static constexpr qint64 kLargestSidecar = 1LL << 20;

    // Whether the file name looks like one (".png" or ".json"), before reading it.
    static bool mayHold(const QString &path);
    // Reads a regular file of at most kLargestPng when it is named ".png", kLargestSidecar otherwise; a
    // folder, a pipe or a device is refused without being opened.
    static RequestFile read(const QString &path);

    // `base` is the form as it is: what the file does not say stays as it was. A parameters text replaces
    // the custom prompt too, since its prompt is the full prompt the provider received. A seed comes from the
    // file or not at all, since it belongs to its prompt. File paths (reference images, the mask) are never
    // taken from a file: the base's stay, and the summary says so.
    static ImportedRequest fromFile(const QString &path, const ModelCatalog &catalog,
                                    const GenerationRequest &base);
    static ImportedRequest fromRead(const RequestFile &file, const ModelCatalog &catalog,
                                    const GenerationRequest &base);
    static ImportedRequest fromParameters(const ParametersText &text, const ModelCatalog &catalog,
                                          const GenerationRequest &base);
    // Takes the prompt and custom prompt, the model when the catalog knows it, the aspect ratio (or one for
    // the size), and the quality, style, image count, seed and other options the model takes with values
    // the catalog allows.
    static ImportedRequest fromSidecar(const GenerationSidecar &sidecar, const ModelCatalog &catalog,
                                       const GenerationRequest &base);
};

} // namespace atelier
