#pragma once

#include "domain/generationrequest.h"

#include <QWidget>

namespace atelier {

struct StudioContext;

// The profile's history as a thumbnail grid with search, filters and a details pane.
class GalleryPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit GalleryPanel(StudioContext &context, QWidget *parent = nullptr);

Q_SIGNALS:
    // "Reuse settings": the prompt panel takes this request.
    void reuseRequested(const atelier::GenerationRequest &request);

private:
    StudioContext &m_context;
};

} // namespace atelier
