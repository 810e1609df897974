#include "modelpicker.h"

#include "domain/modelcatalog.h"

#include <QStandardItemModel>

namespace atelier {

namespace {
constexpr int kModelIdRole = Qt::UserRole + 1;

QString providerHeading(const QString &provider)
{
    if (provider == QLatin1String("offline"))
        return ModelPicker::tr("On this computer");
    if (provider == QLatin1String("openai"))
        return ModelPicker::tr("OpenAI");
    return provider;
}
} // namespace

ModelPicker::ModelPicker(const ModelCatalog &catalog, QWidget *parent) : QComboBox(parent)
{
    auto *items = new QStandardItemModel(this);
    QString provider;
    for (const ModelSpec &spec : catalog.models()) {
        if (spec.provider != provider) {
            provider = spec.provider;
            // A heading, not a choice: shown in the list, never selectable.
            auto *heading = new QStandardItem(providerHeading(provider));
            heading->setFlags(Qt::NoItemFlags);
            QFont font = heading->font();
            font.setBold(true);
            heading->setFont(font);
            items->appendRow(heading);
        }
        auto *item = new QStandardItem(QStringLiteral("   ") + spec.label);
        item->setData(spec.id, kModelIdRole);
        item->setToolTip(spec.description);
        items->appendRow(item);
    }
    setModel(items);
    setModelId(catalog.defaultModel());
    connect(this, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT modelChanged(modelId()); });
}

QString ModelPicker::modelId() const
{
    return currentData(kModelIdRole).toString();
}

bool ModelPicker::setModelId(const QString &id)
{
    const int index = findData(id, kModelIdRole);
    if (index < 0)
        return false;
    setCurrentIndex(index);
    return true;
}

} // namespace atelier
