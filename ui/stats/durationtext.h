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
};

} // namespace atelier
