#pragma once

#include "domain/preferenceentry.h"
#include "jobqueue.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QSettings;

namespace atelier {

// How many images are made at once, in all and per provider: kept in QSettings under "queue/", so that the
// window's Settings and `atelier-cli config` (queue.concurrency, queue.concurrency.openai, ...) set the same
// limits.
class QueuePreferences
{
public:
    explicit QueuePreferences(QSettings &settings);

    static QStringList names();
    static constexpr int MaxLimit = 32;

    QueueLimits limits() const;
    void setLimits(const QueueLimits &limits);
    QList<PreferenceEntry> entries() const;

    // Checks and saves one setting; on a bad name or value returns why in words and changes nothing.
    QString set(const QString &name, const QString &value);
    QString unset(const QString &name);

private:
    static QStringList providers();
    // The provider a name sets, "" for the global limit; nullopt for no such setting.
    static std::optional<QString> providerOf(const QString &name);
    static QString unknown(const QString &name);
    QString saved();

    QSettings &m_settings;
};

} // namespace atelier
