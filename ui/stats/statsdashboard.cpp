#include "statsdashboard.h"

#include "studiocontext.h"

namespace atelier {

StatsDashboard::StatsDashboard(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{}

} // namespace atelier
