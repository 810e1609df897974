#pragma once

#include "generationrequest.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace atelier {

struct Generation;

// What it takes to reproduce a finished generation, as the JSON file written beside each result file
// ("<result file name>.json"). Versioned, so that a later Atelier can still read what an earlier one wrote:
// {"format": "atelier-sidecar", "version": 1, "request": {...}, ...}.
struct GenerationSidecar
{
    static constexpr int kVersion = 1;

    qint64 generationId = 0;
    int run = 1;
    GenerationRequest request; // as stored, with the catalog's defaults filled in
    QString provider;
    QString modelLabel;
    QString size;               // the resolved WIDTHxHEIGHT (or "auto")
    std::optional<qint64> seed; // the request's seed, when it has one
    qint64 durationMs = -1;     // from the attempt's start until the provider delivered
    qint64 tokensCharged = 0;
    QDateTime createdAt;
    QDateTime finishedAt; // when the provider delivered the images
    QStringList files;    // the result file names, without folders, in order

    QJsonObject toJson() const;
    QByteArray toBytes() const; // indented JSON, as written to disk
    // Nothing, and *error in words, when the bytes are not an Atelier sidecar this version can read.
    static std::optional<GenerationSidecar> fromJson(const QByteArray &bytes, QString *error);
    // The sidecar of a finished generation as the store has it, for a result whose file beside it is gone.
    // modelLabel: what the catalog calls the model.
    static GenerationSidecar of(const Generation &generation, const QString &modelLabel);

    bool operator==(const GenerationSidecar &) const = default;

    Q_DECLARE_TR_FUNCTIONS(GenerationSidecar)
};

} // namespace atelier
