#include "gallery/tilegridview.h"

#include "paintcounter.h"

#include <QAbstractListModel>
#include <QApplication>
#include <QHash>
#include <QMouseEvent>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTest>

#include <algorithm>

using namespace atelier;

namespace {

constexpr int kSpacing = TileGridView::kSpacing;

// Numbered rows that come a page at a time, as the gallery's model sends them, and can be inserted and
// removed anywhere. Each row keeps its number, so a test sees which row is where.
class PagedModel final : public QAbstractListModel
{
public:
    PagedModel(int rows, int total, int page = 0) : m_total(total), m_page(page) { append(rows); }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : m_ids.size();
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        return role == Qt::DisplayRole ? QVariant(m_ids.value(index.row())) : QVariant();
    }
    Qt::ItemFlags flags(const QModelIndex &index) const override
    {
        return QAbstractListModel::flags(index) | Qt::ItemIsDragEnabled;
    }
    bool canFetchMore(const QModelIndex &parent) const override
    {
        return !parent.isValid() && m_ids.size() < m_total;
    }
    void fetchMore(const QModelIndex &) override
    {
        ++fetches;
        append(std::min(m_page, m_total - int(m_ids.size())));
    }

    int idAt(int row) const { return m_ids.value(row, -1); }
    void insertAt(int row, int count)
    {
        beginInsertRows({}, row, row + count - 1);
        for (int i = 0; i < count; ++i)
            m_ids.insert(row + i, m_next++);
        m_total += count;
        endInsertRows();
    }
    void removeAt(int row)
    {
        beginRemoveRows({}, row, row);
        m_ids.remove(row);
        --m_total;
        endRemoveRows();
    }
    void replaceAll(int rows)
    {
        beginResetModel();
        m_ids.clear();
        for (int i = 0; i < rows; ++i)
            m_ids.append(m_next++);
        m_total = rows;
        endResetModel();
    }

    int fetches = 0;

private:
    void append(int count)
    {
        if (count <= 0)
            return;
        beginInsertRows({}, int(m_ids.size()), int(m_ids.size()) + count - 1);
        for (int i = 0; i < count; ++i)
            m_ids.append(m_next++);
        endInsertRows();
    }

    QList<int> m_ids;
    int m_total;
    int m_page;
    int m_next = 0;
};

// Tiles of 100 by 60 and a line of text; remembers how it was asked and what it painted.
class RecordingDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        ++sizeHints;
        return {width, 60 + option.fontMetrics.height()};
    }
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        painted.insert(index.row(), option.state);
        QStyledItemDelegate::paint(painter, option, index);
    }

    int width = 100;
    mutable int sizeHints = 0;
    mutable QHash<int, QStyle::State> painted;
};

// A shown grid over a model, sized so that its viewport is this wide and high.
struct Grid
{
    Grid(PagedModel &model, QSize viewportSize)
    {
        delegate = new RecordingDelegate(&view);
        view.setItemDelegate(delegate);
        view.setSelectionMode(QAbstractItemView::ExtendedSelection);
        view.setMouseTracking(true);
        // Always there, so that the viewport's width does not depend on the count.
        view.setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
        view.setModel(&model);
        view.show();
        resizeViewport(viewportSize);
        QVERIFY(QTest::qWaitForWindowExposed(&view));
    }
    void resizeViewport(QSize size) { view.resize(view.size() + size - view.viewport()->size()); }
    int columns() const
    {
        const int top = view.visualRect(view.model()->index(0, 0)).top();
        int row = 1;
        while (row < view.model()->rowCount() && view.visualRect(view.model()->index(row, 0)).top() == top)
            ++row;
        return row;
    }
    QModelIndex index(int row) const { return view.model()->index(row, 0); }
    QPoint centre(int row) const { return view.visualRect(index(row)).center(); }
    QList<int> selectedRows() const
    {
        QList<int> rows;
        const QModelIndexList indexes = view.selectionModel()->selectedIndexes();
        for (const QModelIndex &index : indexes)
            rows.append(index.row());
        std::sort(rows.begin(), rows.end());
        return rows;
    }
    int tileHeight() const { return view.visualRect(index(0)).height(); }

    TileGridView view;
    RecordingDelegate *delegate;
};

QList<int> range(int first, int last)
{
    QList<int> rows;
    for (int row = first; row <= last; ++row)
        rows.append(row);
    return rows;
}

} // namespace

