#include "statsdashboard.h"

#include "currentprofile.h"
#include "dailygenerationschart.h"
#include "durationtext.h"
#include "engine/imagegenerationservice.h"
#include "figurecard.h"
#include "iconlabel.h"
#include "popularmodelschart.h"
#include "profiles/tokentext.h"
#include "shownrefresh.h"
#include "studiocontext.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace atelier {

namespace {
// Long enough to gather a burst of progress and queue signals, short enough to feel live.
constexpr int kRefreshDelayMs = 200;
constexpr int kFigureColumns = 5;

QString count(int value)
{
    return QLocale().toString(value);
}
} // namespace

StatsDashboard::StatsDashboard(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_refresh = new ShownRefresh(this, kRefreshDelayMs, [this] { refresh(); });

    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("heading"));
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildEmptyState());
    m_pages->addWidget(buildFigures());

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buildQueue());

    ImageGenerationService &service = context.service;
    const auto forCurrent = [this](qint64 profileId) {
        if (profileId == m_context.profile.id())
            scheduleRefresh();
    };
    connect(&service, &ImageGenerationService::statsChanged, this, forCurrent);
    connect(&service, &ImageGenerationService::balanceChanged, this,
            [forCurrent](qint64 profileId, qint64) { forCurrent(profileId); });
    // The queue's changes also move the "in progress" figure, and a rename changes the heading.
    connect(&service, &ImageGenerationService::queueStatusChanged, this, [this](const QueueStatus &status) {
        m_queueStatus = status;
        scheduleRefresh();
    });
    connect(&service, &ImageGenerationService::profilesChanged, this, &StatsDashboard::scheduleRefresh);
    connect(&context.profile, &CurrentProfile::changedTo, this, &StatsDashboard::scheduleRefresh);
    m_queueStatus = service.getQueueStatus();
}

QWidget *StatsDashboard::buildEmptyState()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("emptyState"));
    auto *picture = new IconLabel(QStringLiteral("stats"), 64, page);
    picture->setAlignment(Qt::AlignCenter);
    auto *title = new QLabel(tr("No pictures yet"), page);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    m_emptyText = new QLabel(page);
    m_emptyText->setObjectName(QStringLiteral("emptyText"));
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    m_emptyText->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    layout->addWidget(picture);
    layout->addWidget(title);
    layout->addWidget(m_emptyText);
    layout->addStretch(2);
    return page;
}

QWidget *StatsDashboard::buildFigures()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("figures"));
    auto *cards = new QGridLayout;
    cards->setSpacing(8);
    const QList<FigureCard *> all{
        m_total = addCard(QStringLiteral("total"), tr("Generations"), tr("Everything this profile asked for"),
                          page),
        m_completed =
            addCard(QStringLiteral("completed"), tr("Completed"), tr("Finished with pictures"), page),
        m_failed =
            addCard(QStringLiteral("failed"), tr("Failed"), tr("Ended with an error, no charge"), page),
        m_cancelled =
            addCard(QStringLiteral("cancelled"), tr("Cancelled"), tr("Stopped before the end"), page),
        m_active =
            addCard(QStringLiteral("active"), tr("In progress"), tr("Waiting or being made now"), page),
        m_successRate = addCard(QStringLiteral("successRate"), tr("Success rate"),
                                tr("Completed out of those that ended"), page),
        m_averageTime = addCard(QStringLiteral("averageTime"), tr("Average time"),
                                tr("How long a picture takes once it starts"), page),
        m_tokensUsed = addCard(QStringLiteral("tokensUsed"), tr("Tokens used"),
                               tr("Charged for completed pictures"), page),
        m_balance = addCard(QStringLiteral("balance"), tr("Balance"), tr("Tokens left to spend"), page),
    };
    for (int i = 0; i < all.size(); ++i)
        cards->addWidget(all.at(i), i / kFigureColumns, i % kFigureColumns);
    for (int column = 0; column < kFigureColumns; ++column)
        cards->setColumnStretch(column, 1);

    auto *modelsBox = new QGroupBox(tr("Favourite models"), page);
    m_models = new PopularModelsChart(modelsBox);
    m_models->setObjectName(QStringLiteral("popularModelsChart"));
    (new QVBoxLayout(modelsBox))->addWidget(m_models);
    auto *daysBox = new QGroupBox(tr("Generations per day, last 30 days"), page);
    m_days = new DailyGenerationsChart(daysBox);
    m_days->setObjectName(QStringLiteral("dailyChart"));
    (new QVBoxLayout(daysBox))->addWidget(m_days);
    auto *charts = new QHBoxLayout;
    charts->addWidget(modelsBox, 1);
    charts->addWidget(daysBox, 1);

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(cards);
    layout->addLayout(charts, 1);
    return page;
}

