#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>

#include <algorithm>
#include <cmath>

namespace atelier::bench {

// The figures the benchmarks print: percentiles of samples and the process's memory.
class BenchStats
{
public:
    // The nearest-rank percentile of samples (0 < p <= 100); -1 without samples.
    static double percentile(QList<double> samples, double p)
    {
        if (samples.isEmpty())
            return -1;
        std::sort(samples.begin(), samples.end());
        const auto rank = qsizetype(std::ceil(p / 100.0 * double(samples.size())));
        return samples.at(std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1));
    }
    static double median(const QList<double> &samples) { return percentile(samples, 50); }

    // A /proc/self/status figure (VmRSS, VmHWM) in MiB; -1 when it cannot be read.
    static double procMiB(const QByteArray &key)
    {
        QFile status(QStringLiteral("/proc/self/status"));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        const QList<QByteArray> lines = status.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith(key + ':'))
                return line.mid(key.size() + 1).trimmed().split(' ').first().toDouble() / 1024.0;
        }
        return -1;
    }
};

} // namespace atelier::bench
