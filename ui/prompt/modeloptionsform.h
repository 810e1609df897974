#pragma once

#include <QVariantMap>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QSpinBox;

namespace atelier {

class ModelCatalog;
struct ModelSpec;

// Quality, style, number of images and the provider options of the chosen model (background, output format,
// compression, ...). Only what the model takes is shown, and a choice that another one rules out (a
// transparent background needs png or webp) moves the other one along, so no invalid mix can be picked.
class ModelOptionsForm final : public QWidget
{
    Q_OBJECT
public:
    explicit ModelOptionsForm(const ModelCatalog &catalog, QWidget *parent = nullptr);

    void setModel(const ModelSpec &spec);
    QString quality() const;
    void setQuality(const QString &quality);
    QString style() const;
    void setStyle(const QString &style);
    int imageCount() const;
    void setImageCount(int count);
    // The options shown, as the request carries them; values equal to the provider's default left out.
    QVariantMap parameters() const;
    void setParameters(const QVariantMap &parameters);

Q_SIGNALS:
    void changed();

private:
    void clearOptions();
    void addOption(const QString &name);
    void applyRequirements(const QString &changedName);
    void updateEnabled();

    const ModelCatalog &m_catalog;
    QFormLayout *m_form = nullptr;
    QComboBox *m_quality = nullptr;
    QComboBox *m_style = nullptr;
    QSpinBox *m_count = nullptr;
    QHash<QString, QWidget *> m_options; // by parameter name
};

} // namespace atelier
