#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;

namespace atelier {

struct StudioContext;

// The tool bar's profile picker with the balance, new, rename and top-up.
class ProfileSwitcher final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileSwitcher)
public:
    explicit ProfileSwitcher(StudioContext &context, QWidget *parent = nullptr);

private:
    // Fills the combo from the service, the current profile selected.
    void reloadProfiles();
    void selectCurrent();
    void showBalance();
    void pick(int index);
    void createProfile();
    void renameProfile();
    void topUp();

    StudioContext &m_context;
    QComboBox *m_profiles = nullptr;
    QLabel *m_balance = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_renameAction = nullptr;
    QAction *m_topUpAction = nullptr;
};

} // namespace atelier
