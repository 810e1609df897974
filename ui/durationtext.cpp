#include "durationtext.h"

#include <QLocale>

namespace atelier {

namespace {
constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;

qint64 rounded(qint64 ms, qint64 unit)
{
    return (ms + unit / 2) / unit;
}
} // namespace

QString DurationText::describe(qint64 ms)
{
    if (ms < kSecond)
        return tr("under a second");
    // Up to a minute and a half in seconds: "about 1 minute" would hide the difference between 35 and 85 s.
    if (ms < 90 * kSecond) {
        const qint64 seconds = rounded(ms, kSecond);
        return seconds == 1 ? tr("about 1 second") : tr("about %1 seconds").arg(seconds);
    }
    if (ms < 90 * kMinute)
        return tr("about %1 minutes").arg(rounded(ms, kMinute));
    const qint64 hours = rounded(ms, kHour);
    return hours == 1 ? tr("about 1 hour") : tr("about %1 hours").arg(hours);
}

QString DurationText::compact(qint64 ms)
{
    // Tenths matter for the quick ones: "0.6 s" says more than "1 s".
    if (ms < 10 * kSecond)
        return tr("%1 s").arg(QLocale().toString(std::max<qint64>(ms, 0) / 1000.0, 'f', 1));
    const qint64 seconds = (ms + kSecond - 1) / kSecond;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
}

} // namespace atelier
