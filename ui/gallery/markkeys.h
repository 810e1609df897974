#pragma once

#include "domain/generationtile.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>

#include <functional>

class QWidget;

namespace atelier {

struct StudioContext;

// The keys of photo tools on a widget that shows results: 1-5 rate the chosen ones, 0 clears the rating, F
// makes them favourites (or, when all already are, no longer). Only while that widget has the focus, so
// that typing a 3 in a text field stays a 3.
class MarkKeys final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkKeys)
public:
    using Chosen = std::function<QList<GenerationTile>()>;

    // `withZero`: 0 clears the rating (an image viewer keeps 0 for "fit").
    MarkKeys(StudioContext &context, QWidget *target, Chosen chosen, bool withZero = true);

    void rate(int rating);
    void toggleFavorite();

Q_SIGNALS:
    // The change was refused: why, in words.
    void failed(const QString &message);

private:
    QList<qint64> chosenIds() const;

    StudioContext &m_context;
    Chosen m_chosen;
};

} // namespace atelier
