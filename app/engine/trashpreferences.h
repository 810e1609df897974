#pragma once

#include "domain/preferenceentry.h"

#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

namespace atelier {

// How many days a deleted result stays in the trash before a start erases it (0: until the trash is
// emptied), kept in QSettings under "trash/days" so that the window's Settings and `atelier-cli config`
// (trash.days) set the same number.
class TrashPreferences
{
public:
    explicit TrashPreferences(QSettings &settings) : m_settings(settings) {}

    static QStringList names();
    static constexpr int MaxDays = 3650;

    int days() const;
    void setDays(int days);
    QList<PreferenceEntry> entries() const;

    // Checks and saves the setting; on a bad name or value returns why in words and changes nothing.
    QString set(const QString &name, const QString &value);
    QString unset(const QString &name);

private:
    QString saved();

    QSettings &m_settings;
};

} // namespace atelier
