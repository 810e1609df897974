#include "profileswitcher.h"

#include "studiocontext.h"

namespace atelier {

ProfileSwitcher::ProfileSwitcher(StudioContext &context, QWidget *parent)
    : QWidget(parent), m_context(context)
{}

} // namespace atelier
