#include "librarysettingspage.h"

#include "engine/datapaths.h"
#include "engine/trashpreferences.h"
#include "icons.h"
#include "problemlabel.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace atelier {

namespace {
const char *const LibraryVariable = "ATELIER_LIBRARY_DIR";
} // namespace

LibrarySettingsPage::LibrarySettingsPage(StudioContext &context, QWidget *parent)
    : SettingsPage(parent), m_settings(context.settings)
{
    auto *label = new QLabel(tr("Save new images in this folder:"), this);
    m_folder = new QLineEdit(QDir::toNativeSeparators(m_settings.libraryFolder()), this);
    m_folder->setObjectName(QStringLiteral("libraryFolder"));
    m_folder->setClearButtonEnabled(true);
    // What an empty field means at the next start.
    m_folder->setPlaceholderText(QDir::toNativeSeparators(DataPaths::resolve().libraryDir));
    label->setBuddy(m_folder);
    m_browse = new QPushButton(Icons::icon(QStringLiteral("folder")), tr("Browse…"), this);
    m_browse->setAutoDefault(false);
    auto *row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(m_browse);
    m_problem = new ProblemLabel(this);
    m_problem->setObjectName(QStringLiteral("libraryProblem"));

    QString text = tr("Applies the next time Atelier starts. Images made before stay where they are; leave "
                      "the field empty for the usual folder.");
    if (qEnvironmentVariableIsSet(LibraryVariable))
        text += QLatin1Char(' ') + tr("%1 is set in the environment and wins over this folder.")
                                       .arg(QString::fromLatin1(LibraryVariable));
    auto *note = new QLabel(text, this);
    note->setObjectName(QStringLiteral("libraryNote"));
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    m_trashDays = new QSpinBox(this);
    m_trashDays->setObjectName(QStringLiteral("trashDays"));
    m_trashDays->setRange(0, TrashPreferences::MaxDays);
    m_trashDays->setSpecialValueText(tr("until emptied"));
    m_trashDays->setValue(m_settings.trashDays());
    connect(m_trashDays, &QSpinBox::valueChanged, this, &SettingsPage::edited);
    auto *trash = new QFormLayout;
    trash->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    trash->addRow(tr("Days deleted results stay in the trash:"), m_trashDays);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addLayout(row);
    layout->addWidget(m_problem);
    layout->addWidget(note);
    layout->addSpacing(12);
    layout->addLayout(trash);
    layout->addStretch(1);

    connect(m_folder, &QLineEdit::textEdited, this, [this] {
        check();
        Q_EMIT edited();
    });
    connect(m_browse, &QPushButton::clicked, this, &LibrarySettingsPage::browse);
    check();
}

QString LibrarySettingsPage::folder() const
{
    const QString text = m_folder->text().trimmed();
    return text.isEmpty() ? QString() : QDir::cleanPath(QDir::fromNativeSeparators(text));
}

void LibrarySettingsPage::browse()
{
    const QString start = folder().isEmpty() ? m_folder->placeholderText() : folder();
    auto *dialog = new QFileDialog(this, tr("Choose the folder for your images"),
                                   QFileInfo::exists(start) ? start : QDir::homePath());
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &chosen) {
        m_folder->setText(QDir::toNativeSeparators(chosen));
        check();
        Q_EMIT edited();
    });
    dialog->open();
}

void LibrarySettingsPage::check()
{
    const QString path = folder();
    const QFileInfo info(path);
    QString problem;
    if (path.isEmpty())
        problem.clear();
    else if (!QDir::isAbsolutePath(path))
        problem = tr("Give the whole path of the folder, starting from the top (such as %1).")
                      .arg(QDir::toNativeSeparators(QDir::homePath()));
    else if (info.exists() && !info.isDir())
        problem = tr("That is a file, not a folder.");
    else if (info.exists() && !info.isWritable())
        problem = tr("Atelier may not save files in that folder.");
    m_problem->setProblem(problem);
}

bool LibrarySettingsPage::isValid() const
{
    return m_problem->problem().isEmpty();
}

QString LibrarySettingsPage::apply()
{
    if (folder() != QDir::cleanPath(m_settings.libraryFolder()))
        m_settings.setLibraryFolder(folder());
    if (m_trashDays->value() != m_settings.trashDays())
        m_settings.setTrashDays(m_trashDays->value());
    return {};
}

} // namespace atelier
