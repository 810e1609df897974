#pragma once

#include "domain/generationerror.h"
#include "domain/generationrequest.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>

namespace atelier {

class ModelCatalog;
class Provider;
class Store;

// Whether a request may be queued now: its profile exists, it keeps every rule of the catalog, and its
// model's provider is in this build and ready (an API key is set, ...).
class SubmissionCheck
{
    Q_DECLARE_TR_FUNCTIONS(SubmissionCheck)
public:
    SubmissionCheck(const Store &store, const ModelCatalog &catalog,
                    const QHash<QString, Provider *> &providers)
        : m_store(store), m_catalog(catalog), m_providers(providers)
    {}

    // The first reason the request cannot be queued; none, with *provider set to the provider to run it on.
    GenerationError check(const GenerationRequest &request, QString *provider) const;
    // check() on the request with the catalog's defaults filled in, and the tokens it would reserve.
    GenerationError validate(const GenerationRequest &request, qint64 *estimatedCost) const;

private:
    const Store &m_store;
    const ModelCatalog &m_catalog;
    const QHash<QString, Provider *> &m_providers;
};

} // namespace atelier