class TestTileGridView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void layoutIsArithmetic();
    void columnsFollowTheWidth();
    void resizeKeepsTheCurrentTileInSight();
    void visualRectAndIndexAtAgree();
    void tileSizeIsAskedOncePerLayout();
    void keysMoveThroughTheLines();
    void shiftClickSelectsARangeAndCtrlClickToggles();
    void rubberBandSelectsTheTilesItTouches();
    void paintsTheRowsInSightWithTheirState();
    void fetchesMoreToFillTheViewAndAtTheEnd();
    void rowsInsertedFarBelowLeaveTheTilesInSight();
    void removingTheCurrentRowMovesTheCurrentIndex();
    void scrollToBringsAFarRowInSight();
    void aResetStartsAtTheTop();
};

void TestTileGridView::layoutIsArithmetic()
{
    // Tiles of 10 by 20 with 2 of spacing, 50 wide: four columns (2 + 4 * 12 = 50), 10 rows in three lines.
    const TileLayout grid(QSize(10, 20), 2, 50, 10);
    QCOMPARE(grid.columns(), 4);
    QCOMPARE(grid.lines(), 3);
    QCOMPARE(grid.height(), 2 + 3 * 22);
    QCOMPARE(grid.rect(5), QRect(14, 24, 10, 20));
    QCOMPARE(grid.rowAt(QPoint(14, 24)), 5);
    QCOMPARE(grid.rowAt(QPoint(23, 43)), 5);
    QCOMPARE(grid.rowAt(QPoint(24, 30)), -1); // the gap right of it
    QCOMPARE(grid.rowAt(QPoint(14, 44)), -1); // the gap below it
    QCOMPARE(grid.rowAt(QPoint(38, 50)), -1); // beside the last row
    QCOMPARE(grid.rowAt(QPoint(-5, -5)), -1);
    // Nearest in reading order: above the first line, left of it, past the end, in a gap.
    QCOMPARE(grid.rowNear(QPoint(-100, -100)), 0);
    QCOMPARE(grid.rowNear(QPoint(500, -3)), 3);
    QCOMPARE(grid.rowNear(QPoint(500, 500)), 9);
    QCOMPARE(grid.rowNear(QPoint(25, 30)), 5);
    // Lines: only a gap between them is none; a band across the top reaches the first.
    QCOMPARE(grid.rowsOnLines(22, 23), TileLayout::Span{});
    QCOMPARE(grid.rowsOnLines(-40, 2), (TileLayout::Span{0, 3}));
    QCOMPARE(grid.rowsOnLines(43, 1000), (TileLayout::Span{4, 9}));
    // A rectangle: the tiles it touches, one span a line unless it covers every column.
    QCOMPARE(grid.rowsIn(QRect(QPoint(13, -10), QPoint(26, 46))),
             (QList<TileLayout::Span>{{1, 2}, {5, 6}, {9, 9}}));
    QCOMPARE(grid.rowsIn(QRect(QPoint(0, 0), QPoint(49, 25))), (QList<TileLayout::Span>{{0, 7}}));
    QVERIFY(grid.rowsIn(QRect(QPoint(24, 0), QPoint(25, 60))).isEmpty());
    // At least one column, however narrow.
    QCOMPARE(TileLayout(QSize(10, 20), 2, 5, 3).columns(), 1);
    QCOMPARE(TileLayout(QSize(10, 20), 2, 5, 0).height(), 0);
}

void TestTileGridView::columnsFollowTheWidth()
{
    PagedModel model(50, 50);
    Grid grid(model, QSize(420, 300));
    // A column is a tile and the spacing to its left, with the spacing at the right edge too.
    QCOMPARE(grid.view.viewport()->width(), 420);
    QCOMPARE(grid.columns(), 4);
    QCOMPARE(grid.view.visualRect(grid.index(0)), QRect(kSpacing, kSpacing, 100, grid.tileHeight()));
    QCOMPARE(grid.view.visualRect(grid.index(5)).topLeft(),
             QPoint(kSpacing + 104, kSpacing + grid.tileHeight() + kSpacing));
    const QList<std::pair<int, int>> widths{{419, 3}, {107, 1}, {60, 1}, {212, 2}, {1044, 10}};
    for (const auto &[width, columns] : widths) {
        grid.resizeViewport(QSize(width, 300));
        QCOMPARE(grid.view.viewport()->width(), width);
        QCOMPARE(grid.columns(), columns);
    }
    // The scroll bar covers every line, the spacing below the last one included.
    grid.resizeViewport(QSize(420, 300));
    const int lines = (50 + 3) / 4;
    QScrollBar *bar = grid.view.verticalScrollBar();
    QCOMPARE(bar->maximum(), kSpacing + lines * (grid.tileHeight() + kSpacing) - 300);
    QCOMPARE(bar->pageStep(), 300);
    QVERIFY(bar->singleStep() > 1 && bar->singleStep() < grid.tileHeight());
}

