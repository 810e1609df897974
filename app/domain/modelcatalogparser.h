#pragma once

#include "modelspec.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace atelier {

// The catalog JSON turned into values, each field checked for its type and range. Rules that need the size
// logic of ModelCatalog (an aspect size the model cannot make) are checked there.
struct ParsedCatalog
{
    QList<ModelSpec> models;
    QString defaultModel;
    QList<ParameterSpec> parameters;
};

class ModelCatalogParser
{
public:
    // On failure returns nothing and sets *error to a message naming the model (or parameter) and the field.
    static std::optional<ParsedCatalog> parse(const QByteArray &json, const QStringList &aspectRatios,
                                              QString *error);
};

} // namespace atelier
