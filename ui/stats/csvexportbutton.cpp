#include "csvexportbutton.h"

#include "icons.h"

#include <QDir>
#include <QFileDialog>
#include <QSaveFile>
#include <QStandardPaths>

namespace atelier {

CsvExportButton::CsvExportButton(QString suggestedName, Content content, QWidget *parent)
    : QPushButton(Icons::icon(QStringLiteral("export")), tr("Export CSV…"), parent),
      m_suggestedName(std::move(suggestedName)), m_content(std::move(content))
{
    connect(this, &QPushButton::clicked, this, &CsvExportButton::ask);
}

bool CsvExportButton::save(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_content()) < 0 || !file.commit()) {
        Q_EMIT failed(tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    Q_EMIT saved(path);
    return true;
}

void CsvExportButton::ask()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    // open(), not exec(): no nested event loop while the engine keeps reporting.
    auto *dialog = new QFileDialog(this, tr("Export as CSV"), QDir(folder).filePath(m_suggestedName),
                                   tr("CSV files (*.csv)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &CsvExportButton::save);
    dialog->open();
}

} // namespace atelier
