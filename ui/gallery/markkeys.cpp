#include "markkeys.h"

#include "currentprofile.h"
#include "engine/imagegenerationservice.h"
#include "studiocontext.h"

#include <QAction>
#include <QWidget>

#include <algorithm>

namespace atelier {

MarkKeys::MarkKeys(StudioContext &context, QWidget *target, Chosen chosen, bool withZero)
    : QObject(target), m_context(context), m_chosen(std::move(chosen))
{
    const auto add = [target](const QString &text, Qt::Key key, const QString &name) {
        auto *action = new QAction(text, target);
        action->setObjectName(name);
        action->setShortcut(QKeySequence(key));
        action->setShortcutContext(Qt::WidgetShortcut);
        target->addAction(action);
        return action;
    };
    for (int stars = withZero ? 0 : 1; stars <= GenerationMarks::kMaxRating; ++stars) {
        const QString text = stars == 0   ? tr("Clear the rating")
                             : stars == 1 ? tr("Rate 1 star")
                                          : tr("Rate %1 stars").arg(stars);
        QAction *action = add(text, Qt::Key(Qt::Key_0 + stars), QStringLiteral("rate%1Action").arg(stars));
        connect(action, &QAction::triggered, this, [this, stars] { rate(stars); });
    }
    connect(add(tr("Favourite"), Qt::Key_F, QStringLiteral("favoriteAction")), &QAction::triggered, this,
            &MarkKeys::toggleFavorite);
}

void MarkKeys::rate(int rating)
{
    const QList<qint64> ids = chosenIds();
    if (ids.isEmpty())
        return;
    const GenerationError error = m_context.service.setRating(ids, m_context.profile.id(), rating);
    if (error.isError())
        Q_EMIT failed(tr("Could not rate: %1").arg(error.message));
}

void MarkKeys::toggleFavorite()
{
    const QList<GenerationTile> tiles = m_chosen();
    if (tiles.isEmpty())
        return;
    // As in photo tools: a mixed choice becomes all favourites; all favourites become none.
    const bool all =
        std::all_of(tiles.cbegin(), tiles.cend(), [](const GenerationTile &t) { return t.favorite; });
    const GenerationError error = m_context.service.setFavorite(chosenIds(), m_context.profile.id(), !all);
    if (error.isError())
        Q_EMIT failed(tr("Could not change the favourites: %1").arg(error.message));
}

QList<qint64> MarkKeys::chosenIds() const
{
    QList<qint64> ids;
    const QList<GenerationTile> tiles = m_chosen();
    for (const GenerationTile &tile : tiles)
        ids.append(tile.id);
    return ids;
}

} // namespace atelier
