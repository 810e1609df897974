#pragma once

#include "settingspage.h"

class QLineEdit;
class QPushButton;
class QSpinBox;

namespace atelier {

class ProblemLabel;
class StudioSettings;
struct StudioContext;

// The Library page: the folder new images are saved in, and how long deleted ones stay in the trash. Both
// are read at start, so a change applies the next time.
class LibrarySettingsPage final : public SettingsPage
{
    Q_OBJECT
public:
    explicit LibrarySettingsPage(StudioContext &context, QWidget *parent = nullptr);

    bool isValid() const override;
    QString apply() override;

private:
    void browse();
    void check();
    QString folder() const;

    StudioSettings &m_settings;
    QLineEdit *m_folder = nullptr;
    QPushButton *m_browse = nullptr;
    ProblemLabel *m_problem = nullptr;
    QSpinBox *m_trashDays = nullptr;
};

} // namespace atelier
