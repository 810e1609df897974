#pragma once

#include "domain/generation.h"
#include "domain/generationfamily.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace atelier {

class ThumbnailCache;
struct StudioContext;

// "More like this" for the generation the details pane shows (its settings again, n at a time), and its
// family: the one it came from, the others made from that one, and those made from it, as thumbnails to
// click.
class VariationsPane final : public QWidget
{
    Q_OBJECT
public:
    explicit VariationsPane(StudioContext &context, QWidget *parent = nullptr);

    // None: nothing shown. The family follows a moment later, as it does every change to it.
    void setGeneration(const std::optional<Generation> &generation);
    // Queues as many as the count says; said() tells how that went.
    void queueMore();
    const GenerationFamily &family() const { return m_family; }
    QListWidget *strip() const { return m_strip; }

Q_SIGNALS:
    // A relative was clicked: the gallery shows it.
    void chosen(qint64 id);
    void said(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void readFamily();
    // A change to `id` (or to what came from `parentId`) may change the family shown.
    void refreshFor(qint64 id, qint64 parentId = 0);
    void addTile(const GenerationTile &tile, const QString &role);
    void showThumbnail(const QString &path);
    QPixmap pictureOf(const GenerationTile &tile);
    void showCost();

    StudioContext &m_context;
    qint64 m_id = 0;
    qint64 m_each = 0; // tokens one more holds
    GenerationFamily m_family;
    QTimer m_reread;
    ThumbnailCache *m_thumbnails;
    QPushButton *m_more;
    QSpinBox *m_count;
    QLabel *m_summary;
    QListWidget *m_strip;
};

} // namespace atelier
