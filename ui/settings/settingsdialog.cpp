#include "settingsdialog.h"

#include "cloudsettingspage.h"
#include "icons.h"
#include "librarysettingspage.h"
#include "openaisettingspage.h"
#include "problemlabel.h"
#include "promptdefaultspage.h"
#include "queuesettingspage.h"
#include "studiocontext.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace atelier {

SettingsDialog::SettingsDialog(StudioContext &context, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    m_tabs = new QTabWidget(this);
    m_problem = new ProblemLabel(this);
    m_problem->setObjectName(QStringLiteral("dialogProblem"));
    m_buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);

    addPage(new OpenAiSettingsPage(context, m_tabs), QStringLiteral("key"), tr("OpenAI"));
    addPage(new CloudSettingsPage(context, m_tabs), QStringLiteral("upload"), tr("Cloud"));
    addPage(new QueueSettingsPage(context, m_tabs), QStringLiteral("queue"), tr("Queue"));
    addPage(new LibrarySettingsPage(context, m_tabs), QStringLiteral("folder"), tr("Library"));
    addPage(new PromptDefaultsPage(context, m_tabs), QStringLiteral("generate"), tr("Prompt defaults"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    check();
    resize(620, 520);
}

void SettingsDialog::addPage(SettingsPage *page, const QString &icon, const QString &title)
{
    m_pages << page;
    m_icons << icon;
    m_tabs->addTab(page, Icons::icon(icon), title);
    connect(page, &SettingsPage::edited, this, &SettingsDialog::check);
}

void SettingsDialog::check()
{
    bool valid = true;
    for (qsizetype i = 0; i < m_pages.size(); ++i) {
        const bool pageValid = m_pages.at(i)->isValid();
        // The tab with a bad value says so, even while another tab is shown.
        m_tabs->setTabIcon(int(i), Icons::icon(pageValid ? m_icons.at(i) : QStringLiteral("warning")));
        valid = valid && pageValid;
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(valid);
    m_problem->setProblem(valid ? QString()
                                : tr("Fix the marked values first: nothing is saved until then."));
}

bool SettingsDialog::apply()
{
    check();
    if (!m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return false;
    QStringList problems;
    for (SettingsPage *page : std::as_const(m_pages)) {
        if (const QString problem = page->apply(); !problem.isEmpty())
            problems << problem;
    }
    m_problem->setProblem(problems.join(QLatin1Char('\n')));
    return problems.isEmpty();
}

} // namespace atelier
