#include "promptpanel.h"

#include "studiocontext.h"

namespace atelier {

PromptPanel::PromptPanel(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context) {}

GenerationRequest PromptPanel::request() const
{
    return {};
}

void PromptPanel::setRequest(const GenerationRequest &request)
{
    Q_UNUSED(request)
}

void PromptPanel::useModel(const QString &modelId)
{
    Q_UNUSED(modelId)
}

} // namespace atelier
