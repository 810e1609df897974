#include "profilenamedialog.h"

#include "engine/imagegenerationservice.h"
#include "icons.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace atelier {

namespace {
// The store's limit; checked here too so the person learns it while typing.
constexpr int kMaxNameLength = 64;
} // namespace

ProfileNameDialog::ProfileNameDialog(ImageGenerationService &service, qint64 profileId, QWidget *parent)
    : QDialog(parent), m_service(service), m_profileId(profileId)
{
    const bool renaming = profileId != 0;
    if (renaming)
        m_currentName = service.profile(profileId).value_or(Profile{}).name;
    setWindowTitle(renaming ? tr("Rename profile") : tr("New profile"));

    auto *intro = new QLabel(renaming ? tr("Choose a new name for “%1”.").arg(m_currentName)
                                      : tr("A profile keeps its own pictures, history and tokens."),
                             this);
    intro->setWordWrap(true);
    m_name = new QLineEdit(m_currentName, this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("For example: Studio, Ana, Client work"));
    m_name->selectAll();
    m_problemRow = new QWidget(this);
    auto *warning = new QLabel(m_problemRow);
    warning->setPixmap(Icons::icon(QStringLiteral("warning")).pixmap(16, 16));
    warning->setAlignment(Qt::AlignTop);
    m_problem = new QLabel(m_problemRow);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    auto *problemLayout = new QHBoxLayout(m_problemRow);
    problemLayout->setContentsMargins(0, 0, 0, 0);
    problemLayout->addWidget(warning);
    problemLayout->addWidget(m_problem, 1);
    m_problemRow->hide();
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(renaming ? tr("Rename") : tr("Create"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problemRow);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_name, &QLineEdit::textChanged, this, &ProfileNameDialog::check);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ProfileNameDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ProfileNameDialog::reject);
    // Another window or the command line may take a name while this dialog is open.
    connect(&service, &ImageGenerationService::profilesChanged, this, &ProfileNameDialog::check);
    check();
    setMinimumWidth(380);
}

QString ProfileNameDialog::problem(const QString &name) const
{
    if (name.isEmpty())
        return m_name->isModified() ? tr("Type a name for the profile.") : QString();
    if (name.size() > kMaxNameLength)
        return tr("That name is %1 characters long; a name can have at most %2.")
            .arg(name.size())
            .arg(kMaxNameLength);
    const std::optional<Profile> existing = m_service.profileByName(name);
    if (existing && existing->id != m_profileId)
        return tr("There is already a profile called “%1”. Choose another name.").arg(name);
    return {};
}

void ProfileNameDialog::check()
{
    if (m_saving)
        return; // the service announces the very change this dialog is making
    const QString name = m_name->text().trimmed();
    const QString why = problem(name);
    showProblem(why);
    const bool unchanged = m_profileId != 0 && name == m_currentName;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!name.isEmpty() && why.isEmpty() && !unchanged);
}

void ProfileNameDialog::showProblem(const QString &text)
{
    m_problem->setText(text);
    m_problemRow->setVisible(!text.isEmpty());
    // A reason that wraps onto more lines than the dialog has room for would be cut off: grow to fit it.
    layout()->activate();
    const int needed = layout()->totalHeightForWidth(width());
    if (needed > height())
        resize(width(), needed);
}

void ProfileNameDialog::accept()
{
    const QString name = m_name->text().trimmed();
    if (!m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    GenerationError error;
    m_saving = true;
    if (m_profileId == 0) {
        const std::optional<Profile> created = m_service.createProfile(name, &error);
        if (created)
            m_profileId = created->id;
    } else {
        error = m_service.renameProfile(m_profileId, name);
    }
    m_saving = false;
    if (error.isError()) {
        showProblem(error.message);
        return;
    }
    QDialog::accept();
}

} // namespace atelier
