#include "queuesettingspage.h"

#include "engine/imagegenerationservice.h"
#include "engine/queuepreferences.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace atelier {

namespace {
const QString Offline = QStringLiteral("offline");
const QString OpenAi = QStringLiteral("openai");
} // namespace

QueueSettingsPage::QueueSettingsPage(StudioContext &context, QWidget *parent)
    : SettingsPage(parent), m_context(context)
{
    const QueueLimits &limits = context.service.queueLimits();
    m_global = addLimit(QStringLiteral("globalLimit"), limits.global);
    m_offline = addLimit(QStringLiteral("offlineLimit"), limits.forProvider(Offline));
    m_openAi = addLimit(QStringLiteral("openaiLimit"), limits.forProvider(OpenAi));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(tr("Images made at once, in all:"), m_global);
    form->addRow(tr("With the offline preview:"), m_offline);
    form->addRow(tr("With OpenAI:"), m_openAi);

    auto *note =
        new QLabel(tr("More at once finishes a batch sooner, but OpenAI may answer \"too many "
                      "requests\" and the waits grow. The limits take effect as soon as you press OK "
                      "or Apply: images already being made go on, the new limits decide what starts "
                      "next."),
                   this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addStretch(1);
}

QSpinBox *QueueSettingsPage::addLimit(const QString &name, int value)
{
    auto *spin = new QSpinBox(this);
    spin->setObjectName(name);
    spin->setRange(1, QueuePreferences::MaxLimit);
    spin->setValue(value);
    connect(spin, &QSpinBox::valueChanged, this, &SettingsPage::edited);
    return spin;
}

QString QueueSettingsPage::apply()
{
    QueueLimits limits = m_context.service.queueLimits();
    limits.global = m_global->value();
    limits.perProvider.insert(Offline, m_offline->value());
    limits.perProvider.insert(OpenAi, m_openAi->value());
    m_context.service.setQueueLimits(limits);
    m_context.settings.setQueueLimits(limits);
    return {};
}

} // namespace atelier
