#include "currentprofile.h"

#include "engine/imagegenerationservice.h"

namespace atelier {

CurrentProfile::CurrentProfile(ImageGenerationService &service, QObject *parent)
    : QObject(parent), m_service(service)
{}

Profile CurrentProfile::profile() const
{
    return m_service.profile(m_id).value_or(Profile{});
}

void CurrentProfile::setId(qint64 id)
{
    if (id == m_id)
        return;
    m_id = id;
    Q_EMIT changedTo(id);
}

} // namespace atelier
