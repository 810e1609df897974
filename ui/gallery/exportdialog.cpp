#include "exportdialog.h"

#include "currentprofile.h"
#include "engine/imagegenerationservice.h"
#include "exportpathfield.h"
#include "icons.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QCheckBox>
#include <QDate>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace atelier {

namespace {

const QString kZip = QStringLiteral(".zip");

QString native(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// No %n plurals: English loads no translation, so they would show "(s)".
QString imageCount(int count)
{
    return count == 1 ? ExportDialog::tr("1 image")
                      : ExportDialog::tr("%1 images").arg(QLocale().toString(count));
}

QString generationCount(int count)
{
    return count == 1 ? ExportDialog::tr("1 generation")
                      : ExportDialog::tr("%1 generations").arg(QLocale().toString(count));
}

QString extension(HistoryFormat format)
{
    return format == HistoryFormat::Csv ? QStringLiteral("csv") : QStringLiteral("json");
}

// Where an export is offered first: where the last one went, else Pictures, else home.
QString startFolder(const StudioSettings &settings)
{
    for (const QString &folder :
         {settings.exportFolder(), QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)}) {
        if (!folder.isEmpty() && QFileInfo(folder).isDir())
            return folder;
    }
    return QDir::homePath();
}

} // namespace

ExportDialog::ExportDialog(StudioContext &context, QWidget *parent)
    : QDialog(parent), m_context(context), m_profileId(context.profile.id())
{
    build();
}

ExportDialog::ExportDialog(StudioContext &context, const QList<GenerationTile> &chosen, QWidget *parent)
    : ExportDialog(context, parent)
{
    setWindowTitle(tr("Export images"));
    describeImages(chosen);
    m_target->setPath(defaultPath());
    fitContent();
}

ExportDialog::ExportDialog(StudioContext &context, const HistoryQuery &query, HistoryFormat format, int count,
                           QWidget *parent)
    : ExportDialog(context, parent)
{
    m_query = query;
    m_format = format;
    m_history = true;
    setWindowTitle(tr("Export history"));
    m_intro->setText(format == HistoryFormat::Csv
                         ? tr("The %1 that the gallery's search and filters show, one per row, as a CSV "
                              "file for a spreadsheet.")
                               .arg(generationCount(count))
                         : tr("The %1 that the gallery's search and filters show, as a JSON file.")
                               .arg(generationCount(count)));
    m_form->setRowVisible(m_destinationRow, false);
    m_form->setRowVisible(m_options, false);
    m_pathLabel->setText(tr("File:"));
    m_target->setFileMode(format == HistoryFormat::Csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"),
                          extension(format));
    m_target->setPath(defaultPath());
    fitContent();
}

ExportDialog::~ExportDialog()
{
    // Closed with the window: what was written so far is taken back.
    if (m_busy)
        m_watcher.cancel();
}

void ExportDialog::build()
{
    m_intro = new QLabel(this);
    m_intro->setObjectName(QStringLiteral("introLabel"));
    m_intro->setWordWrap(true);

    m_destinationRow = new QWidget(this);
    m_folder = new QRadioButton(tr("Folder"), m_destinationRow);
    m_folder->setObjectName(QStringLiteral("folderButton"));
    m_folder->setChecked(true);
    m_zip = new QRadioButton(tr("Zip archive"), m_destinationRow);
    m_zip->setObjectName(QStringLiteral("zipButton"));
    auto *destination = new QHBoxLayout(m_destinationRow);
    destination->setContentsMargins(0, 0, 0, 0);
    destination->addWidget(m_folder);
    destination->addWidget(m_zip);
    destination->addStretch(1);

    m_pathLabel = new QLabel(tr("Folder:"), this);
    m_target = new ExportPathField(this);
    m_pathLabel->setBuddy(m_target);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(tr("Export to:"), m_destinationRow);
    m_form->addRow(m_pathLabel, m_target);
    m_form->addRow(QString(), buildOptions());

    m_progressRow = new QWidget(this);
    m_progress = new QProgressBar(m_progressRow);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_cancel = new QPushButton(Icons::icon(QStringLiteral("cancel")), tr("Cancel"), m_progressRow);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setAutoDefault(false);
    auto *progress = new QHBoxLayout(m_progressRow);
    progress->setContentsMargins(0, 0, 0, 0);
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_cancel);
    m_progressRow->hide();

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->hide();
    m_showInFolder = new QPushButton(Icons::icon(QStringLiteral("folder")), tr("Show in folder"), this);
    m_showInFolder->setObjectName(QStringLiteral("showInFolderButton"));
    m_showInFolder->setAutoDefault(false);
    m_showInFolder->hide();
    auto *result = new QHBoxLayout;
    result->addWidget(m_summary, 1);
    result->addWidget(m_showInFolder, 0, Qt::AlignTop);

    auto *buttons = new QDialogButtonBox(this);
    m_export = buttons->addButton(tr("Export"), QDialogButtonBox::ActionRole);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setIcon(Icons::icon(QStringLiteral("export")));
    m_export->setDefault(true);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("closeButton"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(m_form);
    layout->addWidget(m_progressRow);
    layout->addLayout(result);
    layout->addWidget(buttons);
    setMinimumWidth(560);

    connect(m_zip, &QRadioButton::toggled, this, &ExportDialog::switchDestination);
    connect(m_target, &ExportPathField::pathChanged, this, &ExportDialog::pathEdited);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::reject);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(m_showInFolder, &QPushButton::clicked, this, [this] {
        const QFileInfo exported(m_exported);
        QDesktopServices::openUrl(
            QUrl::fromLocalFile(exported.isDir() ? exported.absoluteFilePath() : exported.absolutePath()));
    });
    connect(&m_watcher, &QFutureWatcher<ExportReport>::progressRangeChanged, m_progress,
            &QProgressBar::setRange);
    connect(&m_watcher, &QFutureWatcher<ExportReport>::progressValueChanged, m_progress,
            &QProgressBar::setValue);
    connect(&m_watcher, &QFutureWatcher<ExportReport>::finished, this, &ExportDialog::finish);
}

