#pragma once

#include "generationerror.h"
#include "generationrequest.h"
#include "imageusage.h"
#include "modelspec.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSize>
#include <QString>

#include <optional>

namespace atelier {

// The data-driven catalog of models: sizes, aspect-ratio mapping, qualities, styles, limits and prices.
// Loaded from JSON (the resource :/catalog/models.json by default); no rule of a model lives in code.
class ModelCatalog
{
    Q_DECLARE_TR_FUNCTIONS(ModelCatalog)

public:
    // Loads the built-in catalog from the resource. Aborts with a qFatal if the resource is broken: it is
    // part of the program.
    static ModelCatalog builtIn();
    // Parses a catalog; on failure returns nothing and sets *error to a message naming the model and field.
    static std::optional<ModelCatalog> fromJson(const QByteArray &json, QString *error);

    // The aspect ratios every model maps, in the order the UI shows them: 1:1, 3:2, 2:3, 4:3, 3:4, 16:9,
    // 9:16, 21:9.
    static QStringList aspectRatios();

    QList<ModelSpec> models() const { return m_models; }
    const ModelSpec *model(const QString &id) const;
    QString defaultModel() const { return m_defaultModel; } // "offline"

    // The provider options requests may carry, and the names one model takes (its options, then those every
    // model takes, such as "seed").
    QList<ParameterSpec> parameters() const { return m_parameters; }
    const ParameterSpec *parameter(const QString &name) const;
    QStringList acceptedParameters(const QString &modelId) const;

    // "1536x864" -> 1536x864; nothing for "auto" or anything that is not WIDTHxHEIGHT.
    static std::optional<QSize> parseSize(const QString &size);

    // The size to request: request.size when given, else the model's size for request.aspectRatio.
    // Empty when the model is unknown.
    QString resolveSize(const GenerationRequest &request) const;

    // Checks the request against every rule of its model (prompt not empty and within the limit, known model,
    // size/aspect, quality, style, n, reference-image count, type, size on disk and squareness, options).
    // Returns the first broken rule as a Validation error whose message names the field and the limit.
    std::optional<GenerationError> validate(const GenerationRequest &request) const;

    // Empty fields (quality, style) filled with the model's defaults. Call before validate/estimate.
    GenerationRequest withDefaults(const GenerationRequest &request) const;

    // The listed price of the request: price per image for the resolved size and quality times n. Quality
    // "auto" is priced as the most expensive quality.
    qint64 estimateCost(const GenerationRequest &request) const;
    // The tokens to reserve on submit: estimateCost, plus for usage-priced models a bound on the input tokens
    // (prompt and reference images) and the rounding of the listed per-image prices, so that the charge from
    // the reported usage stays within it.
    qint64 reservation(const GenerationRequest &request) const;
    // The cost of a finished request from the usage the provider reported; estimateCost when none was
    // reported.
    qint64 costFromUsage(const GenerationRequest &request, const ImageUsage &usage) const;

private:
    std::optional<GenerationError> validateParameters(const ModelSpec &spec,
                                                      const QVariantMap &parameters) const;

    QList<ModelSpec> m_models;
    QString m_defaultModel;
    QList<ParameterSpec> m_parameters;
};

} // namespace atelier