QWidget *StatsDashboard::buildQueue()
{
    auto *box = new QGroupBox(tr("Queue, all profiles"), this);
    box->setObjectName(QStringLiteral("queue"));
    auto *layout = new QHBoxLayout(box);
    layout->setSpacing(8);
    m_waiting =
        addCard(QStringLiteral("waiting"), tr("Waiting"), tr("Generations waiting for their turn"), box);
    m_running =
        addCard(QStringLiteral("running"), tr("Being made"), tr("Generations being made right now"), box);
    m_averageWait = addCard(QStringLiteral("averageWait"), tr("Average wait"),
                            tr("How long generations waited before they started, lately"), box);
    m_drain = addCard(QStringLiteral("drain"), tr("Queue done in"),
                      tr("When everything queued now should be finished"), box);
    for (FigureCard *card : {m_waiting, m_running, m_averageWait, m_drain})
        layout->addWidget(card);
    return box;
}

FigureCard *StatsDashboard::addCard(const QString &name, const QString &caption, const QString &explanation,
                                    QWidget *parent)
{
    auto *card = new FigureCard(caption, explanation, parent);
    card->setObjectName(name);
    return card;
}

void StatsDashboard::scheduleRefresh()
{
    m_refresh->request();
}

void StatsDashboard::refresh()
{
    showStats(m_context.service.getUserStats(m_context.profile.id()));
    showQueue(m_queueStatus);
    Q_EMIT refreshed();
}

void StatsDashboard::showStats(const UserStats &stats)
{
    const Profile profile = m_context.profile.profile();
    m_heading->setText(tr("Statistics for %1").arg(profile.name));
    if (stats.total == 0) {
        m_emptyText->setText(tr("Make a first picture and %1's totals, favourite models and busiest days "
                                "will show up here.\nBalance: %2.")
                                 .arg(profile.name, TokenText::amount(stats.balance)));
        m_pages->setCurrentIndex(0);
        return;
    }
    m_pages->setCurrentIndex(1);
    m_total->setValue(count(stats.total));
    m_completed->setValue(count(stats.completed));
    m_failed->setValue(count(stats.failed));
    m_cancelled->setValue(count(stats.cancelled));
    m_active->setValue(count(stats.active));
    const bool anyEnded = stats.completed + stats.failed + stats.cancelled > 0;
    m_successRate->setValue(anyEnded ? tr("%1%").arg(qRound(stats.successRate() * 100)) : tr("Not yet"));
    m_averageTime->setValue(stats.completed > 0 ? DurationText::describe(stats.averageProcessingMs)
                                                : tr("Not yet"));
    m_tokensUsed->setValue(TokenText::number(stats.tokensUsed));
    m_balance->setValue(TokenText::number(stats.balance));

    QList<QPair<QString, int>> models;
    const ModelCatalog &catalog = m_context.service.catalog();
    for (const auto &[id, uses] : stats.popularModels) {
        const ModelSpec *spec = catalog.model(id);
        models.append({spec ? spec->label : id, uses});
    }
    m_models->setModels(models);
    m_days->setDays(stats.perDay);
}

void StatsDashboard::showQueue(const QueueStatus &status)
{
    m_waiting->setValue(count(status.pending));
    m_running->setValue(count(status.processing));
    m_averageWait->setValue(status.averageWaitMs > 0 ? DurationText::describe(status.averageWaitMs)
                                                     : tr("No wait"));
    if (status.pending + status.processing == 0)
        m_drain->setValue(tr("Nothing queued"));
    else if (status.estimatedDrainMs <= 0)
        m_drain->setValue(tr("Not known yet"));
    else
        m_drain->setValue(DurationText::describe(status.estimatedDrainMs));
}

} // namespace atelier
