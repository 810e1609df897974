#include "tilegridview.h"

#include <QCursor>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QRubberBand>
#include <QScrollBar>

#include <algorithm>

namespace atelier {

namespace {

// The rectangle with these two corners. QRect::normalized() would shrink it by a pixel when they come
// right to left.
QRect spanned(QPoint a, QPoint b)
{
    return {QPoint(std::min(a.x(), b.x()), std::min(a.y(), b.y())),
            QPoint(std::max(a.x(), b.x()), std::max(a.y(), b.y()))};
}

} // namespace

TileGridView::TileGridView(QWidget *parent) : QAbstractItemView(parent)
{
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollMode(ScrollPerPixel);
}

TileGridView::Span TileGridView::rowsInSight() const
{
    const int top = verticalOffset();
    return layout().rowsOnLines(top, top + viewport()->height() - 1);
}

void TileGridView::setModel(QAbstractItemModel *model)
{
    if (QAbstractItemModel *old = this->model())
        disconnect(old, &QAbstractItemModel::rowsRemoved, this, &TileGridView::followRemoval);
    m_tile = QSize();
    QAbstractItemView::setModel(model);
    // The base class has no hook after a removal, when the count is the new one.
    if (model)
        connect(model, &QAbstractItemModel::rowsRemoved, this, &TileGridView::followRemoval);
}

QRect TileGridView::visualRect(const QModelIndex &index) const
{
    return isShown(index) ? inViewport(layout().rect(index.row())) : QRect();
}

QModelIndex TileGridView::indexAt(const QPoint &point) const
{
    const int row = layout().rowAt(point + QPoint(0, verticalOffset()));
    return row >= 0 ? model()->index(row, 0, rootIndex()) : QModelIndex();
}

void TileGridView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (!isShown(index))
        return;
    const TileLayout grid = layout();
    // Asked before the scroll bar knows of new rows (a delayed layout): its range would stop short.
    if (grid != m_shown)
        updateGeometries();
    const QRect tile = grid.rect(index.row());
    // With the spacing around the tile, as at the top and the bottom of the grid.
    const int top = tile.top() - grid.spacing();
    const int bottom = tile.bottom() + 1 + grid.spacing();
    const int height = viewport()->height();
    QScrollBar *bar = verticalScrollBar();
    int value = bar->value();
    switch (hint) {
    case EnsureVisible:
        if (top < value)
            value = top;
        else if (bottom > value + height)
            value = std::min(top, bottom - height);
        break;
    case PositionAtTop:
        value = top;
        break;
    case PositionAtBottom:
        value = bottom - height;
        break;
    case PositionAtCenter:
        value = tile.center().y() - height / 2;
        break;
    }
    bar->setValue(value);
}

void TileGridView::reset()
{
    m_tile = QSize();
    m_band = QRect();
    QAbstractItemView::reset();
    updateGeometries();
    // Other rows altogether (a new search): they are shown from the first.
    verticalScrollBar()->setValue(0);
    viewport()->update();
}

void TileGridView::doItemsLayout()
{
    // Called for a new delegate, its sizeHintChanged(), a font or a style: the tiles may have a new size.
    m_tile = QSize();
    QAbstractItemView::doItemsLayout();
}

void TileGridView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                               const QList<int> &roles)
{
    if (topLeft == bottomRight) {
        QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    // The base class repaints the whole viewport for any range; tiles have no editors to update, so only the
    // lines in sight that hold changed rows are repainted.
    if (topLeft.parent() != rootIndex())
        return;
    const Span sight = rowsInSight();
    const int first = std::max(topLeft.row(), sight.first);
    const int last = std::min(bottomRight.row(), sight.last);
    if (first > last)
        return;
    const TileLayout grid = layout();
    const QRect from = inViewport(grid.rect(first));
    const QRect to = inViewport(grid.rect(last));
    viewport()->update(QRect(0, from.top(), viewport()->width(), to.bottom() - from.top() + 1));
}

void TileGridView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    if (parent == rootIndex()) {
        // The first rows of an empty model: the tile size is asked of a real one.
        if (rowCount() == end - start + 1)
            m_tile = QSize();
        updateGeometries();
        if (reachesSight(start))
            viewport()->update();
    }
    QAbstractItemView::rowsInserted(parent, start, end);
}

void TileGridView::updateGeometries()
{
    // Setting the range may show or hide the scroll bar, which resizes the viewport and calls back here:
    // the new width is laid out by the loop below instead. A bar that comes makes fewer columns and so more
    // lines, one that goes the reverse, so the second pass is the last.
    if (m_laying) {
        m_layAgain = true;
        return;
    }
    m_laying = true;
    for (int pass = 0; pass < 3; ++pass) {
        m_layAgain = false;
        applyLayout();
        if (!m_layAgain)
            break;
    }
    m_laying = false;
    // Starts Qt's check for more rows: it fetches them when the last row is in sight.
    QAbstractItemView::updateGeometries();
}