QWidget *ExportDialog::buildOptions()
{
    m_options = new QWidget(this);
    m_sidecars = new QCheckBox(tr("Include the JSON sidecars"), m_options);
    m_sidecars->setObjectName(QStringLiteral("sidecarsBox"));
    m_sidecars->setChecked(true);
    m_embed = new QCheckBox(tr("Embed the prompt in PNG copies (AUTOMATIC1111 parameters)"), m_options);
    m_embed->setObjectName(QStringLiteral("embedBox"));
    auto *note = new QLabel(tr("PNGs with content credentials (C2PA) are copied unchanged: a new text would "
                               "break their signature."),
                            m_options);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(m_options);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sidecars);
    layout->addWidget(m_embed);
    // Under the text of its check box, not under the box.
    const int indent = style()->pixelMetric(QStyle::PM_IndicatorWidth) +
                       style()->pixelMetric(QStyle::PM_CheckBoxLabelSpacing);
    auto *noteRow = new QHBoxLayout;
    noteRow->setContentsMargins(indent, 0, 0, 0);
    noteRow->addWidget(note);
    layout->addLayout(noteRow);
    return m_options;
}

void ExportDialog::describeImages(const QList<GenerationTile> &chosen)
{
    int images = 0;
    for (const GenerationTile &tile : chosen) {
        if (tile.status == GenerationStatus::Completed && tile.imageCount > 0) {
            m_ids.append(tile.id);
            images += tile.imageCount;
        }
    }
    const int left = int(chosen.size() - m_ids.size());
    if (m_ids.isEmpty()) {
        m_intro->setText(chosen.size() == 1
                             ? tr("The chosen generation has no image to export: only finished ones have.")
                             : tr("None of the %1 chosen generations has an image to export: only finished "
                                  "ones have.")
                                   .arg(chosen.size()));
        for (int row = 0; row < m_form->rowCount(); ++row)
            m_form->setRowVisible(row, false);
        m_export->hide();
        return;
    }
    QString text = tr("Export %1 from %2.").arg(imageCount(images), generationCount(int(m_ids.size())));
    if (left > 0)
        text += QLatin1Char(' ') +
                (left == 1 ? tr("One chosen generation did not finish and has no image; it is left out.")
                           : tr("%1 chosen generations did not finish and have no images; they are left out.")
                                 .arg(left));
    m_intro->setText(text);
}

bool ExportDialog::exportsFile() const
{
    return m_history || m_zip->isChecked();
}

QString ExportDialog::defaultPath() const
{
    const QDir folder(startFolder(m_context.settings));
    const QString date = QDate::currentDate().toString(Qt::ISODate);
    if (m_history)
        return folder.filePath(tr("Atelier history %1").arg(date) + QLatin1Char('.') + extension(m_format));
    const QString name = tr("Atelier export %1").arg(date);
    return folder.filePath(m_zip->isChecked() ? name + kZip : name);
}

