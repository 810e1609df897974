#include "analyticspanel.h"

#include "csvexportbutton.h"
#include "currentprofile.h"
#include "domain/analyticscsv.h"
#include "durationtext.h"
#include "engine/imagegenerationservice.h"
#include "shownrefresh.h"
#include "studiocontext.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace atelier {

namespace {

constexpr int kRefreshDelayMs = 500;
constexpr int kSortRole = Qt::UserRole + 1;

enum Period
{
    Last7,
    Last30,
    Last90,
    Between
};

// A cell that shows `text` and sorts by `value`.
QStandardItem *cell(const QString &text, const QVariant &value)
{
    auto *item = new QStandardItem(text);
    item->setData(value, kSortRole);
    item->setEditable(false);
    if (value.typeId() != QMetaType::QString)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QStandardItem *number(qint64 value)
{
    return cell(QLocale().toString(value), value);
}

// Rows filled again come in the model's order: the column the person sorted by, if any, sorts them again.
void keepSort(QTableView *table)
{
    const QHeaderView *header = table->horizontalHeader();
    if (header->sortIndicatorSection() >= 0)
        table->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
}

QTableView *tableOf(QStandardItemModel *model, const QString &name, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    table->setSortingEnabled(true);
    // The tables come in their own order (most used model, newest day first) until a header is clicked.
    table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    return table;
}

} // namespace

AnalyticsPanel::AnalyticsPanel(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("periodChoice"));
    m_period->addItem(tr("Last 7 days"), Last7);
    m_period->addItem(tr("Last 30 days"), Last30);
    m_period->addItem(tr("Last 90 days"), Last90);
    m_period->addItem(tr("Between dates…"), Between);
    m_period->setCurrentIndex(1);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_from = new QDateEdit(today.addDays(-29), this);
    m_until = new QDateEdit(today, this);
    for (QDateEdit *edit : {m_from, m_until}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->hide();
    }
    m_from->setToolTip(tr("From this day (UTC)"));
    m_until->setToolTip(tr("Up to and including this day (UTC)"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("periodSummary"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("analyticsMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    m_models = new QStandardItemModel(this);
    m_models->setSortRole(kSortRole);
    m_models->setHorizontalHeaderLabels({tr("Model"), tr("Jobs"), tr("Success"), tr("Median time"),
                                         tr("95th percentile"), tr("Retries per job"), tr("Average cost"),
                                         tr("Tokens"), tr("Failures")});
    m_days = new QStandardItemModel(this);
    m_days->setSortRole(kSortRole);
    m_days->setHorizontalHeaderLabels({tr("Day (UTC)"), tr("Completed"), tr("Tokens")});
    m_modelTable = tableOf(m_models, QStringLiteral("modelTable"), this);
    m_dayTable = tableOf(m_days, QStringLiteral("dayTable"), this);
    m_modelExport = new CsvExportButton(
        QStringLiteral("atelier-models.csv"), [this] { return AnalyticsCsv::byModel(m_analytics); }, this);
    m_modelExport->setObjectName(QStringLiteral("exportModelsButton"));
    m_dayExport = new CsvExportButton(
        QStringLiteral("atelier-days.csv"), [this] { return AnalyticsCsv::byDay(m_analytics); }, this);
    m_dayExport->setObjectName(QStringLiteral("exportDaysButton"));
    for (CsvExportButton *button : {m_modelExport, m_dayExport}) {
        connect(button, &CsvExportButton::saved, this,
                [this](const QString &path) { say(tr("Saved %1.").arg(QDir::toNativeSeparators(path))); });
        connect(button, &CsvExportButton::failed, this, &AnalyticsPanel::say);
    }

    const auto boxed = [this](const QString &title, QTableView *table, CsvExportButton *button) {
        auto *box = new QGroupBox(title, this);
        auto *layout = new QVBoxLayout(box);
        layout->addWidget(table, 1);
        auto *row = new QHBoxLayout;
        row->addStretch(1);
        row->addWidget(button);
        layout->addLayout(row);
        return box;
    };
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Period:"), this));
    top->addWidget(m_period);
    top->addWidget(m_from);
    top->addWidget(m_until);
    top->addSpacing(12);
    top->addWidget(m_summary, 1);
    auto *tables = new QHBoxLayout;
    tables->addWidget(boxed(tr("By model"), m_modelTable, m_modelExport), 5);
    tables->addWidget(boxed(tr("Spending by day"), m_dayTable, m_dayExport), 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addLayout(tables, 1);

    m_refresh = new ShownRefresh(this, kRefreshDelayMs, [this] { read(); });
    connect(m_period, &QComboBox::currentIndexChanged, this, &AnalyticsPanel::periodChosen);
    for (QDateEdit *edit : {m_from, m_until})
        connect(edit, &QDateEdit::dateChanged, m_refresh, &ShownRefresh::request);
    connect(&context.service, &ImageGenerationService::statsChanged, this, [this](qint64 profileId) {
        if (profileId == m_context.profile.id())
            m_refresh->request();
    });
    connect(&context.profile, &CurrentProfile::changedTo, m_refresh, &ShownRefresh::request);
}

void AnalyticsPanel::setPeriod(QDate from, QDate until)
{
    const QSignalBlocker quiet(m_period);
    m_period->setCurrentIndex(m_period->findData(Between));
    m_from->setDate(from);
    m_until->setDate(until);
    m_from->show();
    m_until->show();
    m_refresh->now();
}

void AnalyticsPanel::periodChosen()
{
    const int period = m_period->currentData().toInt();
    m_from->setVisible(period == Between);
    m_until->setVisible(period == Between);
    m_refresh->now();
}

void AnalyticsPanel::read()
{
    QDate until = QDateTime::currentDateTimeUtc().date();
    QDate from;
    switch (m_period->currentData().toInt()) {
    case Last7:
        from = until.addDays(-6);
        break;
    case Last90:
        from = until.addDays(-89);
        break;
    case Between:
        from = qMin(m_from->date(), m_until->date());
        until = qMax(m_from->date(), m_until->date());
        break;
    default:
        from = until.addDays(-29);
        break;
    }
    m_analytics = m_context.service.getAnalytics(m_context.profile.id(), from, until);
    const QLocale locale;
    m_summary->setText(
        tr("%1 to %2: %3 tokens spent; balance %4 tokens")
            .arg(locale.toString(from, QLocale::ShortFormat), locale.toString(until, QLocale::ShortFormat),
                 locale.toString(m_analytics.tokensSpent()), locale.toString(m_analytics.balance)));
    fillModels();
    fillDays();
}

void AnalyticsPanel::fillModels()
{
    m_models->removeRows(0, m_models->rowCount());
    const QLocale locale;
    for (const ModelAnalytics &model : std::as_const(m_analytics.models)) {
        const ModelSpec *spec = m_context.service.catalog().model(model.model);
        const bool timed = model.completed > 0;
        m_models->appendRow(
            {cell(spec ? spec->label : model.model, model.model), number(model.ended()),
             cell(QStringLiteral("%1 %").arg(locale.toString(model.successRate() * 100, 'f', 1)),
                  model.successRate()),
             cell(timed ? DurationText::compact(model.medianMs) : QStringLiteral("–"), model.medianMs),
             cell(timed ? DurationText::compact(model.p95Ms) : QStringLiteral("–"), model.p95Ms),
             cell(locale.toString(model.retriesPerJob(), 'f', 2), model.retriesPerJob()),
             cell(locale.toString(model.averageCost(), 'f', 1), model.averageCost()), number(model.tokens),
             cell(AnalyticsCsv::failures(model, QStringLiteral(": "), QStringLiteral(", ")),
                  AnalyticsCsv::failures(model, QStringLiteral(": "), QStringLiteral(", ")))});
    }
    keepSort(m_modelTable);
    m_modelTable->resizeColumnsToContents();
}

void AnalyticsPanel::fillDays()
{
    m_days->removeRows(0, m_days->rowCount());
    const QLocale locale;
    // Newest first: the last days are what a person looks at.
    for (auto it = m_analytics.days.crbegin(); it != m_analytics.days.crend(); ++it)
        m_days->appendRow({cell(locale.toString(it->day, QLocale::ShortFormat), it->day.toJulianDay()),
                           number(it->completed), number(it->tokens)});
    keepSort(m_dayTable);
    m_dayTable->resizeColumnsToContents();
}

void AnalyticsPanel::say(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

} // namespace atelier
