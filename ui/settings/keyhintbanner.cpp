#include "keyhintbanner.h"

#include "studiocontext.h"

namespace atelier {

KeyHintBanner::KeyHintBanner(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context) {}

} // namespace atelier
