#pragma once

#include "domain/generationrequest.h"

#include <QWidget>

namespace atelier {

struct StudioContext;

// The form a generation starts from: prompt, model, aspect ratio, quality and options, reference images,
// the estimated cost beside the balance, and Generate.
class PromptPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit PromptPanel(StudioContext &context, QWidget *parent = nullptr);

    // The form as a request for the current profile.
    GenerationRequest request() const;
    // Fills the form from a request (reuse settings).
    void setRequest(const GenerationRequest &request);
    void useModel(const QString &modelId);

private:
    StudioContext &m_context;
};

} // namespace atelier
