#include "galleryfilterbar.h"

#include "domain/generationmarks.h"
#include "domain/modelcatalog.h"
#include "domain/tagname.h"
#include "icons.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>

namespace atelier {

namespace {

enum When
{
    AnyTime,
    LastWeek,
    LastMonth,
    Between
};

} // namespace

GalleryFilterBar::GalleryFilterBar(const ModelCatalog &catalog, QWidget *parent) : QWidget(parent)
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search prompts"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::icon(QStringLiteral("search")), QLineEdit::LeadingPosition);

    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("Everything"), QVariantList());
    m_status->addItem(tr("Finished"), QVariantList{int(GenerationStatus::Completed)});
    m_status->addItem(tr("Failed"), QVariantList{int(GenerationStatus::Failed)});
    m_status->addItem(tr("Cancelled"), QVariantList{int(GenerationStatus::Cancelled)});
    m_status->addItem(tr("Waiting or being made"),
                      QVariantList{int(GenerationStatus::Pending), int(GenerationStatus::Processing)});

    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("modelFilter"));
    m_model->addItem(tr("All models"), QString());
    const QList<ModelSpec> models = catalog.models();
    for (const ModelSpec &model : models)
        m_model->addItem(model.label, model.id);

    m_when = new QComboBox(this);
    m_when->setObjectName(QStringLiteral("dateFilter"));
    m_when->addItem(tr("Any time"), AnyTime);
    m_when->addItem(tr("Last 7 days"), LastWeek);
    m_when->addItem(tr("Last 30 days"), LastMonth);
    m_when->addItem(tr("Between dates…"), Between);
    const QDate today = QDate::currentDate();
    m_from = new QDateEdit(today.addDays(-7), this);
    m_to = new QDateEdit(today, this);
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->hide();
    }
    m_from->setToolTip(tr("From this day"));
    m_to->setToolTip(tr("Up to and including this day"));

    m_order = new QComboBox(this);
    m_order->setObjectName(QStringLiteral("sortOrder"));
    m_order->addItem(tr("Newest first"), true);
    m_order->addItem(tr("Oldest first"), false);

    m_favorites = new QToolButton(this);
    m_favorites->setObjectName(QStringLiteral("favoritesFilter"));
    m_favorites->setCheckable(true);
    m_favorites->setAutoRaise(true);
    m_favorites->setIcon(Icons::icon(QStringLiteral("favorite-off")));
    m_favorites->setToolTip(tr("Favourites only"));

    m_rating = new QComboBox(this);
    m_rating->setObjectName(QStringLiteral("ratingFilter"));
    m_rating->addItem(tr("Any rating"), 0);
    for (int stars = 1; stars <= GenerationMarks::kMaxRating; ++stars)
        m_rating->addItem(stars == GenerationMarks::kMaxRating
                              ? QString(stars, QChar(0x2605))
                              : tr("%1 or more").arg(QString(stars, QChar(0x2605))),
                          stars);

    m_tag = new QComboBox(this);
    m_tag->setObjectName(QStringLiteral("tagFilter"));
    m_tag->setEditable(true);
    m_tag->setInsertPolicy(QComboBox::NoInsert);
    m_tag->lineEdit()->setPlaceholderText(tr("Any tag"));
    m_tag->lineEdit()->setClearButtonEnabled(true);
    m_tag->setToolTip(tr("Only results with this tag"));

    // The search box gets the room; the filters show their choice, not their longest one.
    m_search->setMinimumWidth(160);
    for (QComboBox *box : {m_status, m_model, m_when, m_order, m_rating, m_tag}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(9);
    }
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 1);
    for (QWidget *widget : std::initializer_list<QWidget *>{m_favorites, m_rating, m_tag, m_status, m_model,
                                                            m_when, m_from, m_to, m_order})
        layout->addWidget(widget);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        // A space more or less asks nothing new.
        if (text.trimmed() == m_words)
            return;
        m_words = text.trimmed();
        announce();
    });
    for (QComboBox *box : {m_status, m_model, m_order, m_rating})
        connect(box, &QComboBox::currentIndexChanged, this, &GalleryFilterBar::announce);
    connect(m_favorites, &QToolButton::toggled, this, [this](bool on) {
        m_favorites->setIcon(Icons::icon(on ? QStringLiteral("favorite") : QStringLiteral("favorite-off")));
        announce();
    });
    connect(m_tag, &QComboBox::currentTextChanged, this, [this] {
        QString why;
        const QString tag = TagName::normalized(m_tag->currentText(), &why).value_or(QString());
        if (tag == m_tagWanted)
            return;
        m_tagWanted = tag;
        announce();
    });
    connect(m_when, &QComboBox::currentIndexChanged, this, [this] {
        const bool between = m_when->currentData().toInt() == Between;
        m_from->setVisible(between);
        m_to->setVisible(between);
        announce();
    });
    for (QDateEdit *edit : {m_from, m_to})
        connect(edit, &QDateEdit::dateChanged, this, &GalleryFilterBar::announce);
}

HistoryQuery GalleryFilterBar::query() const
{
    HistoryQuery query;
    query.text = m_search->text().trimmed();
    const QVariantList statuses = m_status->currentData().toList();
    for (const QVariant &status : statuses)
        query.statuses.append(GenerationStatus(status.toInt()));
    query.model = m_model->currentData().toString();
    query.newestFirst = m_order->currentData().toBool();
    query.favoritesOnly = m_favorites->isChecked();
    query.minRating = m_rating->currentData().toInt();
    query.tag = m_tagWanted;
    const QDateTime startOfTomorrow(QDate::currentDate().addDays(1), QTime(0, 0));
    switch (m_when->currentData().toInt()) {
    case LastWeek:
        query.from = startOfTomorrow.addDays(-7);
        break;
    case LastMonth:
        query.from = startOfTomorrow.addDays(-30);
        break;
    case Between:
        query.from = QDateTime(qMin(m_from->date(), m_to->date()), QTime(0, 0));
        query.to = QDateTime(qMax(m_from->date(), m_to->date()).addDays(1), QTime(0, 0));
        break;
    default:
        break;
    }
    return query;
}

void GalleryFilterBar::setTags(const QList<TagCount> &tags)
{
    QStringList names;
    for (const TagCount &tag : tags)
        names.append(tag.tag);
    const QString typed = m_tag->currentText();
    const QSignalBlocker quiet(m_tag);
    m_tag->clear();
    m_tag->addItems(names);
    m_tag->setEditText(typed);
}

} // namespace atelier
