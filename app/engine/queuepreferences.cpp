#include "queuepreferences.h"

#include "enginesettings.h"

#include <QSettings>

#include <algorithm>

namespace atelier {
namespace {

const QString Concurrency = QStringLiteral("queue.concurrency");
const QString GlobalKey = QStringLiteral("queue/global");
const QString ProvidersKey = QStringLiteral("queue/providers");

} // namespace

QueuePreferences::QueuePreferences(QSettings &settings) : m_settings(settings) {}

QStringList QueuePreferences::providers()
{
    QStringList names = EngineSettings{}.limits.perProvider.keys();
    names.sort();
    return names;
}

QStringList QueuePreferences::names()
{
    QStringList names{Concurrency};
    for (const QString &provider : providers())
        names.append(Concurrency + QLatin1Char('.') + provider);
    return names;
}

std::optional<QString> QueuePreferences::providerOf(const QString &name)
{
    if (name == Concurrency)
        return QString();
    const QString provider = name.mid(Concurrency.size() + 1);
    if (name.startsWith(Concurrency + QLatin1Char('.')) && providers().contains(provider))
        return provider;
    return std::nullopt;
}

QueueLimits QueuePreferences::limits() const
{
    // A value edited by hand out of range is brought into it rather than stopping the queue.
    QueueLimits limits = EngineSettings{}.limits;
    limits.global = std::clamp(m_settings.value(GlobalKey, limits.global).toInt(), 1, MaxLimit);
    const QVariantMap perProvider = m_settings.value(ProvidersKey).toMap();
    for (auto it = perProvider.cbegin(); it != perProvider.cend(); ++it)
        limits.perProvider.insert(it.key(), std::clamp(it.value().toInt(), 1, MaxLimit));
    return limits;
}

void QueuePreferences::setLimits(const QueueLimits &limits)
{
    m_settings.setValue(GlobalKey, limits.global);
    QVariantMap perProvider;
    for (auto it = limits.perProvider.cbegin(); it != limits.perProvider.cend(); ++it)
        perProvider.insert(it.key(), it.value());
    m_settings.setValue(ProvidersKey, perProvider);
}

QList<PreferenceEntry> QueuePreferences::entries() const
{
    const QueueLimits effective = limits();
    const QVariantMap saved = m_settings.value(ProvidersKey).toMap();
    const auto source = [](bool set) { return set ? QStringLiteral("settings") : QStringLiteral("default"); };
    QList<PreferenceEntry> entries{
        {Concurrency, QString::number(effective.global), source(m_settings.contains(GlobalKey))}};
    for (const QString &provider : providers())
        entries.append({Concurrency + QLatin1Char('.') + provider,
                        QString::number(effective.forProvider(provider)), source(saved.contains(provider))});
    return entries;
}

QString QueuePreferences::set(const QString &name, const QString &value)
{
    const std::optional<QString> provider = providerOf(name);
    if (!provider)
        return unknown(name);
    bool ok = false;
    const int limit = value.trimmed().toInt(&ok);
    if (!ok || limit < 1 || limit > MaxLimit)
        return QStringLiteral("'%1' is how many images are made at once, from 1 to %2; '%3' is not.")
            .arg(name)
            .arg(MaxLimit)
            .arg(value.trimmed());
    if (provider->isEmpty()) {
        m_settings.setValue(GlobalKey, limit);
    } else {
        QVariantMap perProvider = m_settings.value(ProvidersKey).toMap();
        perProvider.insert(*provider, limit);
        m_settings.setValue(ProvidersKey, perProvider);
    }
    return saved();
}

QString QueuePreferences::unset(const QString &name)
{
    const std::optional<QString> provider = providerOf(name);
    if (!provider)
        return unknown(name);
    if (provider->isEmpty()) {
        m_settings.remove(GlobalKey);
    } else {
        QVariantMap perProvider = m_settings.value(ProvidersKey).toMap();
        perProvider.remove(*provider);
        m_settings.setValue(ProvidersKey, perProvider);
    }
    return saved();
}

QString QueuePreferences::unknown(const QString &name)
{
    return QStringLiteral("There is no setting '%1'. Settings: %2.")
        .arg(name, names().join(QLatin1String(", ")));
}

QString QueuePreferences::saved()
{
    m_settings.sync();
    if (m_settings.status() != QSettings::NoError)
        return QStringLiteral("The settings file %1 cannot be written.").arg(m_settings.fileName());
    return {};
}

} // namespace atelier
