#pragma once

#include "domain/exportreport.h"
#include "domain/generationtile.h"
#include "domain/historyformat.h"
#include "domain/historyquery.h"
#include "domain/stoptoken.h"

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QFormLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace atelier {

class ExportPathField;
struct StudioContext;

// Asks where to and how, then exports through the service with a progress bar and a way to stop, and says
// what was written. Either the images of chosen generations (a folder or a zip archive, with sidecars) or
// the history the gallery's filters match (one CSV or JSON file). A refusal shows by the path and the
// dialog stays, so the person can fix it. Open it with open(): the work runs on the thread pool.
class ExportDialog final : public QDialog
{
    Q_OBJECT
public:
    // The images of the chosen generations; those that did not finish have none and are left out.
    ExportDialog(StudioContext &context, const QList<GenerationTile> &chosen, QWidget *parent = nullptr);
    // The `count` generations of the profile that the query matches.
    ExportDialog(StudioContext &context, const HistoryQuery &query, HistoryFormat format, int count,
                 QWidget *parent = nullptr);
    ~ExportDialog() override;

    // Escape or Close while exporting stops the export; the dialog stays to say so.
    void reject() override;

private:
    ExportDialog(StudioContext &context, QWidget *parent);
    void build();
    QWidget *buildOptions();
    void describeImages(const QList<GenerationTile> &chosen);
    bool exportsFile() const;
    QString defaultPath() const;
    void switchDestination();
    void pathEdited();
    void start();
    void finish();
    void showProblem(const QString &problem);
    void fitContent();
    void setBusy(bool busy);
    void showReport(const ExportReport &report);

    StudioContext &m_context;
    const qint64 m_profileId;
    QList<qint64> m_ids; // exporting images; empty for the history
    HistoryQuery m_query;
    HistoryFormat m_format = HistoryFormat::Csv;
    bool m_history = false;
    // The existing file the person agreed to replace by pressing the button a second time.
    QString m_replaceConfirmed;
    QString m_exported; // the target of the last export that succeeded
    bool m_busy = false;
    QFutureWatcher<ExportReport> m_watcher;
    StopToken m_stop; // of the export under way

    QLabel *m_intro;
    QFormLayout *m_form;
    QWidget *m_destinationRow;
    QRadioButton *m_folder;
    QRadioButton *m_zip;
    QLabel *m_pathLabel;
    ExportPathField *m_target;
    QWidget *m_options;
    QCheckBox *m_sidecars;
    QCheckBox *m_embed;
    QWidget *m_progressRow;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLabel *m_summary;
    QPushButton *m_showInFolder;
    QPushButton *m_export;
    QPushButton *m_close;
};

} // namespace atelier
