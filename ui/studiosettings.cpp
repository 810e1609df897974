#include "studiosettings.h"

#include "engine/queuepreferences.h"
#include "engine/trashpreferences.h"
#include "engine/variations.h"

#include <QSettings>

#include <algorithm>

namespace atelier {

namespace {
const QString kLibraryFolder = QStringLiteral("library/folder");
const QString kPromptModel = QStringLiteral("prompt/model");
const QString kPromptAspect = QStringLiteral("prompt/aspectRatio");
const QString kPromptQuality = QStringLiteral("prompt/quality");
const QString kPromptStyle = QStringLiteral("prompt/style");
const QString kPromptCount = QStringLiteral("prompt/imageCount");
const QString kExportFolder = QStringLiteral("export/folder");
const QString kCurrentProfile = QStringLiteral("profile/current");
const QString kVariationCount = QStringLiteral("gallery/variationCount");
constexpr int kDefaultVariations = 4;
} // namespace

StudioSettings::StudioSettings(QSettings &settings) : m_settings(settings) {}

QString StudioSettings::libraryFolder() const
{
    return m_settings.value(kLibraryFolder).toString();
}

void StudioSettings::setLibraryFolder(const QString &folder)
{
    if (folder.isEmpty())
        m_settings.remove(kLibraryFolder);
    else
        m_settings.setValue(kLibraryFolder, folder);
}

QueueLimits StudioSettings::queueLimits() const
{
    return QueuePreferences(m_settings).limits();
}

void StudioSettings::setQueueLimits(const QueueLimits &limits)
{
    QueuePreferences(m_settings).setLimits(limits);
}

int StudioSettings::trashDays() const
{
    return TrashPreferences(m_settings).days();
}

void StudioSettings::setTrashDays(int days)
{
    TrashPreferences(m_settings).setDays(days);
}

GenerationRequest StudioSettings::promptDefaults() const
{
    GenerationRequest defaults;
    defaults.model = m_settings.value(kPromptModel).toString();
    defaults.aspectRatio = m_settings.value(kPromptAspect, defaults.aspectRatio).toString();
    defaults.quality = m_settings.value(kPromptQuality).toString();
    defaults.style = m_settings.value(kPromptStyle).toString();
    defaults.imageCount = std::max(1, m_settings.value(kPromptCount, 1).toInt());
    return defaults;
}

void StudioSettings::setPromptDefaults(const GenerationRequest &defaults)
{
    m_settings.setValue(kPromptModel, defaults.model);
    m_settings.setValue(kPromptAspect, defaults.aspectRatio);
    m_settings.setValue(kPromptQuality, defaults.quality);
    m_settings.setValue(kPromptStyle, defaults.style);
    m_settings.setValue(kPromptCount, defaults.imageCount);
}

QString StudioSettings::exportFolder() const
{
    return m_settings.value(kExportFolder).toString();
}

void StudioSettings::setExportFolder(const QString &folder)
{
    m_settings.setValue(kExportFolder, folder);
}

int StudioSettings::variationCount() const
{
    bool ok = false;
    const int count = m_settings.value(kVariationCount, kDefaultVariations).toInt(&ok);
    return ok && count >= 1 && count <= Variations::kMaxCount ? count : kDefaultVariations;
}

void StudioSettings::setVariationCount(int count)
{
    m_settings.setValue(kVariationCount, std::clamp(count, 1, Variations::kMaxCount));
}

qint64 StudioSettings::currentProfile() const
{
    return m_settings.value(kCurrentProfile, 0).toLongLong();
}

void StudioSettings::setCurrentProfile(qint64 id)
{
    m_settings.setValue(kCurrentProfile, id);
}

QByteArray StudioSettings::layout(const QString &name) const
{
    return m_settings.value(QStringLiteral("layout/") + name).toByteArray();
}

void StudioSettings::setLayout(const QString &name, const QByteArray &state)
{
    m_settings.setValue(QStringLiteral("layout/") + name, state);
}

} // namespace atelier