void ExportDialog::switchDestination()
{
    // The place and the name the person chose stay; only ".zip" comes or goes.
    const QString current = m_target->path();
    if (m_zip->isChecked() && !current.isEmpty() && !current.endsWith(kZip, Qt::CaseInsensitive))
        m_target->setPath(current + kZip);
    else if (m_folder->isChecked() && current.endsWith(kZip, Qt::CaseInsensitive))
        m_target->setPath(current.chopped(kZip.size()));
    m_pathLabel->setText(m_zip->isChecked() ? tr("Archive:") : tr("Folder:"));
    if (m_zip->isChecked())
        m_target->setFileMode(tr("Zip archives (*.zip)"), QStringLiteral("zip"));
    else
        m_target->setFolderMode();
}

void ExportDialog::pathEdited()
{
    fitContent();
    m_replaceConfirmed.clear();
    m_export->setText(tr("Export"));
    m_export->setDefault(true);
}

void ExportDialog::start()
{
    const QString target = m_target->path();
    if (!target.isEmpty() && !QDir::isAbsolutePath(target)) {
        showProblem(
            tr("Give the whole path, starting from the top (such as %1).").arg(native(QDir::homePath())));
        return;
    }
    // An existing file is replaced only after a second press, so a typo never costs a file.
    const bool replace = exportsFile() && QFileInfo(target).isFile();
    if (replace && m_replaceConfirmed != target) {
        m_replaceConfirmed = target;
        showProblem(
            tr("%1 exists already. Replace it? Press Replace to write over it, or choose another name.")
                .arg(native(target)));
        m_export->setText(tr("Replace"));
        return;
    }
    QFuture<ExportReport> future;
    m_stop = StopToken();
    if (m_history) {
        future = m_context.service.exportHistory(m_profileId, m_query, m_format, target, replace, m_stop);
    } else {
        ExportOptions options;
        options.target = target;
        options.destination =
            m_zip->isChecked() ? ExportOptions::Destination::Zip : ExportOptions::Destination::Folder;
        options.sidecars = m_sidecars->isChecked();
        options.embedParameters = m_embed->isChecked();
        options.overwrite = replace;
        options.stop = m_stop;
        future = m_context.service.exportGenerations(m_ids, m_profileId, options);
    }
    m_target->setProblem({});
    pathEdited();
    m_summary->hide();
    m_showInFolder->hide();
    setBusy(true);
    m_watcher.setFuture(future);
}

void ExportDialog::finish()
{
    setBusy(false);
    const QFuture<ExportReport> future = m_watcher.future();
    // A stopped export took back what it wrote; one that ended before the stop reached it has its files there
    // and says so.
    if (future.resultCount() == 0 || future.result().stopped) {
        m_summary->setText(tr("Stopped. Nothing was written."));
        m_summary->show();
        fitContent();
        return;
    }
    const ExportReport report = future.result();
    if (report.error.isError()) {
        showProblem(report.error.message);
        m_target->setFocus();
        return;
    }
    showReport(report);
}

void ExportDialog::showReport(const ExportReport &report)
{
    m_exported = report.target;
    m_context.settings.setExportFolder(QFileInfo(report.target).absolutePath());
    QStringList lines;
    if (m_history)
        lines.append(report.rows == 1 ? tr("Exported 1 generation to %1.").arg(native(report.target))
                                      : tr("Exported %1 generations to %2.")
                                            .arg(QLocale().toString(report.rows), native(report.target)));
    else
        lines.append(
            tr("Exported %1 to %2.").arg(imageCount(int(report.files.size())), native(report.target)));
    lines.append(report.notes);
    m_summary->setText(lines.join(QLatin1Char('\n')));
    m_summary->show();
    m_showInFolder->show();
    fitContent();
    // Done: Enter now closes, rather than exporting the same again.
    m_close->setDefault(true);
    m_close->setFocus();
}

void ExportDialog::showProblem(const QString &problem)
{
    m_target->setProblem(problem);
    fitContent();
}

void ExportDialog::fitContent()
{
    // A window does not grow for a word-wrapped label by itself: the height follows what is shown now.
    layout()->activate();
    const int width = isVisible() ? this->width() : std::max(sizeHint().width(), minimumWidth());
    const int height = heightForWidth(width);
    resize(width, height > 0 ? height : sizeHint().height());
}

void ExportDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *widget :
         std::initializer_list<QWidget *>{m_destinationRow, m_target, m_options, m_export, m_close})
        widget->setEnabled(!busy);
    m_progressRow->setVisible(busy);
    m_cancel->setEnabled(busy);
    if (busy) {
        m_progress->setRange(0, 0); // busy until the export tells its size
        m_cancel->setFocus();
    }
    fitContent();
}

void ExportDialog::reject()
{
    if (!m_busy) {
        QDialog::reject();
        return;
    }
    m_cancel->setEnabled(false);
    m_stop.request();
}

} // namespace atelier
