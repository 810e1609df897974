#include "tilelayout.h"

#include <algorithm>

namespace atelier {

namespace {

// Division that rounds towards minus infinity: points above or left of the first tile are negative.
int floorDiv(int a, int b)
{
    const int quotient = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient;
}

int ceilDiv(int a, int b)
{
    return -floorDiv(-a, b);
}

} // namespace

TileLayout::TileLayout(QSize tile, int spacing, int width, int count)
    : m_tile(tile.expandedTo(QSize(1, 1))), m_spacing(std::max(0, spacing)), m_count(std::max(0, count))
{
    m_columns = std::max(1, (width - m_spacing) / (m_tile.width() + m_spacing));
}

QRect TileLayout::rect(int row) const
{
    const int line = row / m_columns;
    const int column = row % m_columns;
    return {m_spacing + column * (m_tile.width() + m_spacing), m_spacing + line * lineHeight(),
            m_tile.width(), m_tile.height()};
}

int TileLayout::rowAt(QPoint point) const
{
    const int x = point.x() - m_spacing;
    const int y = point.y() - m_spacing;
    const int columnWidth = m_tile.width() + m_spacing;
    if (x < 0 || y < 0 || x % columnWidth >= m_tile.width() || y % lineHeight() >= m_tile.height())
        return -1;
    const int column = x / columnWidth;
    const int row = y / lineHeight() * m_columns + column;
    return column < m_columns && row < m_count ? row : -1;
}

int TileLayout::rowNear(QPoint point) const
{
    if (m_count == 0)
        return -1;
    const int line = std::clamp(floorDiv(point.y() - m_spacing, lineHeight()), 0, lines() - 1);
    const int column =
        std::clamp(floorDiv(point.x() - m_spacing, m_tile.width() + m_spacing), 0, m_columns - 1);
    return std::min(line * m_columns + column, m_count - 1);
}

TileLayout::Span TileLayout::rowsOnLines(int top, int bottom) const
{
    const Span onLines = crossing(top, bottom, m_spacing, m_tile.height(), lineHeight(), lines());
    if (onLines.isEmpty())
        return {};
    return {onLines.first * m_columns, std::min(m_count, (onLines.last + 1) * m_columns) - 1};
}

QList<TileLayout::Span> TileLayout::rowsIn(const QRect &area) const
{
    const Span onLines =
        crossing(area.top(), area.bottom(), m_spacing, m_tile.height(), lineHeight(), lines());
    const Span inColumns =
        crossing(area.left(), area.right(), m_spacing, m_tile.width(), m_tile.width() + m_spacing, m_columns);
    if (onLines.isEmpty() || inColumns.isEmpty())
        return {};
    if (inColumns.first == 0 && inColumns.last == m_columns - 1)
        return {{onLines.first * m_columns, std::min(m_count, (onLines.last + 1) * m_columns) - 1}};
    QList<Span> spans;
    for (int line = onLines.first; line <= onLines.last; ++line) {
        const Span span{line * m_columns + inColumns.first,
                        std::min(m_count - 1, line * m_columns + inColumns.last)};
        if (!span.isEmpty())
            spans.append(span);
    }
    return spans;
}

TileLayout::Span TileLayout::crossing(int from, int to, int start, int extent, int step, int size)
{
    if (from > to || size <= 0)
        return {};
    const int first = std::max(0, ceilDiv(from - start - extent + 1, step));
    const int last = std::min(size - 1, floorDiv(to - start, step));
    return {first, last};
}

} // namespace atelier
