#pragma once

#include "domain/generation.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QStandardItemModel;
class QTableView;

namespace atelier {

class ImageView;
class ModelCatalog;

// Two to four results side by side: the pictures zoom and pan in step (wheel, + and -, 0 to fit, drag), and
// below them the settings they were made with, those that differ marked (or alone, when asked).
class CompareDialog final : public QDialog
{
    Q_OBJECT
public:
    CompareDialog(const QList<Generation> &generations, const ModelCatalog &catalog,
                  QWidget *parent = nullptr);

    QList<ImageView *> views() const { return m_views; }
    QTableView *differences() const { return m_table; }
    QCheckBox *onlyDifferences() const { return m_onlyDifferences; }

private:
    // Another view moved: the others follow it.
    void follow(ImageView *leader);
    void showRows();

    QList<ImageView *> m_views;
    QStandardItemModel *m_model;
    QTableView *m_table;
    QCheckBox *m_onlyDifferences;
    QList<bool> m_differs; // per row of the model
    bool m_following = false;
};

} // namespace atelier
