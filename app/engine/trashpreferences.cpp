#include "trashpreferences.h"

#include "enginesettings.h"

#include <QSettings>

#include <algorithm>

namespace atelier {

namespace {

const QString Days = QStringLiteral("trash.days");
const QString DaysKey = QStringLiteral("trash/days");

QString unknown(const QString &name)
{
    return QStringLiteral("There is no setting '%1'. Settings: %2.").arg(name, Days);
}

} // namespace

QStringList TrashPreferences::names()
{
    return {Days};
}

int TrashPreferences::days() const
{
    // A value edited by hand out of range is brought into it rather than erasing the trash at once.
    return std::clamp(m_settings.value(DaysKey, EngineSettings{}.trashDays).toInt(), 0, MaxDays);
}

void TrashPreferences::setDays(int days)
{
    m_settings.setValue(DaysKey, std::clamp(days, 0, MaxDays));
}

QList<PreferenceEntry> TrashPreferences::entries() const
{
    return {{Days, QString::number(days()),
             m_settings.contains(DaysKey) ? QStringLiteral("settings") : QStringLiteral("default")}};
}

QString TrashPreferences::set(const QString &name, const QString &value)
{
    if (name != Days)
        return unknown(name);
    bool ok = false;
    const int days = value.trimmed().toInt(&ok);
    if (!ok || days < 0 || days > MaxDays)
        return QStringLiteral("'%1' is how many days deleted results stay in the trash, from 0 (until it is "
                              "emptied) to %2; '%3' is not.")
            .arg(name)
            .arg(MaxDays)
            .arg(value.trimmed());
    m_settings.setValue(DaysKey, days);
    return saved();
}

QString TrashPreferences::unset(const QString &name)
{
    if (name != Days)
        return unknown(name);
    m_settings.remove(DaysKey);
    return saved();
}

QString TrashPreferences::saved()
{
    m_settings.sync();
    if (m_settings.status() != QSettings::NoError)
        return QStringLiteral("The settings file %1 cannot be written.").arg(m_settings.fileName());
    return {};
}

} // namespace atelier
