#pragma once

#include <QDate>
#include <QList>
#include <QPair>
#include <QString>

namespace atelier {

struct UserStats
{
    qint64 profileId = 0;
    int total = 0;
    int completed = 0;
    int failed = 0;
    int cancelled = 0;
    int active = 0; // pending or processing
    qint64 averageProcessingMs = 0;
    qint64 tokensUsed = 0; // charged by completed runs
    qint64 balance = 0;
    QList<QPair<QString, int>> popularModels; // most used first
    QList<QPair<QDate, int>> perDay;          // oldest first

    // Completed out of those that ended (completed, failed, cancelled); 0 when none ended.
    double successRate() const
    {
        const int ended = completed + failed + cancelled;
        return ended > 0 ? double(completed) / ended : 0.0;
    }
};

} // namespace atelier
