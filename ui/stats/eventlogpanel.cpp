#include "eventlogpanel.h"

#include "csvexportbutton.h"
#include "currentprofile.h"
#include "domain/analyticscsv.h"
#include "engine/imagegenerationservice.h"
#include "icons.h"
#include "shownrefresh.h"
#include "studiocontext.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace atelier {

namespace {

constexpr int kRefreshDelayMs = 500;

QStandardItem *cell(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    return item;
}

} // namespace

EventLogPanel::EventLogPanel(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("eventKindFilter"));
    m_kind->addItem(tr("All events"), QString());
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("eventTextFilter"));
    m_text->setPlaceholderText(tr("Filter: words in who, what or the details"));
    m_text->setClearButtonEnabled(true);
    m_text->addAction(Icons::icon(QStringLiteral("filter")), QLineEdit::LeadingPosition);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("eventNote"));
    m_note->setForegroundRole(QPalette::PlaceholderText);

    m_model = new QStandardItemModel(this);
    m_model->setHorizontalHeaderLabels({tr("When"), tr("Who"), tr("What"), tr("Generation"), tr("Details")});
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("eventTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_export = new CsvExportButton(
        QStringLiteral("atelier-events.csv"), [this] { return AnalyticsCsv::events(m_events); }, this);
    m_export->setObjectName(QStringLiteral("exportEventsButton"));
    connect(m_export, &CsvExportButton::saved, this, [this](const QString &path) {
        m_note->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    });
    connect(m_export, &CsvExportButton::failed, m_note, &QLabel::setText);

    auto *top = new QHBoxLayout;
    top->addWidget(m_kind);
    top->addWidget(m_text, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_note, 1);
    bottom->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    m_refresh = new ShownRefresh(this, kRefreshDelayMs, [this] { read(); });
    connect(m_kind, &QComboBox::currentIndexChanged, m_refresh, &ShownRefresh::now);
    connect(m_text, &QLineEdit::textChanged, m_refresh, &ShownRefresh::request);
    // Nearly every change writes an event: the table follows, a moment later.
    const auto request = [this] { m_refresh->request(); };
    connect(&context.service, &ImageGenerationService::statsChanged, this, request);
    connect(&context.service, &ImageGenerationService::boardsChanged, this, request);
    connect(&context.service, &ImageGenerationService::generationsMarked, this, request);
    connect(&context.service, &ImageGenerationService::trashChanged, this, request);
    connect(&context.service, &ImageGenerationService::changedElsewhere, this, request);
    connect(&context.profile, &CurrentProfile::changedTo, this, request);
}

void EventLogPanel::read()
{
    fillKinds();
    EventQuery query;
    query.kind = m_kind->currentData().toString();
    query.text = m_text->text().trimmed();
    m_events = m_context.service.getEvents(m_context.profile.id(), query);
    m_model->removeRows(0, m_model->rowCount());
    const QLocale locale;
    for (const EventEntry &event : std::as_const(m_events))
        m_model->appendRow(
            {cell(locale.toString(QDateTime::fromMSecsSinceEpoch(event.at), QLocale::ShortFormat)),
             cell(event.actor), cell(event.kind),
             cell(event.generationId > 0 ? QStringLiteral("#%1").arg(event.generationId) : QString()),
             cell(event.details == QLatin1String("{}") ? QString() : event.details)});
    m_table->resizeColumnsToContents();
    m_note->setText(
        m_events.size() >= query.limit
            ? tr("The newest %1 events that match; narrow the filter to see older ones.")
                  .arg(locale.toString(query.limit))
            : (m_events.size() == 1 ? tr("1 event") : tr("%1 events").arg(locale.toString(m_events.size()))));
}

void EventLogPanel::fillKinds()
{
    const QString chosen = m_kind->currentData().toString();
    const QSignalBlocker quiet(m_kind);
    while (m_kind->count() > 1)
        m_kind->removeItem(1);
    for (const QString &kind : m_context.service.eventKinds(m_context.profile.id()))
        m_kind->addItem(kind, kind);
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(chosen)));
}

} // namespace atelier
