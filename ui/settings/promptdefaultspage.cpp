#include "promptdefaultspage.h"

#include "choicetext.h"
#include "engine/imagegenerationservice.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace atelier {

PromptDefaultsPage::PromptDefaultsPage(StudioContext &context, QWidget *parent)
    : SettingsPage(parent), m_catalog(context.service.catalog()), m_settings(context.settings)
{
    const GenerationRequest defaults = m_settings.promptDefaults();

    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("defaultModel"));
    const QList<ModelSpec> models = m_catalog.models();
    for (const ModelSpec &model : models)
        m_model->addItem(model.label, model.id);
    const int model = m_model->findData(defaults.model.isEmpty() ? m_catalog.defaultModel() : defaults.model);
    m_model->setCurrentIndex(std::max(0, model));

    m_aspectRatio = new QComboBox(this);
    m_aspectRatio->setObjectName(QStringLiteral("defaultAspectRatio"));
    const QStringList ratios = ModelCatalog::aspectRatios();
    for (const QString &ratio : ratios)
        m_aspectRatio->addItem(ratio, ratio);
    m_aspectRatio->setCurrentIndex(std::max(0, m_aspectRatio->findData(defaults.aspectRatio)));

    m_quality = new QComboBox(this);
    m_quality->setObjectName(QStringLiteral("defaultQuality"));
    m_imageCount = new QSpinBox(this);
    m_imageCount->setObjectName(QStringLiteral("defaultImageCount"));
    m_imageCount->setMinimum(1);
    followModel();
    if (const int quality = m_quality->findData(defaults.quality); quality >= 0)
        m_quality->setCurrentIndex(quality);
    m_imageCount->setValue(defaults.imageCount);

    auto *form = new QFormLayout;
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("Aspect ratio:"), m_aspectRatio);
    form->addRow(tr("Quality:"), m_quality);
    form->addRow(tr("Number of images:"), m_imageCount);
    auto *note = new QLabel(tr("What the prompt panel starts with. You can still change everything for each "
                               "prompt."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addStretch(1);

    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        followModel();
        Q_EMIT edited();
    });
    connect(m_aspectRatio, &QComboBox::currentIndexChanged, this, &SettingsPage::edited);
    connect(m_quality, &QComboBox::currentIndexChanged, this, &SettingsPage::edited);
    connect(m_imageCount, &QSpinBox::valueChanged, this, &SettingsPage::edited);
}

void PromptDefaultsPage::followModel()
{
    const ModelSpec *spec = m_catalog.model(m_model->currentData().toString());
    if (!spec)
        return;
    const QString kept = m_quality->currentData().toString();
    {
        const QSignalBlocker blocker(m_quality);
        m_quality->clear();
        for (const QString &quality : spec->qualities)
            m_quality->addItem(ChoiceText::label(quality), quality);
        m_quality->setCurrentIndex(std::max(0, m_quality->findData(kept)));
    }
    m_imageCount->setMaximum(std::max(1, spec->maxImages));
}

QString PromptDefaultsPage::apply()
{
    GenerationRequest defaults = m_settings.promptDefaults();
    defaults.model = m_model->currentData().toString();
    defaults.aspectRatio = m_aspectRatio->currentData().toString();
    defaults.quality = m_quality->currentData().toString();
    defaults.imageCount = m_imageCount->value();
    // A style only some models take is kept while the model takes it.
    if (const ModelSpec *spec = m_catalog.model(defaults.model);
        spec && !spec->styles.contains(defaults.style))
        defaults.style.clear();
    m_settings.setPromptDefaults(defaults);
    return {};
}

} // namespace atelier
