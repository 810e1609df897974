#pragma once

#include "settingspage.h"

class QComboBox;
class QSpinBox;

namespace atelier {

class ModelCatalog;
class StudioSettings;
struct StudioContext;

// The Prompt defaults page: the model, aspect ratio, quality and number of images the prompt panel starts
// with. The choices come from the model catalog; the qualities and the number follow the chosen model.
class PromptDefaultsPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit PromptDefaultsPage(StudioContext &context, QWidget *parent = nullptr);

    bool isValid() const override { return true; }
    QString apply() override;

private:
    // Fills the qualities and bounds the number of images for the chosen model, keeping what still fits.
    void followModel();

    const ModelCatalog &m_catalog;
    StudioSettings &m_settings;
    QComboBox *m_model = nullptr;
    QComboBox *m_aspectRatio = nullptr;
    QComboBox *m_quality = nullptr;
    QSpinBox *m_imageCount = nullptr;
};

} // namespace atelier
