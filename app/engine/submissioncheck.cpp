#include "submissioncheck.h"

#include "domain/modelcatalog.h"
#include "providers/provider.h"
#include "storage/store.h"

namespace atelier {

GenerationError SubmissionCheck::check(const GenerationRequest &request, QString *provider) const
{
    using Category = GenerationError::Category;
    if (!m_store.profile(request.profileId))
        return GenerationError::make(Category::Validation,
                                     tr("There is no profile with id %1.").arg(request.profileId));
    if (const auto invalid = m_catalog.validate(request))
        return *invalid;
    const ModelSpec *spec = m_catalog.model(request.model);
    Provider *backend = m_providers.value(spec->provider);
    if (!backend)
        return GenerationError::make(
            Category::Validation,
            tr("%1 needs the %2 provider, which this build does not have.").arg(spec->label, spec->provider));
    QString whyNot;
    // A setup problem (no key, a refused base URL) whose words already say what to do.
    if (!backend->isReady(&whyNot))
        return GenerationError::make(Category::Validation, whyNot);
    *provider = spec->provider;
    return {};
}

GenerationError SubmissionCheck::validate(const GenerationRequest &request, qint64 *estimatedCost) const
{
    const GenerationRequest complete = m_catalog.withDefaults(request);
    QString provider;
    GenerationError error = check(complete, &provider);
    if (!error.isError() && estimatedCost)
        *estimatedCost = m_catalog.reservation(complete);
    return error;
}

} // namespace atelier
