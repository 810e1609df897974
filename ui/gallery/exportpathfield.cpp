#include "exportpathfield.h"

#include "icons.h"
#include "settings/problemlabel.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace atelier {

namespace {

// The nearest folder of path that exists, for the file dialog to open in.
QString existingFolder(const QString &path)
{
    QFileInfo info(path);
    while (!info.isDir() && info.absolutePath() != info.absoluteFilePath())
        info = QFileInfo(info.absolutePath());
    return info.isDir() ? info.absoluteFilePath() : QDir::homePath();
}

} // namespace

ExportPathField::ExportPathField(QWidget *parent) : QWidget(parent)
{
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("pathField"));
    setFocusProxy(m_path);
    m_browse = new QPushButton(Icons::icon(QStringLiteral("folder")), tr("Browse…"), this);
    m_browse->setAutoDefault(false);
    m_problem = new ProblemLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_path, 1);
    row->addWidget(m_browse);
    // Under the path it is about; hidden, it takes no room.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_problem);

    connect(m_path, &QLineEdit::textChanged, this, [this] {
        m_problem->setProblem({});
        Q_EMIT pathChanged();
    });
    connect(m_browse, &QPushButton::clicked, this, &ExportPathField::browse);
}

void ExportPathField::setFolderMode()
{
    m_nameFilter.clear();
    m_suffix.clear();
}

void ExportPathField::setFileMode(const QString &nameFilter, const QString &suffix)
{
    m_nameFilter = nameFilter;
    m_suffix = suffix;
}

QString ExportPathField::path() const
{
    QString text = QDir::fromNativeSeparators(m_path->text().trimmed());
    if (text == QLatin1String("~") || text.startsWith(QLatin1String("~/")))
        text.replace(0, 1, QDir::homePath());
    return text.isEmpty() ? QString() : QDir::cleanPath(text);
}

void ExportPathField::setPath(const QString &path)
{
    m_path->setText(QDir::toNativeSeparators(path));
}

void ExportPathField::setProblem(const QString &problem)
{
    m_problem->setProblem(problem);
}

void ExportPathField::browse()
{
    const QString current = path().isEmpty() ? QDir::homePath() : path();
    // Not modal on its own event loop: open() returns at once, fileSelected brings the answer.
    auto *dialog = new QFileDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_nameFilter.isEmpty()) {
        dialog->setWindowTitle(tr("Export into this folder"));
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setOption(QFileDialog::ShowDirsOnly);
        dialog->setDirectory(existingFolder(current));
    } else {
        dialog->setWindowTitle(tr("Export as"));
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        // Replacing a file is asked by the export itself, for a typed name as for a chosen one.
        dialog->setOption(QFileDialog::DontConfirmOverwrite);
        dialog->setNameFilter(m_nameFilter);
        dialog->setDefaultSuffix(m_suffix);
        dialog->setDirectory(existingFolder(QFileInfo(current).absolutePath()));
        dialog->selectFile(QFileInfo(current).fileName());
    }
    connect(dialog, &QFileDialog::fileSelected, this, &ExportPathField::setPath);
    dialog->open();
}

} // namespace atelier
