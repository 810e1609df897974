#pragma once

#include <QCoreApplication>
#include <QString>

namespace atelier {

// A duration in the rounded words a person would use: "under a second", "about 40 seconds",
// "about 3 minutes".
class DurationText
{
    Q_DECLARE_TR_FUNCTIONS(DurationText)

public:
    static QString describe(qint64 ms);
    // Exact where it counts down or is measured: "0.6 s", "45 s", "3 min 20 s", "1 h 5 min".
    static QString compact(qint64 ms);
};

} // namespace atelier