void TestTileGridView::resizeKeepsTheCurrentTileInSight()
{
    PagedModel model(1000, 1000);
    Grid grid(model, QSize(840, 300));
    grid.view.setCurrentIndex(grid.index(500));
    const QRect viewport = grid.view.viewport()->rect();
    QVERIFY(viewport.contains(grid.view.visualRect(grid.index(500))));
    const int top = grid.view.visualRect(grid.index(500)).top();
    // Half the columns: twice the lines, the current tile where it was on the screen.
    grid.resizeViewport(QSize(420, 300));
    QCOMPARE(grid.columns(), 4);
    QCOMPARE(grid.view.visualRect(grid.index(500)).top(), top);
    // Without a current tile in sight, the first tile in sight stays.
    grid.view.verticalScrollBar()->setValue(grid.view.verticalScrollBar()->value() + 3000);
    const TileGridView::Span sight = grid.view.rowsInSight();
    QVERIFY(sight.first > 520);
    const int firstTop = grid.view.visualRect(grid.index(sight.first)).top();
    grid.resizeViewport(QSize(212, 300));
    QCOMPARE(grid.view.visualRect(grid.index(sight.first)).top(), firstTop);
}

void TestTileGridView::visualRectAndIndexAtAgree()
{
    PagedModel model(103, 103);
    Grid grid(model, QSize(420, 300));
    // Scrolled by an odd amount, so that the offset takes part.
    grid.view.verticalScrollBar()->setValue(437);
    const TileGridView::Span sight = grid.view.rowsInSight();
    QVERIFY(!sight.isEmpty());
    for (int row = sight.first; row <= sight.last; ++row) {
        const QRect tile = grid.view.visualRect(grid.index(row));
        QCOMPARE(tile.size(), QSize(100, grid.tileHeight()));
        QCOMPARE(grid.view.indexAt(tile.center()), grid.index(row));
        QCOMPARE(grid.view.indexAt(tile.topLeft()), grid.index(row));
        QCOMPARE(grid.view.indexAt(tile.bottomRight()), grid.index(row));
        // The gaps right of and below a tile, and the spacing at the left edge, hold none.
        QVERIFY(!grid.view.indexAt(tile.topRight() + QPoint(1, 0)).isValid());
        QVERIFY(!grid.view.indexAt(tile.bottomLeft() + QPoint(0, 1)).isValid());
        QVERIFY(!grid.view.indexAt(QPoint(kSpacing - 1, tile.center().y())).isValid());
    }
    // Beside the last row on a short last line, and below the last line: nothing.
    grid.view.scrollTo(grid.index(102));
    const QRect last = grid.view.visualRect(grid.index(102));
    QVERIFY(!grid.view.indexAt(last.center() + QPoint(104, 0)).isValid());
    QVERIFY(!grid.view.indexAt(last.center() + QPoint(0, grid.tileHeight() + kSpacing)).isValid());
    QVERIFY(!grid.view.visualRect(QModelIndex()).isValid());
}

