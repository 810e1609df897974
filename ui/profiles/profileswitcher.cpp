#include "profileswitcher.h"

#include "currentprofile.h"
#include "engine/imagegenerationservice.h"
#include "icons.h"
#include "profilenamedialog.h"
#include "studiocontext.h"
#include "tokentext.h"
#include "topupdialog.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSignalBlocker>
#include <QToolButton>

namespace atelier {

ProfileSwitcher::ProfileSwitcher(StudioContext &context, QWidget *parent)
    : QWidget(parent), m_context(context)
{
    m_profiles = new QComboBox(this);
    m_profiles->setObjectName(QStringLiteral("profileCombo"));
    m_profiles->setAccessibleName(tr("Profile"));
    m_profiles->setToolTip(tr("Whose pictures, history and tokens you are working with"));
    m_profiles->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_profiles->setMinimumContentsLength(10);

    m_balance = new QLabel(this);
    m_balance->setObjectName(QStringLiteral("balanceLabel"));
    m_balance->setToolTip(tr("Tokens this profile has left to spend"));

    m_newAction = new QAction(Icons::icon(QStringLiteral("add")), tr("New profile…"), this);
    m_newAction->setObjectName(QStringLiteral("newProfileAction"));
    m_renameAction = new QAction(Icons::icon(QStringLiteral("rename")), tr("Rename profile…"), this);
    m_renameAction->setObjectName(QStringLiteral("renameProfileAction"));
    m_topUpAction = new QAction(Icons::icon(QStringLiteral("topup")), tr("Top up…"), this);
    m_topUpAction->setObjectName(QStringLiteral("topUpAction"));
    m_topUpAction->setToolTip(tr("Add tokens to this profile"));
    connect(m_newAction, &QAction::triggered, this, &ProfileSwitcher::createProfile);
    connect(m_renameAction, &QAction::triggered, this, &ProfileSwitcher::renameProfile);
    connect(m_topUpAction, &QAction::triggered, this, &ProfileSwitcher::topUp);

    auto *topUpButton = new QToolButton(this);
    topUpButton->setDefaultAction(m_topUpAction);
    topUpButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *menu = new QMenu(this);
    menu->addAction(m_newAction);
    menu->addAction(m_renameAction);
    menu->addSeparator();
    menu->addAction(m_topUpAction);
    auto *menuButton = new QToolButton(this);
    menuButton->setObjectName(QStringLiteral("profileMenuButton"));
    menuButton->setIcon(Icons::icon(QStringLiteral("profile")));
    menuButton->setText(tr("Profiles"));
    menuButton->setToolTip(tr("Create or rename profiles"));
    menuButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    menuButton->setPopupMode(QToolButton::InstantPopup);
    menuButton->setMenu(menu);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_profiles);
    layout->addWidget(m_balance);
    layout->addSpacing(4);
    layout->addWidget(topUpButton);
    layout->addWidget(menuButton);

    ImageGenerationService &service = context.service;
    connect(m_profiles, &QComboBox::activated, this, &ProfileSwitcher::pick);
    connect(&service, &ImageGenerationService::profilesChanged, this, &ProfileSwitcher::reloadProfiles);
    connect(&service, &ImageGenerationService::balanceChanged, this, [this](qint64 profileId, qint64) {
        if (profileId == m_context.profile.id())
            showBalance();
    });
    connect(&context.profile, &CurrentProfile::changedTo, this, [this] {
        selectCurrent();
        showBalance();
    });
    reloadProfiles();
    showBalance();
}

void ProfileSwitcher::reloadProfiles()
{
    const QSignalBlocker blocker(m_profiles);
    m_profiles->clear();
    const QList<Profile> profiles = m_context.service.profiles();
    for (const Profile &profile : profiles)
        m_profiles->addItem(profile.name, profile.id);
    selectCurrent();
}

void ProfileSwitcher::selectCurrent()
{
    const QSignalBlocker blocker(m_profiles);
    m_profiles->setCurrentIndex(m_profiles->findData(m_context.profile.id()));
    const bool chosen = m_profiles->currentIndex() >= 0;
    m_renameAction->setEnabled(chosen);
    m_topUpAction->setEnabled(chosen);
}

void ProfileSwitcher::showBalance()
{
    const Profile profile = m_context.profile.profile();
    m_balance->setText(TokenText::amount(profile.balance));
    m_balance->setAccessibleName(
        tr("Balance of %1: %2").arg(profile.name, TokenText::amount(profile.balance)));
}

void ProfileSwitcher::pick(int index)
{
    m_context.profile.setId(m_profiles->itemData(index).toLongLong());
}

void ProfileSwitcher::createProfile()
{
    auto *dialog = new ProfileNameDialog(m_context.service, 0, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { m_context.profile.setId(dialog->profileId()); });
    dialog->open();
}

void ProfileSwitcher::renameProfile()
{
    // The combo follows through profilesChanged.
    auto *dialog = new ProfileNameDialog(m_context.service, m_context.profile.id(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ProfileSwitcher::topUp()
{
    // The balance follows through balanceChanged.
    auto *dialog = new TopUpDialog(m_context.service, m_context.profile.id(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace atelier
