#pragma once

#include <QStyledItemDelegate>

namespace atelier {

// Paints a queue row (preview, prompt, what is happening, progress) with its one-click action: Cancel for a
// waiting or running job, Retry and Dismiss for a failed or cancelled one.
class QueueDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    enum class Button
    {
        None,
        Cancel,
        Retry,
        Dismiss
    };

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // Which button of the row lies under a point, for clicks and tests.
    Button buttonAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &point) const;

Q_SIGNALS:
    void cancelClicked(qint64 id);
    void retryClicked(qint64 id);
    void dismissClicked(qint64 id);

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

private:
    QList<QPair<Button, QRect>> buttons(const QStyleOptionViewItem &option, const QModelIndex &index) const;
};

} // namespace atelier
