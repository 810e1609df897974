#include "gallerypanel.h"

#include "studiocontext.h"

namespace atelier {

GalleryPanel::GalleryPanel(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context) {}

} // namespace atelier
