#include "exportcopy.h"

#include "domain/parameterstext.h"
#include "engine/requestimport.h"
#include "storage/imagelibrary.h"
#include "storage/pngtextchunk.h"

#include <QFile>
#include <QFileInfo>

namespace atelier {

namespace {

// Reads a whole file of at most `largest` bytes; nothing, with *error in words, otherwise.
std::optional<QByteArray> readFile(const QString &path, qint64 largest, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = ExportCopy::tr("Could not read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.read(largest + 1);
    if (bytes.size() > largest) {
        *error = ExportCopy::tr("%1 is larger than it was a moment ago.").arg(path);
        return std::nullopt;
    }
    return bytes;
}

} // namespace

ExportCopy ExportCopy::make(const QString &source, const GenerationSidecar &described, bool embedParameters,
                            bool withSidecar)
{
    ExportCopy copy;
    const QString name = QFileInfo(source).fileName();
    if (!QFileInfo(source).isFile()) {
        copy.error = tr("%1 is missing from the image library.").arg(source);
        return copy;
    }
    if (!withSidecar && !embedParameters)
        return copy;
    // The file's own sidecar travels as it is; a missing or unreadable one is made again from the store.
    QByteArray sidecarBytes;
    std::optional<GenerationSidecar> sidecar;
    const QString sidecarPath = ImageLibrary::sidecarPath(source);
    if (QFileInfo(sidecarPath).isFile()) {
        QString ignored;
        if (const auto bytes = readFile(sidecarPath, RequestImport::kLargestSidecar, &ignored)) {
            sidecar = GenerationSidecar::fromJson(*bytes, &ignored);
            if (sidecar)
                sidecarBytes = *bytes;
        }
    }
    if (!sidecar) {
        sidecar = described;
        sidecarBytes = described.toBytes();
    }
    if (withSidecar)
        copy.sidecar = sidecarBytes;
    if (!embedParameters)
        return copy;
    if (QFileInfo(source).size() > RequestImport::kLargestPng) {
        copy.note =
            tr("%1 was copied unchanged, without parameters: it is too large to read whole.").arg(name);
        return copy;
    }

    const std::optional<QByteArray> bytes = readFile(source, RequestImport::kLargestPng, &copy.error);
    if (!bytes)
        return copy;
    if (!PngTextChunk::isPng(*bytes)) {
        copy.notPng = true;
        return copy;
    }
    // A chunk added to a PNG with content credentials breaks their signature: such a file stays as it came.
    if (PngTextChunk::hasChunk(*bytes, "caBX")) {
        copy.contentCredentials = true;
        copy.note = tr("%1 carries content credentials (C2PA) and was copied unchanged, without parameters: "
                       "adding them would invalidate its credentials.")
                        .arg(name);
        return copy;
    }
    QString error;
    const std::optional<QByteArray> withText = PngTextChunk::withText(
        *bytes, QStringLiteral("parameters"), ParametersText::fromSidecar(*sidecar).toText(), &error);
    if (!withText) {
        copy.note = tr("%1 was copied unchanged, without parameters: %2").arg(name, error);
        return copy;
    }
    copy.changed = *withText;
    copy.parametersEmbedded = true;
    return copy;
}

} // namespace atelier
