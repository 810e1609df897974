#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QToolButton;

namespace atelier {

// A drop zone for one kind of reference image (product or model): drag files in or pick them, see
// thumbnails, remove them. The files are checked against the model's rules with the whole request; this
// only keeps out what is not an image file at all.
class ReferenceImageStrip final : public QWidget
{
    Q_OBJECT
public:
    ReferenceImageStrip(const QString &title, QWidget *parent = nullptr);

    QStringList paths() const { return m_paths; }
    void setPaths(const QStringList &paths);
    // Adds image files; says in the strip which were left out and why.
    void addPaths(const QStringList &paths);

Q_SIGNALS:
    void pathsChanged();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void addItem(const QString &path);
    void removeSelected();
    void pickFiles();
    void showHint();

    QStringList m_paths;
    QListWidget *m_list = nullptr;
    QLabel *m_hint = nullptr;
    QToolButton *m_remove = nullptr;
};

} // namespace atelier
