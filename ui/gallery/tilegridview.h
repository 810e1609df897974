#pragma once

#include "tilelayout.h"

#include <QAbstractItemView>
#include <QPersistentModelIndex>

namespace atelier {

// A grid of equal tiles, one a row of a list model, in lines from left to right and scrolled by the pixel.
// Tiles are placed by arithmetic (TileLayout) over one size, the item delegate's size hint of the first row:
// rows added, removed or scrolled past cost the same at ten rows and at a hundred thousand, where QListView
// lays out every row again for each page a model adds.
class TileGridView final : public QAbstractItemView
{
    Q_OBJECT
public:
    using Span = TileLayout::Span;
    static constexpr int kSpacing = 4;

    explicit TileGridView(QWidget *parent = nullptr);

    // The rows whose lines are in sight, whole or in part.
    Span rowsInSight() const;

    void setModel(QAbstractItemModel *model) override;
    QRect visualRect(const QModelIndex &index) const override;
    QModelIndex indexAt(const QPoint &point) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;

public Q_SLOTS:
    void reset() override;
    void doItemsLayout() override;

protected Q_SLOTS:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void updateGeometries() override;

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override;
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &index) const override;
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;

    bool viewportEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    TileLayout layout() const;
    QSize tileSize() const;
    bool isShown(const QModelIndex &index) const;
    int rowCount() const;
    bool reachesSight(int row) const;
    // Sets the scroll bar for this layout; keeps a tile in sight in place when the lines re-flow.
    void applyLayout();
    int anchorRow(const TileLayout &shown) const;
    void followRemoval(const QModelIndex &parent, int first, int last);
    void setHover(const QModelIndex &index);
    void showBand(const QRect &band);
    QRect inViewport(const QRect &content) const;

    mutable QSize m_tile; // the delegate's size hint, asked once per reset, delegate, font or style
    TileLayout m_shown;   // the layout the scroll bar was last set for
    QPersistentModelIndex m_hover;
    QRect m_band; // the rubber band, in content coordinates; null when none is dragged
    bool m_laying = false;
    bool m_layAgain = false;
};

} // namespace atelier
