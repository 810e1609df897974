#pragma once

#include <QList>
#include <QRect>
#include <QSize>

namespace atelier {

// Where equal tiles go when they fill lines from left to right: arithmetic over the tile size, the spacing,
// the width and the count, so that no question costs more with more rows. Coordinates are the content's:
// the top of the first line at y = 0, the left edge of the view at x = 0.
class TileLayout
{
public:
    // The rows first to last; empty when last < first.
    struct Span
    {
        int first = 0;
        int last = -1;
        bool isEmpty() const { return last < first; }
        friend bool operator==(const Span &, const Span &) = default;
    };

    TileLayout() = default;
    TileLayout(QSize tile, int spacing, int width, int count);

    QSize tile() const { return m_tile; }
    int spacing() const { return m_spacing; }
    int columns() const { return m_columns; }
    int count() const { return m_count; }
    int lines() const { return (m_count + m_columns - 1) / m_columns; }
    int lineOf(int row) const { return row / m_columns; }
    int lineHeight() const { return m_tile.height() + m_spacing; }
    // The height of all lines with the spacing above the first and below the last.
    int height() const { return m_count == 0 ? 0 : m_spacing + lines() * lineHeight(); }

    QRect rect(int row) const;
    // The row whose tile holds the point; -1 in a gap, beside the lines or past the last row.
    int rowAt(QPoint point) const;
    // The row whose tile holds the point or, in a gap or outside, the row nearest to it in reading order.
    int rowNear(QPoint point) const;
    // Every row on the lines whose tiles reach into [top, bottom].
    Span rowsOnLines(int top, int bottom) const;
    // The rows whose tiles meet the rectangle, as few spans as there are lines in it (one when it spans
    // every column).
    QList<Span> rowsIn(const QRect &area) const;

    friend bool operator==(const TileLayout &, const TileLayout &) = default;

private:
    // The lines (or columns) whose tiles reach into [from, to] along one axis; empty when none does.
    static Span crossing(int from, int to, int start, int extent, int step, int size);

    QSize m_tile{1, 1};
    int m_spacing = 0;
    int m_columns = 1;
    int m_count = 0;
};

} // namespace atelier
