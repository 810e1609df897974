#include "modeloptionsform.h"

#include "choicetext.h"
#include "domain/modelcatalog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>
#include <QStandardItemModel>

namespace atelier {

namespace {
// Options people choose here; the mask and the seed have places of their own.
const QStringList kShown{QStringLiteral("background"),         QStringLiteral("output_format"),
                         QStringLiteral("output_compression"), QStringLiteral("moderation"),
                         QStringLiteral("input_fidelity"),     QStringLiteral("partial_images")};

void fillValues(QComboBox *box, const QStringList &values)
{
    const QSignalBlocker blocker(box);
    box->clear();
    for (const QString &value : values)
        box->addItem(ChoiceText::label(value), value);
}
} // namespace

ModelOptionsForm::ModelOptionsForm(const ModelCatalog &catalog, QWidget *parent)
    : QWidget(parent), m_catalog(catalog), m_form(new QFormLayout(this))
{
    m_form->setContentsMargins(0, 0, 0, 0);
    m_quality = new QComboBox(this);
    m_quality->setObjectName(QStringLiteral("quality"));
    m_style = new QComboBox(this);
    m_style->setObjectName(QStringLiteral("style"));
    m_count = new QSpinBox(this);
    m_count->setObjectName(QStringLiteral("imageCount"));
    m_count->setMinimum(1);
    m_form->addRow(tr("&Quality"), m_quality);
    m_form->addRow(tr("St&yle"), m_style);
    m_form->addRow(tr("&Images"), m_count);
    for (QComboBox *box : {m_quality, m_style})
        connect(box, &QComboBox::currentIndexChanged, this, &ModelOptionsForm::changed);
    connect(m_count, &QSpinBox::valueChanged, this, &ModelOptionsForm::changed);
}

void ModelOptionsForm::setModel(const ModelSpec &spec)
{
    const QString quality = this->quality();
    const QString style = this->style();
    const QVariantMap parameters = this->parameters();
    fillValues(m_quality, spec.qualities);
    setQuality(spec.qualities.contains(quality) ? quality : spec.defaultQuality());
    fillValues(m_style, spec.styles);
    setStyle(spec.styles.contains(style) ? style : spec.defaultStyle());
    m_form->setRowVisible(m_style, !spec.styles.isEmpty());
    {
        const QSignalBlocker blocker(m_count);
        m_count->setMaximum(spec.maxImages);
    }
    m_count->setToolTip(tr("Up to %n images per request with this model", nullptr, spec.maxImages));

    clearOptions();
    for (const QString &name : spec.options) {
        if (kShown.contains(name))
            addOption(name);
    }
    setParameters(parameters);
    Q_EMIT changed();
}

void ModelOptionsForm::clearOptions()
{
    for (QWidget *widget : std::as_const(m_options))
        m_form->removeRow(widget);
    m_options.clear();
}

void ModelOptionsForm::addOption(const QString &name)
{
    const ParameterSpec *spec = m_catalog.parameter(name);
    if (!spec)
        return;
    QWidget *editor = nullptr;
    if (spec->isWholeNumber()) {
        auto *spin = new QSpinBox(this);
        spin->setRange(int(spec->minimum), int(spec->maximum));
        spin->setValue(spec->defaultValue.toInt());
        if (name == QLatin1String("output_compression"))
            spin->setSuffix(QStringLiteral(" %"));
        connect(spin, &QSpinBox::valueChanged, this, &ModelOptionsForm::changed);
        editor = spin;
    } else {
        auto *box = new QComboBox(this);
        fillValues(box, spec->values);
        box->setCurrentIndex(std::max(0, box->findData(spec->defaultValue.toString())));
        connect(box, &QComboBox::currentIndexChanged, this, [this, name] {
            applyRequirements(name);
            updateEnabled();
            Q_EMIT changed();
        });
        editor = box;
    }
    editor->setObjectName(name);
    editor->setToolTip(spec->description);
    m_options.insert(name, editor);
    m_form->addRow(ChoiceText::optionName(name), editor);
    updateEnabled();
}

void ModelOptionsForm::applyRequirements(const QString &changedName)
{
    const ParameterSpec *spec = m_catalog.parameter(changedName);
    auto *box = qobject_cast<QComboBox *>(m_options.value(changedName));
    if (!spec || !box)
        return;
    const QHash<QString, QStringList> needs = spec->requirements.value(box->currentData().toString());
    for (auto it = needs.cbegin(); it != needs.cend(); ++it) {
        auto *other = qobject_cast<QComboBox *>(m_options.value(it.key()));
        if (other && !it.value().contains(other->currentData().toString()))
            other->setCurrentIndex(other->findData(it.value().first()));
    }
}

void ModelOptionsForm::updateEnabled()
{
    // Compression means something only for the lossy formats.
    auto *format = qobject_cast<QComboBox *>(m_options.value(QStringLiteral("output_format")));
    if (QWidget *compression = m_options.value(QStringLiteral("output_compression")); compression && format)
        compression->setEnabled(format->currentData().toString() != QLatin1String("png"));
    // A format another choice rules out cannot be picked while that choice stands.
    for (QWidget *widget : std::as_const(m_options)) {
        auto *box = qobject_cast<QComboBox *>(widget);
        auto *items = box ? qobject_cast<QStandardItemModel *>(box->model()) : nullptr;
        for (int row = 0; items && row < items->rowCount(); ++row)
            items->item(row)->setEnabled(true);
    }
    for (auto it = m_options.cbegin(); it != m_options.cend(); ++it) {
        const ParameterSpec *spec = m_catalog.parameter(it.key());
        auto *box = qobject_cast<QComboBox *>(it.value());
        if (!spec || !box)
            continue;
        const QHash<QString, QStringList> needs = spec->requirements.value(box->currentData().toString());
        for (auto need = needs.cbegin(); need != needs.cend(); ++need) {
            auto *other = qobject_cast<QComboBox *>(m_options.value(need.key()));
            auto *items = other ? qobject_cast<QStandardItemModel *>(other->model()) : nullptr;
            for (int row = 0; items && row < items->rowCount(); ++row)
                items->item(row)->setEnabled(need.value().contains(other->itemData(row).toString()));
        }
    }
}

QString ModelOptionsForm::quality() const
{
    return m_quality->currentData().toString();
}

void ModelOptionsForm::setQuality(const QString &quality)
{
    m_quality->setCurrentIndex(std::max(0, m_quality->findData(quality)));
}

QString ModelOptionsForm::style() const
{
    return m_style->currentData().toString();
}

void ModelOptionsForm::setStyle(const QString &style)
{
    m_style->setCurrentIndex(std::max(0, m_style->findData(style)));
}

int ModelOptionsForm::imageCount() const
{
    return m_count->value();
}

void ModelOptionsForm::setImageCount(int count)
{
    m_count->setValue(count);
}

QVariantMap ModelOptionsForm::parameters() const
{
    QVariantMap parameters;
    for (auto it = m_options.cbegin(); it != m_options.cend(); ++it) {
        const ParameterSpec *spec = m_catalog.parameter(it.key());
        if (!spec || !it.value()->isEnabled())
            continue;
        QVariant value;
        if (auto *box = qobject_cast<QComboBox *>(it.value()))
            value = box->currentData().toString();
        else if (auto *spin = qobject_cast<QSpinBox *>(it.value()))
            value = spin->value();
        if (value.toString() != spec->defaultValue.toString())
            parameters.insert(it.key(), value);
    }
    return parameters;
}

void ModelOptionsForm::setParameters(const QVariantMap &parameters)
{
    for (auto it = m_options.cbegin(); it != m_options.cend(); ++it) {
        const ParameterSpec *spec = m_catalog.parameter(it.key());
        const QVariant value = parameters.value(it.key(), spec ? spec->defaultValue : QVariant());
        if (auto *box = qobject_cast<QComboBox *>(it.value()))
            box->setCurrentIndex(std::max(0, box->findData(value.toString())));
        else if (auto *spin = qobject_cast<QSpinBox *>(it.value()))
            spin->setValue(value.toInt());
    }
    updateEnabled();
}

} // namespace atelier
