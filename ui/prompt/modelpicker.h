#pragma once

#include <QComboBox>

namespace atelier {

class ModelCatalog;

// The catalog's models grouped under their provider; the offline preview says plainly that it is not AI.
class ModelPicker final : public QComboBox
{
    Q_OBJECT
public:
    explicit ModelPicker(const ModelCatalog &catalog, QWidget *parent = nullptr);

    QString modelId() const;
    // False when the catalog has no such model; the choice then stays.
    bool setModelId(const QString &id);

Q_SIGNALS:
    void modelChanged(const QString &id);
};

} // namespace atelier
