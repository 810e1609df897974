#pragma once

#include <QStyledItemDelegate>

namespace atelier {

class ThumbnailCache;

// One tile of the gallery: the thumbnail (a placeholder while it loads, a glyph for generations without an
// image), the start of the prompt, and a badge for anything but a finished image. Asks the cache only for
// the tiles it paints.
class GalleryDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    GalleryDelegate(ThumbnailCache &cache, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    void paintPicture(QPainter *painter, const QStyleOptionViewItem &option, const QRect &area,
                      const QModelIndex &index) const;
    void paintBadge(QPainter *painter, const QStyleOptionViewItem &option, const QRect &area,
                    const QModelIndex &index) const;
    // The favourite heart and the rating's stars over the picture, when it has either.
    void paintMarks(QPainter *painter, const QStyleOptionViewItem &option, const QRect &area,
                    const QModelIndex &index) const;

    ThumbnailCache &m_cache;
};

} // namespace atelier
