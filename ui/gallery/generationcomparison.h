#pragma once

#include "domain/generation.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace atelier {

class ModelCatalog;

// What two to four generations were made with, side by side: one row per setting (model, size, prompt,
// each option...), a value per generation, and whether they differ.
class GenerationComparison
{
    Q_DECLARE_TR_FUNCTIONS(GenerationComparison)

public:
    struct Row
    {
        QString label;
        QStringList values; // one per generation, in their order; empty where one has none
        bool differs = false;
    };

    static QList<Row> rows(const QList<Generation> &generations, const ModelCatalog &catalog);
};

} // namespace atelier
