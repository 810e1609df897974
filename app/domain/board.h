#pragma once

#include <QDateTime>
#include <QString>

namespace atelier {

// A named collection of a profile's results ("Spring campaign"); names are unique in a profile regardless of
// case.
struct Board
{
    static constexpr int kMaxNameLength = 80;

    qint64 id = 0;
    qint64 profileId = 0;
    QString name;
    QDateTime createdAt;
    int count = 0; // results on it, deleted ones left out
};

// A tag and how many of a profile's results carry it.
struct TagCount
{
    QString tag;
    int count = 0;
};

} // namespace atelier