void TestTileGridView::tileSizeIsAskedOncePerLayout()
{
    PagedModel model(100'000, 100'000);
    Grid grid(model, QSize(420, 300));
    QTRY_VERIFY(grid.delegate->sizeHints > 0);
    const int asked = grid.delegate->sizeHints;
    model.insertAt(50'000, 200);
    model.removeAt(10);
    grid.view.verticalScrollBar()->setValue(200'000);
    grid.resizeViewport(QSize(840, 300));
    QCOMPARE(grid.delegate->sizeHints, asked);

    // A larger font makes taller tiles; so does another size from the delegate.
    const int height = grid.tileHeight();
    QFont font = grid.view.font();
    font.setPointSizeF(font.pointSizeF() * 2);
    grid.view.setFont(font);
    QTRY_VERIFY(grid.tileHeight() > height);
    auto *wide = new RecordingDelegate(&grid.view);
    wide->width = 150;
    grid.view.setItemDelegate(wide);
    QTRY_COMPARE(grid.view.visualRect(grid.index(0)).width(), 150);
    QCOMPARE(grid.columns(), 5);
}

void TestTileGridView::keysMoveThroughTheLines()
{
    PagedModel model(50, 50);
    Grid grid(model, QSize(420, 300));
    // Four columns, three whole lines in sight.
    grid.resizeViewport(QSize(420, 3 * (grid.tileHeight() + kSpacing) + 10));
    QCOMPARE(grid.columns(), 4);
    grid.view.setCurrentIndex(grid.index(0));
    const auto press = [&grid](Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
        QTest::keyClick(&grid.view, key, modifiers);
        return grid.view.currentIndex().row();
    };
    QCOMPARE(press(Qt::Key_Right), 1);
    QCOMPARE(press(Qt::Key_Right), 2);
    QCOMPARE(press(Qt::Key_Right), 3);
    // From the end of a line to the start of the next, and back.
    QCOMPARE(press(Qt::Key_Right), 4);
    QCOMPARE(press(Qt::Key_Left), 3);
    QCOMPARE(press(Qt::Key_Down), 7);
    QCOMPARE(press(Qt::Key_Down), 11);
    QCOMPARE(press(Qt::Key_Up), 7);
    QCOMPARE(press(Qt::Key_PageDown), 7 + 3 * 4);
    QCOMPARE(press(Qt::Key_PageUp), 7);
    QCOMPARE(press(Qt::Key_PageUp), 3);
    QCOMPARE(press(Qt::Key_Up), 3);
    QCOMPARE(press(Qt::Key_End), 49);
    QVERIFY(grid.view.viewport()->rect().contains(grid.view.visualRect(grid.index(49))));
    // Down from a line above a short last line goes to its last tile; from the last line nowhere.
    grid.view.setCurrentIndex(grid.index(47));
    QCOMPARE(press(Qt::Key_Down), 49);
    QCOMPARE(press(Qt::Key_Down), 49);
    QCOMPARE(press(Qt::Key_Right), 49);
    QCOMPARE(press(Qt::Key_Home), 0);
    QCOMPARE(grid.view.verticalScrollBar()->value(), 0);
    QCOMPARE(press(Qt::Key_Left), 0);
    // Shift with the keys selects every row passed, across lines.
    QCOMPARE(press(Qt::Key_Down, Qt::ShiftModifier), 4);
    QCOMPARE(press(Qt::Key_Right, Qt::ShiftModifier), 5);
    QCOMPARE(grid.selectedRows(), range(0, 5));
}

void TestTileGridView::shiftClickSelectsARangeAndCtrlClickToggles()
{
    PagedModel model(50, 50);
    Grid grid(model, QSize(420, 400));
    QWidget *viewport = grid.view.viewport();
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::NoModifier, grid.centre(2));
    QCOMPARE(grid.selectedRows(), QList<int>{2});
    QCOMPARE(grid.view.currentIndex().row(), 2);
    // From row 2 on the first line to row 9 on the third: the rows between in reading order.
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ShiftModifier, grid.centre(9));
    QCOMPARE(grid.selectedRows(), range(2, 9));
    // Backwards too, from the same anchor.
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ShiftModifier, grid.centre(1));
    QCOMPARE(grid.selectedRows(), range(1, 2));
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ShiftModifier, grid.centre(6));
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ControlModifier, grid.centre(4));
    QCOMPARE(grid.selectedRows(), (QList<int>{2, 3, 5, 6}));
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ControlModifier, grid.centre(12));
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ControlModifier, grid.centre(4));
    QCOMPARE(grid.selectedRows(), (QList<int>{2, 3, 4, 5, 6, 12}));
    // A plain click chooses one again; one in a gap chooses nothing.
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::NoModifier, grid.centre(7));
    QCOMPARE(grid.selectedRows(), QList<int>{7});
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::NoModifier,
                      grid.view.visualRect(grid.index(7)).topRight() + QPoint(2, 0));
    QVERIFY(grid.selectedRows().isEmpty());
}

void TestTileGridView::rubberBandSelectsTheTilesItTouches()
{
    PagedModel model(50, 50);
    Grid grid(model, QSize(420, 400));
    QWidget *viewport = grid.view.viewport();
    grid.view.setCurrentIndex(grid.index(20));
    // From the spacing left of the first line to the middle of row 6 (second line, third column).
    const QPoint start(1, grid.centre(0).y());
    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, start);
    QTest::mouseMove(viewport, grid.centre(5));
    QTest::mouseMove(viewport, grid.centre(6));
    QCOMPARE(grid.selectedRows(), (QList<int>{0, 1, 2, 4, 5, 6}));
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, grid.centre(6));
    QCOMPARE(grid.selectedRows(), (QList<int>{0, 1, 2, 4, 5, 6}));
    // Across every column: one contiguous range.
    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, start);
    QTest::mouseMove(viewport, grid.centre(11));
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, grid.centre(11));
    QCOMPARE(grid.selectedRows(), range(0, 11));
    QCOMPARE(grid.view.selectionModel()->selection().size(), 1);
}