QModelIndex TileGridView::moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers)
{
    const TileLayout grid = layout();
    const int count = grid.count();
    if (count == 0)
        return {};
    const QModelIndex current = currentIndex();
    if (!isShown(current))
        return model()->index(0, 0, rootIndex());
    const int row = current.row();
    const int columns = grid.columns();
    const int page = columns * std::max(1, viewport()->height() / grid.lineHeight());
    int next = row;
    switch (cursorAction) {
    case MoveLeft:
    case MovePrevious:
        next = row - 1;
        break;
    case MoveRight:
    case MoveNext:
        next = row + 1;
        break;
    case MoveUp:
        next = row >= columns ? row - columns : row;
        break;
    case MoveDown:
        // Below the last tile of a short last line: to the last tile, as file managers do.
        next = row + columns < count ? row + columns
                                     : (grid.lineOf(count - 1) > grid.lineOf(row) ? count - 1 : row);
        break;
    case MovePageUp:
        next = row >= page ? row - page : row % columns;
        break;
    case MovePageDown:
        next = std::min(row + page, count - 1);
        break;
    case MoveHome:
        next = 0;
        break;
    case MoveEnd:
        next = count - 1;
        break;
    }
    return model()->index(std::clamp(next, 0, count - 1), 0, rootIndex());
}

int TileGridView::horizontalOffset() const
{
    return 0;
}

int TileGridView::verticalOffset() const
{
    return verticalScrollBar()->value();
}

bool TileGridView::isIndexHidden(const QModelIndex &index) const
{
    return index.column() != 0;
}

void TileGridView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    if (!model() || !selectionModel())
        return;
    const TileLayout grid = layout();
    const QPoint offset(0, verticalOffset());
    QList<Span> spans;
    if (state() == DragSelectingState) {
        // The rubber band, from where the press was to the mouse: every tile it touches.
        const QRect band = spanned(rect.topLeft(), rect.bottomRight()).translated(offset);
        showBand(band);
        spans = grid.rowsIn(band);
    } else if (rect.width() == 1 && rect.height() == 1) {
        // A click: the tile under it, none in a gap.
        if (const int row = grid.rowAt(rect.topLeft() + offset); row >= 0)
            spans.append({row, row});
    } else {
        // Shift with a click or a key, from the centre of one tile to another's: the rows between them in
        // reading order, as a list selects them.
        const int from = grid.rowNear(rect.topLeft() + offset);
        const int to = grid.rowNear(rect.bottomRight() + offset);
        if (from >= 0)
            spans.append({std::min(from, to), std::max(from, to)});
    }
    QItemSelection selection;
    for (const Span &span : std::as_const(spans))
        selection.append(QItemSelectionRange(model()->index(span.first, 0, rootIndex()),
                                             model()->index(span.last, 0, rootIndex())));
    selectionModel()->select(selection, command);
}

QRegion TileGridView::visualRegionForSelection(const QItemSelection &selection) const
{
    // Only the rows in sight, a rectangle a line: Select All over every row costs as much as one tile.
    const TileLayout grid = layout();
    const Span sight = rowsInSight();
    QRegion region;
    for (const QItemSelectionRange &range : selection) {
        if (range.parent() != rootIndex() || range.left() > 0)
            continue;
        const int last = std::min(range.bottom(), sight.last);
        for (int row = std::max(range.top(), sight.first); row <= last;) {
            const int lineEnd = std::min(last, (grid.lineOf(row) + 1) * grid.columns() - 1);
            region += inViewport(grid.rect(row).united(grid.rect(lineEnd)));
            row = lineEnd + 1;
        }
    }
    return region;
}

bool TileGridView::viewportEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseMove:
    case QEvent::HoverEnter:
    case QEvent::HoverMove:
        setHover(indexAt(static_cast<QSinglePointEvent *>(event)->position().toPoint()));
        break;
    case QEvent::Leave:
    case QEvent::HoverLeave:
        setHover({});
        break;
    default:
        break;
    }
    return QAbstractItemView::viewportEvent(event);
}

