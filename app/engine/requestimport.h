#pragma once

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"

#include <QCoreApplication>
#include <QString>

namespace atelier {

struct GenerationSidecar;
struct ParametersText;

// A request read from a file someone dropped on the form: a PNG carrying a "parameters" text (from Atelier's
// exports or a Stable Diffusion web UI) or an Atelier sidecar. `summary` says in words what was filled and
// what was left out; `error` is set instead when the file holds nothing to fill in.
struct ImportedRequest
{
    GenerationRequest request;
    QString summary;
    QString error;
};

// Turns such files into requests. Pure functions over a copy of the catalog: safe on any thread, which is
// where they belong for a large file.
class RequestImport
{
    Q_DECLARE_TR_FUNCTIONS(RequestImport)

public:
    // Whether the file name looks like one (".png" or ".json"), before reading it.
    static bool mayHold(const QString &path);
    // `base` is the form as it is: what the file does not say stays as it was.
    static ImportedRequest fromFile(const QString &path, const ModelCatalog &catalog,
                                    const GenerationRequest &base);
    static ImportedRequest fromParameters(const ParametersText &text, const ModelCatalog &catalog,
                                          const GenerationRequest &base);
    static ImportedRequest fromSidecar(const GenerationSidecar &sidecar, const GenerationRequest &base);
};

} // namespace atelier
