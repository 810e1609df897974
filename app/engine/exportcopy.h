#pragma once

#include "domain/generationsidecar.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace atelier {

// What one result file becomes in an export: its bytes as they are, or a PNG copy carrying an AUTOMATIC1111
// "parameters" text (a chunk inserted, nothing re-encoded), and the sidecar that goes with it.
class ExportCopy final
{
    Q_DECLARE_TR_FUNCTIONS(ExportCopy)

public:
    // Reads the file (only to embed) and its sidecar. described: what the store knows, used when the
    // sidecar beside the file is missing or unreadable.
    static ExportCopy make(const QString &source, const GenerationSidecar &described, bool embedParameters,
                           bool withSidecar);

    QByteArray changed; // the copy's bytes when they differ from the file's; empty: copy the file as it is
    QByteArray sidecar; // the file's own sidecar byte for byte, else `described`; empty without sidecars
    bool parametersEmbedded = false;
    bool contentCredentials = false; // a PNG with a C2PA manifest, copied unchanged
    bool notPng = false;             // embedding was asked for, but only PNGs take it
    QString note;                    // in words, when the copy is not what was asked for
    QString error;                   // in words, when the file could not be read
};

} // namespace atelier