void TestTileGridView::paintsTheRowsInSightWithTheirState()
{
    PagedModel model(100'000, 100'000);
    Grid grid(model, QSize(420, 300));
    QApplication::setActiveWindow(&grid.view);
    grid.view.setFocus();
    QVERIFY(QTest::qWaitForWindowActive(&grid.view));
    grid.view.scrollTo(grid.index(60'000), QAbstractItemView::PositionAtTop);
    grid.view.setCurrentIndex(grid.index(60'001));
    grid.view.selectionModel()->select(QItemSelection(grid.index(60'002), grid.index(60'005)),
                                       QItemSelectionModel::Select);
    const QPoint over = grid.centre(60'004);
    QMouseEvent move(QEvent::MouseMove, over, grid.view.viewport()->mapToGlobal(over), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(grid.view.viewport(), &move);
    grid.delegate->painted.clear();
    grid.view.viewport()->repaint();

    const TileGridView::Span sight = grid.view.rowsInSight();
    QCOMPARE(sight.first, 60'000);
    QVERIFY(sight.last - sight.first < 4 * 5);
    QList<int> painted = grid.delegate->painted.keys();
    std::sort(painted.begin(), painted.end());
    QCOMPARE(painted, range(sight.first, sight.last));
    const QHash<int, QStyle::State> &state = grid.delegate->painted;
    QVERIFY(state.value(60'000) & QStyle::State_Enabled);
    QVERIFY(
        !(state.value(60'000) & (QStyle::State_Selected | QStyle::State_HasFocus | QStyle::State_MouseOver)));
    QVERIFY(state.value(60'001) & QStyle::State_HasFocus);
    QVERIFY(!(state.value(60'002) & QStyle::State_HasFocus));
    for (int row = 60'002; row <= 60'005; ++row)
        QVERIFY(state.value(row) & QStyle::State_Selected);
    QVERIFY(state.value(60'004) & QStyle::State_MouseOver);
    QVERIFY(!(state.value(60'005) & QStyle::State_MouseOver));

    // Every row chosen at once: the tiles in sight show it.
    grid.view.selectAll();
    grid.delegate->painted.clear();
    grid.view.viewport()->repaint();
    QVERIFY(state.value(sight.first) & QStyle::State_Selected);
    QVERIFY(state.value(sight.last) & QStyle::State_Selected);
}

void TestTileGridView::fetchesMoreToFillTheViewAndAtTheEnd()
{
    // Eight rows, two lines: far from filling the view, so the view asks for more until it is filled.
    PagedModel model(8, 1000, 8);
    Grid grid(model, QSize(420, 600));
    QTRY_VERIFY(grid.view.visualRect(grid.index(model.rowCount() - 1)).top() >= 600);
    QVERIFY(model.fetches >= 3);
    QVERIFY(model.canFetchMore({}));
    // Scrolled to the end, it asks for the next page.
    const int fetches = model.fetches;
    const int rows = model.rowCount();
    QScrollBar *bar = grid.view.verticalScrollBar();
    bar->setValue(bar->maximum());
    QCOMPARE(model.fetches, fetches + 1);
    QCOMPARE(model.rowCount(), rows + 8);
    // The page came below the end, which stays where it was.
    QVERIFY(bar->value() < bar->maximum());
}

void TestTileGridView::rowsInsertedFarBelowLeaveTheTilesInSight()
{
    PagedModel model(60'000, 60'000);
    Grid grid(model, QSize(420, 300));
    auto *paints = new test::PaintCounter(grid.view.viewport());
    // Rows 49,992 to 50,007 or so in sight: the 200 new rows come in the middle of the screen.
    grid.view.scrollTo(grid.index(49'992), QAbstractItemView::PositionAtTop);
    QScrollBar *bar = grid.view.verticalScrollBar();
    const int value = bar->value();
    const int maximum = bar->maximum();
    const QRect before = grid.view.visualRect(grid.index(49'999));
    const QRect place = grid.view.visualRect(grid.index(50'000));
    QVERIFY(grid.view.viewport()->rect().contains(place));
    const int idBefore = model.idAt(50'000);
    QTRY_VERIFY(paints->count > 0);
    const int painted = paints->count;
    model.insertAt(50'000, 200);
    QCOMPARE(bar->value(), value);
    QCOMPARE(bar->maximum(), maximum + 200 / 4 * (grid.tileHeight() + kSpacing));
    QCOMPARE(grid.view.visualRect(grid.index(49'999)), before);
    // In the place of the row that was there, the first new one; the old one 200 rows further.
    QCOMPARE(model.idAt(50'200), idBefore);
    QCOMPARE(grid.view.indexAt(place.center()), grid.index(50'000));
    QVERIFY(grid.view.indexAt(place.center()).data().toInt() != idBefore);
    QTRY_VERIFY(paints->count > painted);

    // Far below what is in sight, nothing in sight changes.
    grid.view.scrollTo(grid.index(0), QAbstractItemView::PositionAtTop);
    QCOMPARE(bar->value(), 0);
    model.insertAt(50'000, 200);
    QCOMPARE(bar->value(), 0);
    QCOMPARE(grid.view.indexAt(grid.centre(0)), grid.index(0));
}

void TestTileGridView::removingTheCurrentRowMovesTheCurrentIndex()
{
    PagedModel model(29, 29);
    Grid grid(model, QSize(420, 200));
    QScrollBar *bar = grid.view.verticalScrollBar();
    const int maximum = bar->maximum();
    grid.view.setCurrentIndex(grid.index(10));
    QCOMPARE(grid.selectedRows(), QList<int>{10});
    const QRect place = grid.view.visualRect(grid.index(10));
    const int next = model.idAt(11);
    model.removeAt(10);
    QCOMPARE(grid.view.currentIndex().row(), 9);
    QVERIFY(grid.selectedRows().isEmpty());
    // The rows after it moved up a place.
    QCOMPARE(grid.view.indexAt(place.center()).data().toInt(), next);
    // 29 rows made eight lines, 28 make seven.
    QCOMPARE(bar->maximum(), maximum - (grid.tileHeight() + kSpacing));
    model.removeAt(9);
    QCOMPARE(grid.view.currentIndex().row(), 8);
}

void TestTileGridView::scrollToBringsAFarRowInSight()
{
    PagedModel model(100'000, 100'000);
    Grid grid(model, QSize(420, 300));
    const QRect viewport = grid.view.viewport()->rect();
    const QModelIndex far = grid.index(77'777);
    grid.view.scrollTo(far);
    QVERIFY(viewport.contains(grid.view.visualRect(far)));
    QCOMPARE(grid.view.visualRect(far).bottom() + 1 + kSpacing, viewport.height());
    const int value = grid.view.verticalScrollBar()->value();
    grid.view.scrollTo(far);
    QCOMPARE(grid.view.verticalScrollBar()->value(), value);
    grid.view.scrollTo(far, QAbstractItemView::PositionAtTop);
    QCOMPARE(grid.view.visualRect(far).top(), kSpacing);
    grid.view.scrollTo(far, QAbstractItemView::PositionAtCenter);
    QVERIFY(qAbs(grid.view.visualRect(far).center().y() - viewport.center().y()) <= 1);
    grid.view.scrollTo(grid.index(99'999), QAbstractItemView::PositionAtTop);
    QCOMPARE(grid.view.verticalScrollBar()->value(), grid.view.verticalScrollBar()->maximum());
    QVERIFY(viewport.contains(grid.view.visualRect(grid.index(99'999))));
}

void TestTileGridView::aResetStartsAtTheTop()
{
    PagedModel model(5000, 5000);
    Grid grid(model, QSize(420, 300));
    grid.view.scrollTo(grid.index(4000));
    const int asked = grid.delegate->sizeHints;
    model.replaceAll(300);
    QCOMPARE(grid.view.verticalScrollBar()->value(), 0);
    QCOMPARE(grid.view.indexAt(grid.centre(0)), grid.index(0));
    QTRY_VERIFY(grid.delegate->sizeHints > asked);
    QVERIFY(grid.delegate->sizeHints <= asked + 2);
    // An empty model has nothing to show or to move to.
    model.replaceAll(0);
    QVERIFY(!grid.view.indexAt(QPoint(50, 50)).isValid());
    QTest::keyClick(&grid.view, Qt::Key_Down);
    QVERIFY(!grid.view.currentIndex().isValid());
    QCOMPARE(grid.view.verticalScrollBar()->maximum(), 0);
}

QTEST_MAIN(TestTileGridView)
#include "tst_tilegridview.moc"
