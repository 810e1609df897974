#include "markseditor.h"

#include "currentprofile.h"
#include "domain/tagname.h"
#include "engine/imagegenerationservice.h"
#include "icons.h"
#include "studiocontext.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStringListModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace atelier {

MarksEditor::MarksEditor(StudioContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{
    m_favorite = new QToolButton(this);
    m_favorite->setObjectName(QStringLiteral("favoriteButton"));
    m_favorite->setAutoRaise(true);
    m_favorite->setCheckable(true);
    connect(m_favorite, &QToolButton::clicked, this, &MarksEditor::toggleFavorite);
    auto *row = new QHBoxLayout;
    row->setSpacing(0);
    row->addWidget(m_favorite);
    row->addSpacing(8);
    for (int stars = 1; stars <= GenerationMarks::kMaxRating; ++stars) {
        auto *star = new QToolButton(this);
        star->setObjectName(QStringLiteral("star%1Button").arg(stars));
        star->setAutoRaise(true);
        star->setToolTip(stars == 1 ? tr("1 star (key 1)") : tr("%1 stars (key %1)").arg(stars));
        connect(star, &QToolButton::clicked, this,
                [this, stars] { rate(m_marks.rating == stars ? 0 : stars); });
        m_stars.append(star);
        row->addWidget(star);
    }
    row->addStretch(1);

    m_tags = new QLineEdit(this);
    m_tags->setObjectName(QStringLiteral("tagsField"));
    m_tags->setPlaceholderText(tr("Tags, separated by commas"));
    m_tags->addAction(Icons::icon(QStringLiteral("tag")), QLineEdit::LeadingPosition);
    // The profile's tags offered for the one being typed, the last of the list (QLineEdit's own completer
    // would complete the whole line).
    m_knownTags = new QStringListModel(this);
    m_completer = new QCompleter(m_knownTags, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setWidget(m_tags);
    connect(m_tags, &QLineEdit::textEdited, this, &MarksEditor::offerTags);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &MarksEditor::takeTag);
    connect(m_tags, &QLineEdit::editingFinished, this, &MarksEditor::saveTags);

    m_boards = new QLabel(this);
    m_boards->setObjectName(QStringLiteral("boardsLabel"));
    m_boards->setWordWrap(true);
    m_boards->setForegroundRole(QPalette::PlaceholderText);

    // At once, not when the gallery next repaints: a second click must see the first one's rating.
    connect(&m_context.service, &ImageGenerationService::generationsMarked, this,
            [this](qint64 profileId, const QList<qint64> &ids) {
                if (profileId == m_profileId)
                    readKnownTags();
                if (!ids.contains(m_id))
                    return;
                if (const std::optional<Generation> generation = m_context.service.getGenerationStatus(m_id))
                    setGeneration(*generation);
            });
    connect(&m_context.service, &ImageGenerationService::boardsChanged, this, &MarksEditor::showBoards);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_tags);
    layout->addWidget(m_boards);
}

void MarksEditor::setGeneration(const Generation &generation)
{
    const bool other = generation.id != m_id;
    m_id = generation.id;
    m_profileId = generation.request.profileId;
    m_marks = generation.marks;
    m_favorite->setChecked(m_marks.favorite);
    m_favorite->setIcon(
        Icons::icon(m_marks.favorite ? QStringLiteral("favorite") : QStringLiteral("favorite-off")));
    m_favorite->setToolTip(m_marks.favorite ? tr("A favourite: click or press F to unmark")
                                            : tr("Mark as a favourite (F)"));
    for (int i = 0; i < m_stars.size(); ++i)
        m_stars.at(i)->setIcon(
            Icons::icon(i < m_marks.rating ? QStringLiteral("star") : QStringLiteral("star-empty")));
    // What is being typed stays while the same result changes elsewhere (a rating by key, say).
    if (other || !m_tags->hasFocus())
        m_tags->setText(m_marks.tags.join(QStringLiteral(", ")));
    if (other)
        readKnownTags();
    showBoards();
}

void MarksEditor::readKnownTags()
{
    m_allTags.clear();
    for (const TagCount &tag : m_context.service.tags(m_profileId))
        m_allTags.append(tag.tag);
}

void MarksEditor::offerTags(const QString &text)
{
    const QString typing = text.section(QLatin1Char(','), -1).trimmed();
    // Not the tags the list holds already.
    QStringList offered = m_allTags;
    const QStringList listed = text.split(QLatin1Char(','));
    for (const QString &tag : listed)
        offered.removeAll(tag.simplified().toLower());
    m_knownTags->setStringList(offered);
    m_completer->setCompletionPrefix(typing);
    if (typing.isEmpty() || m_completer->completionCount() == 0)
        m_completer->popup()->hide();
    else
        m_completer->complete();
}

void MarksEditor::takeTag(const QString &tag)
{
    const QString text = m_tags->text();
    const qsizetype comma = text.lastIndexOf(QLatin1Char(','));
    m_tags->setText(comma < 0 ? tag : text.left(comma + 1) + QLatin1Char(' ') + tag);
    m_tags->setModified(true);
}

void MarksEditor::rate(int rating)
{
    const GenerationError error = m_context.service.setRating({m_id}, m_profileId, rating);
    if (error.isError())
        Q_EMIT failed(tr("Could not rate: %1").arg(error.message));
}

void MarksEditor::toggleFavorite()
{
    const GenerationError error = m_context.service.setFavorite({m_id}, m_profileId, !m_marks.favorite);
    if (error.isError())
        Q_EMIT failed(tr("Could not change the favourites: %1").arg(error.message));
    m_favorite->setChecked(m_marks.favorite); // until the change comes back
}

void MarksEditor::saveTags()
{
    if (m_id <= 0)
        return;
    QString why;
    const std::optional<QStringList> typed = TagName::parseList(m_tags->text(), &why);
    if (!typed) {
        Q_EMIT failed(why);
        return;
    }
    QStringList add;
    QStringList remove;
    for (const QString &tag : *typed) {
        if (!m_marks.tags.contains(tag))
            add.append(tag);
    }
    for (const QString &tag : std::as_const(m_marks.tags)) {
        if (!typed->contains(tag))
            remove.append(tag);
    }
    if (add.isEmpty() && remove.isEmpty()) {
        m_tags->setText(m_marks.tags.join(QStringLiteral(", "))); // as stored: normalised
        return;
    }
    const GenerationError error = m_context.service.changeTags({m_id}, m_profileId, add, remove);
    if (error.isError())
        Q_EMIT failed(tr("Could not change the tags: %1").arg(error.message));
}

void MarksEditor::showBoards()
{
    QStringList names;
    if (!m_marks.boardIds.isEmpty()) {
        for (const Board &board : m_context.service.boards(m_profileId)) {
            if (m_marks.boardIds.contains(board.id))
                names.append(board.name);
        }
    }
    m_boards->setText(names.isEmpty() ? QString()
                                      : tr("On boards: %1").arg(names.join(QStringLiteral(", "))));
    m_boards->setVisible(!names.isEmpty());
}

} // namespace atelier
