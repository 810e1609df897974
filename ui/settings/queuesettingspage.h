#pragma once

#include "settingspage.h"

class QSpinBox;

namespace atelier {

struct StudioContext;

// The Queue page: how many images are made at once, in all and per provider. Applied live: jobs already
// running go on, the new limits decide what starts next.
class QueueSettingsPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit QueueSettingsPage(StudioContext &context, QWidget *parent = nullptr);

    bool isValid() const override { return true; }
    QString apply() override;

private:
    QSpinBox *addLimit(const QString &name, int value);

    StudioContext &m_context;
    QSpinBox *m_global = nullptr;
    QSpinBox *m_offline = nullptr;
    QSpinBox *m_openAi = nullptr;
};

} // namespace atelier
