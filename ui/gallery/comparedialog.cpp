#include "comparedialog.h"

#include "generationcomparison.h"
#include "imageview.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace atelier {

CompareDialog::CompareDialog(const QList<Generation> &generations, const ModelCatalog &catalog,
                             QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Compare %1 results").arg(generations.size()));
    auto *pictures = new QWidget(this);
    auto *row = new QHBoxLayout(pictures);
    row->setContentsMargins(0, 0, 0, 0);
    QStringList headers;
    for (const Generation &generation : generations) {
        auto *column = new QVBoxLayout;
        auto *view = new ImageView(pictures);
        view->setObjectName(QStringLiteral("compareView%1").arg(m_views.size()));
        view->setPath(generation.resultPaths.value(0));
        auto *caption =
            new QLabel(QStringLiteral("#%1  %2").arg(generation.id).arg(generation.request.prompt), pictures);
        caption->setWordWrap(true);
        caption->setMaximumHeight(caption->fontMetrics().lineSpacing() * 2 + 4);
        column->addWidget(view, 1);
        column->addWidget(caption);
        row->addLayout(column, 1);
        m_views.append(view);
        headers.append(QStringLiteral("#%1").arg(generation.id));
        connect(view, &ImageView::viewMoved, this, [this, view] { follow(view); });
        // Decoded after the others moved: it joins them where they are.
        connect(view, &ImageView::imageLoaded, this, [this, view] {
            for (ImageView *other : std::as_const(m_views)) {
                if (other != view && !other->image().isNull()) {
                    follow(other);
                    return;
                }
            }
        });
    }

    m_model = new QStandardItemModel(this);
    m_model->setHorizontalHeaderLabels(headers);
    QStringList labels;
    const QList<GenerationComparison::Row> rows = GenerationComparison::rows(generations, catalog);
    for (const GenerationComparison::Row &comparison : rows) {
        QList<QStandardItem *> items;
        for (const QString &value : comparison.values) {
            auto *item = new QStandardItem(value);
            item->setEditable(false);
            if (comparison.differs) {
                QFont bold = font();
                bold.setBold(true);
                item->setFont(bold);
            }
            items.append(item);
        }
        m_model->appendRow(items);
        labels.append(comparison.differs ? QStringLiteral("≠ %1").arg(comparison.label) : comparison.label);
        m_differs.append(comparison.differs);
    }
    m_model->setVerticalHeaderLabels(labels);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setModel(m_model);
    m_table->setWordWrap(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_onlyDifferences = new QCheckBox(tr("Only what differs"), this);
    m_onlyDifferences->setObjectName(QStringLiteral("onlyDifferences"));
    connect(m_onlyDifferences, &QCheckBox::toggled, this, &CompareDialog::showRows);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(pictures);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_onlyDifferences);
    bottom->addStretch(1);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);
    resize(1200, 800);
}

void CompareDialog::follow(ImageView *leader)
{
    // The followers' own moves come back here: only the leader's count.
    if (m_following || leader->image().isNull())
        return;
    m_following = true;
    for (ImageView *view : std::as_const(m_views)) {
        if (view != leader && !view->image().isNull())
            view->follow(leader->zoom(), leader->isFitted(), leader->centre());
    }
    m_following = false;
}

void CompareDialog::showRows()
{
    const bool only = m_onlyDifferences->isChecked();
    for (int row = 0; row < m_differs.size(); ++row)
        m_table->setRowHidden(row, only && !m_differs.at(row));
}

} // namespace atelier
