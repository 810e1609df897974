#include "queuepanel.h"

#include "studiocontext.h"

namespace atelier {

QueuePanel::QueuePanel(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context) {}

} // namespace atelier
