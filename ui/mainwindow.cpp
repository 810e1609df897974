#include "mainwindow.h"

#include "durationtext.h"
#include "engine/imagegenerationservice.h"
#include "gallery/gallerypanel.h"
#include "profiles/profileswitcher.h"
#include "prompt/promptpanel.h"
#include "queue/queuepanel.h"
#include "settings/keyhintbanner.h"
#include "settings/settingsdialog.h"
#include "shortcutsdialog.h"
#include "stats/analyticspanel.h"
#include "stats/eventlogpanel.h"
#include "stats/statsdashboard.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace atelier {

MainWindow::MainWindow(StudioContext &context, QWidget *parent) : QMainWindow(parent), m_context(context)
{
    setWindowTitle(tr("Atelier"));
    setObjectName(QStringLiteral("mainWindow"));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_keyHint = new KeyHintBanner(context, left);
    m_prompt = new PromptPanel(context, left);
    leftLayout->addWidget(m_keyHint);
    leftLayout->addWidget(m_prompt, 1);

    m_pages = new QTabWidget(this);
    m_pages->setDocumentMode(true);
    m_gallery = new GalleryPanel(context, m_pages);
    m_stats = new StatsDashboard(context, m_pages);
    m_pages->addTab(m_gallery, tr("&Gallery"));
    m_pages->addTab(m_stats, tr("S&tatistics"));
    // The numbers behind the work: analytics over a period above, the event log below.
    auto *analytics = new QSplitter(Qt::Vertical, m_pages);
    analytics->setObjectName(QStringLiteral("analyticsPage"));
    m_analytics = new AnalyticsPanel(context, analytics);
    m_events = new EventLogPanel(context, analytics);
    analytics->addWidget(m_analytics);
    analytics->addWidget(m_events);
    m_pages->addTab(analytics, tr("&Analytics"));

    m_queue = new QueuePanel(context, this);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_pages);
    m_splitter->addWidget(m_queue);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({420, 700, 360});
    setCentralWidget(m_splitter);

    auto *toolBar = addToolBar(tr("Profile"));
    toolBar->setObjectName(QStringLiteral("profileToolBar"));
    toolBar->setMovable(false);
    toolBar->addWidget(new ProfileSwitcher(context, toolBar));
    buildActions();

    m_queueLabel = new QLabel(this);
    m_waitLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_queueLabel);
    statusBar()->addPermanentWidget(m_waitLabel);
    showQueueStatus(context.service.getQueueStatus());
    connect(&context.service, &ImageGenerationService::queueStatusChanged, this,
            &MainWindow::showQueueStatus);
    // The local files are gone already; what stays in the cloud must not stay there unnoticed.
    connect(
        &context.service, &ImageGenerationService::remoteRemovalFailed, this,
        [this](qint64 id, const GenerationError &error) {
            statusBar()->showMessage(
                tr("The cloud copy of generation %1 could not be destroyed: %2").arg(id).arg(error.message));
        });

    connect(m_gallery, &GalleryPanel::reuseRequested, this, [this](const GenerationRequest &request) {
        m_prompt->setRequest(request);
        m_prompt->setFocus();
    });
    connect(m_keyHint, &KeyHintBanner::settingsRequested, this, &MainWindow::openSettings);
    connect(m_keyHint, &KeyHintBanner::offlineRequested, this,
            [this] { m_prompt->useModel(m_context.service.catalog().defaultModel()); });

    resize(1480, 900);
    restoreLayout();
}

void MainWindow::buildActions()
{
    auto *toolBar = addToolBar(tr("Window"));
    toolBar->setObjectName(QStringLiteral("windowToolBar"));
    toolBar->setMovable(false);

    auto *gallery = new QAction(tr("Gallery"), this);
    gallery->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    connect(gallery, &QAction::triggered, this, [this] { showPage(0); });
    auto *stats = new QAction(tr("Statistics"), this);
    stats->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(stats, &QAction::triggered, this, [this] { showPage(1); });
    auto *analytics = new QAction(tr("Analytics"), this);
    analytics->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    connect(analytics, &QAction::triggered, this, [this] { showPage(2); });
    auto *settings =
        new QAction(QIcon::fromTheme(QStringLiteral("preferences-system")), tr("Settings…"), this);
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setObjectName(QStringLiteral("settingsAction"));
    connect(settings, &QAction::triggered, this, &MainWindow::openSettings);
    auto *shortcuts = new QAction(tr("Keyboard shortcuts"), this);
    shortcuts->setShortcuts({QKeySequence(Qt::Key_F1), QKeySequence(Qt::CTRL | Qt::Key_Slash)});
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    auto *quit = new QAction(tr("Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    addActions({gallery, stats, analytics, shortcuts, quit});
    auto *spacer = new QWidget(toolBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar->addWidget(spacer);
    toolBar->addAction(settings);
}

void MainWindow::showPage(int page)
{
    m_pages->setCurrentIndex(page);
}

void MainWindow::openSettings()
{
    // A dialog of its own event-loop-free kind: open() returns at once, the dialog deletes itself on close.
    auto *dialog = new SettingsDialog(m_context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showShortcuts()
{
    auto *dialog = new ShortcutsDialog(findChildren<QAction *>(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showQueueStatus(const QueueStatus &status)
{
    m_queueLabel->setText((status.paused ? tr("Queue paused") + QStringLiteral(" · ") : QString()) +
                          tr("%n waiting", nullptr, status.pending) + QStringLiteral(" · ") +
                          tr("%n running", nullptr, status.processing));
    m_waitLabel->setText(status.averageWaitMs > 0
                             ? tr("Average wait %1").arg(DurationText::describe(status.averageWaitMs))
                             : tr("No wait"));
}

void MainWindow::restoreLayout()
{
    restoreGeometry(m_context.settings.layout(QStringLiteral("geometry")));
    restoreState(m_context.settings.layout(QStringLiteral("state")));
    m_splitter->restoreState(m_context.settings.layout(QStringLiteral("splitter")));
}

void MainWindow::saveLayout()
{
    m_context.settings.setLayout(QStringLiteral("geometry"), saveGeometry());
    m_context.settings.setLayout(QStringLiteral("state"), saveState());
    m_context.settings.setLayout(QStringLiteral("splitter"), m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

} // namespace atelier