void TileGridView::paintEvent(QPaintEvent *event)
{
    if (!model())
        return;
    QPainter painter(viewport());
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    const QStyle::State state = option.state;
    const QModelIndex current = currentIndex();
    const bool focus = (hasFocus() || viewport()->hasFocus()) && current.isValid();
    const QItemSelectionModel *selection = selectionModel();
    const QRect area = event->rect();
    const int offset = verticalOffset();
    const TileLayout grid = layout();
    const Span rows = grid.rowsOnLines(area.top() + offset, area.bottom() + offset);
    for (int row = rows.first; row <= rows.last; ++row) {
        option.rect = inViewport(grid.rect(row));
        if (!option.rect.intersects(area))
            continue;
        const QModelIndex index = model()->index(row, 0, rootIndex());
        option.state = state;
        option.state.setFlag(QStyle::State_Selected, selection && selection->isSelected(index));
        if (state & QStyle::State_Enabled) {
            const bool enabled = index.flags() & Qt::ItemIsEnabled;
            option.state.setFlag(QStyle::State_Enabled, enabled);
            option.palette.setCurrentColorGroup(enabled ? QPalette::Normal : QPalette::Disabled);
        }
        option.state.setFlag(QStyle::State_HasFocus, focus && index == current);
        option.state.setFlag(QStyle::State_MouseOver, m_hover == index);
        if (QAbstractItemDelegate *delegate = itemDelegateForIndex(index))
            delegate->paint(&painter, option, index);
    }
    if (!m_band.isNull()) {
        QStyleOptionRubberBand band;
        band.initFrom(this);
        band.shape = QRubberBand::Rectangle;
        band.opaque = false;
        band.rect = inViewport(m_band);
        style()->drawControl(QStyle::CE_RubberBand, &band, &painter);
    }
}

void TileGridView::mouseReleaseEvent(QMouseEvent *event)
{
    QAbstractItemView::mouseReleaseEvent(event);
    if (!m_band.isNull())
        showBand(QRect());
}

void TileGridView::scrollContentsBy(int, int dy)
{
    if (dy == 0)
        return;
    // The tile under a still mouse is another one now.
    m_hover = viewport()->underMouse() ? indexAt(viewport()->mapFromGlobal(QCursor::pos())) : QModelIndex();
    // All of it, not a blit: the base class keeps regions to repaint in viewport coordinates, which a blit
    // would leave where they were.
    viewport()->update();
}

TileLayout TileGridView::layout() const
{
    return {tileSize(), kSpacing, viewport()->width(), rowCount()};
}

QSize TileGridView::tileSize() const
{
    if (m_tile.isEmpty()) {
        QStyleOptionViewItem option;
        initViewItemOption(&option);
        const QModelIndex first = model() ? model()->index(0, 0, rootIndex()) : QModelIndex();
        const QAbstractItemDelegate *delegate = itemDelegateForIndex(first);
        m_tile = (delegate ? delegate->sizeHint(option, first) : QSize()).expandedTo(QSize(1, 1));
    }
    return m_tile;
}

bool TileGridView::isShown(const QModelIndex &index) const
{
    return index.isValid() && index.model() == model() && index.column() == 0 &&
           index.parent() == rootIndex();
}

int TileGridView::rowCount() const
{
    return model() ? model()->rowCount(rootIndex()) : 0;
}

bool TileGridView::reachesSight(int row) const
{
    // Rows from here on move: what is in sight changes when the row's line is in sight or above it.
    return inViewport(layout().rect(row)).top() < viewport()->height();
}

void TileGridView::applyLayout()
{
    const TileLayout next = layout();
    QScrollBar *bar = verticalScrollBar();
    int value = bar->value();
    if (m_shown.count() > 0 && next.count() > 0 &&
        (next.columns() != m_shown.columns() || next.tile() != m_shown.tile())) {
        const int anchor = std::min(anchorRow(m_shown), next.count() - 1);
        value += next.rect(anchor).top() - m_shown.rect(anchor).top();
    }
    // Before the range: setting it may call back here (see updateGeometries()).
    m_shown = next;
    const int height = viewport()->height();
    bar->setRange(0, std::max(0, next.height() - height));
    bar->setPageStep(height);
    bar->setSingleStep(std::max(1, next.lineHeight() / 3));
    bar->setValue(value);
}

int TileGridView::anchorRow(const TileLayout &shown) const
{
    const int top = verticalOffset();
    const int bottom = top + viewport()->height() - 1;
    const int current = currentIndex().row();
    if (current >= 0 && current < shown.count()) {
        const QRect tile = shown.rect(current);
        if (tile.bottom() >= top && tile.top() <= bottom)
            return current;
    }
    return std::max(0, shown.rowsOnLines(top, bottom).first);
}

void TileGridView::followRemoval(const QModelIndex &parent, int first, int)
{
    if (parent != rootIndex())
        return;
    updateGeometries();
    if (reachesSight(first))
        viewport()->update();
}

void TileGridView::setHover(const QModelIndex &index)
{
    if (m_hover == index)
        return;
    update(m_hover);
    m_hover = index;
    update(index);
}

void TileGridView::showBand(const QRect &band)
{
    // The band's border is drawn on its edge: a pixel more on each side.
    viewport()->update(inViewport(m_band.united(band)).adjusted(-1, -1, 1, 1));
    m_band = band;
}

QRect TileGridView::inViewport(const QRect &content) const
{
    return content.translated(0, -verticalOffset());
}

} // namespace atelier
