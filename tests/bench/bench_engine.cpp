// Pushes 10,000 jobs through the engine with the offline provider at zero rendering cost and prints what the
// scheduler and the store cost: CPU per job, memory growth with the queue full, and how the price of a queue
// position grows with the queue. Not a test: it prints figures (see README.md, "Performance").

#include "domain/clock.h"
#include "domain/modelcatalog.h"
#include "engine/imagegenerationservice.h"
#include "providers/offline/offlineprovider.h"
#include "storage/imagelibrary.h"
#include "storage/store.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <sys/resource.h>

using namespace atelier;

namespace {

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Resident memory now, in MiB, from /proc.
double residentMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

// Median nanoseconds of one queuePosition() call over every pending job.
double positionCostNs(const ImageGenerationService &service, const QList<qint64> &ids)
{
    QList<double> samples;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer timer;
        timer.start();
        qint64 sum = 0;
        for (const qint64 id : ids)
            sum += service.queuePosition(id);
        samples.append(double(timer.nsecsElapsed()) / double(ids.size()));
        if (sum <= 0)
            return -1;
    }
    std::sort(samples.begin(), samples.end());
    return samples.at(samples.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("jobs"), QStringLiteral("Jobs to push through."), QStringLiteral("n"),
                      QStringLiteral("10000")});
    parser.addOption({QStringLiteral("profiles"), QStringLiteral("Profiles to spread them over."),
                      QStringLiteral("n"), QStringLiteral("4")});
    parser.addHelpOption();
    parser.process(app);
    const int jobs = parser.value(QStringLiteral("jobs")).toInt();
    const int profileCount = std::max(1, parser.value(QStringLiteral("profiles")).toInt());
    QTextStream out(stdout);

    QTemporaryDir dir;
    Store store;
    if (const GenerationError error = store.open(dir.filePath(QStringLiteral("bench.sqlite")));
        error.isError()) {
        out << "cannot open the store: " << error.message << Qt::endl;
        return 1;
    }
    const ModelCatalog catalog = ModelCatalog::builtIn();
    const ImageLibrary library(dir.filePath(QStringLiteral("library")));
    SystemClock clock;
    OfflineProvider offline(OfflineProvider::Options{0, false});
    EngineSettings settings;
    settings.initialGrant = 0;
    settings.limits = QueueLimits{8, 8, {}};
    ImageGenerationService service(store, catalog, library, clock, settings);
    service.addProvider(&offline);

    QList<qint64> profiles;
    for (int i = 0; i < profileCount; ++i) {
        GenerationError error;
        const auto profile = service.createProfile(QStringLiteral("bench-%1").arg(i), &error);
        service.topUp(profile->id, 100'000'000, QStringLiteral("benchmark"));
        profiles.append(profile->id);
    }

    const double memoryBefore = residentMiB();
    const double cpuBeforeSubmit = cpuSeconds();
    QList<qint64> ids;
    ids.reserve(jobs);
    for (int i = 0; i < jobs; ++i) {
        GenerationRequest request;
        request.profileId = profiles.at(i % profileCount);
        request.prompt = QStringLiteral("benchmark job %1: a lighthouse on a cliff at dusk").arg(i);
        request.model = QStringLiteral("offline");
        request.size = QStringLiteral("16x16");
        const auto submission = service.generateImage(request);
        if (submission.error.isError()) {
            out << "submit failed: " << submission.error.message << Qt::endl;
            return 1;
        }
        ids.append(submission.id);
    }
    const double submitCpu = cpuSeconds() - cpuBeforeSubmit;
    const double memoryPending = residentMiB();
    const double positionNsFull = positionCostNs(service, ids);
    const double positionNsSmall = positionCostNs(service, ids.mid(0, std::min<qsizetype>(100, ids.size())));

    QElapsedTimer wall;
    wall.start();
    const double cpuBeforeRun = cpuSeconds();
    QObject::connect(&service, &ImageGenerationService::idle, &app, &QCoreApplication::quit);
    service.start();
    QGuiApplication::exec();
    const double runCpu = cpuSeconds() - cpuBeforeRun;
    const qint64 runWallMs = wall.elapsed();

    int completed = 0;
    for (const qint64 profile : profiles)
        completed += service.getUserStats(profile).completed;

    out << "Engine benchmark: " << jobs << " jobs, " << profileCount
        << " profiles, offline provider at zero rendering cost\n";
    out << QStringLiteral("  completed:                 %1 of %2\n").arg(completed).arg(jobs);
    out << QStringLiteral("  submit CPU per job:        %1 ms\n").arg(submitCpu * 1000.0 / jobs, 0, 'f', 3);
    out << QStringLiteral("  run CPU per job:           %1 ms (wall %2 s)\n")
               .arg(runCpu * 1000.0 / jobs, 0, 'f', 3)
               .arg(double(runWallMs) / 1000.0, 0, 'f', 1);
    out << QStringLiteral("  total CPU per job:         %1 ms\n")
               .arg((submitCpu + runCpu) * 1000.0 / jobs, 0, 'f', 3);
    out << QStringLiteral("  memory growth, queue full: %1 MiB (%2 -> %3 MiB resident)\n")
               .arg(memoryPending - memoryBefore, 0, 'f', 1)
               .arg(memoryBefore, 0, 'f', 1)
               .arg(memoryPending, 0, 'f', 1);
    out << QStringLiteral(
               "  queue position, median:    %1 ns with %2 pending, %3 ns for the first 100 (ratio %4)\n")
               .arg(positionNsFull, 0, 'f', 0)
               .arg(jobs)
               .arg(positionNsSmall, 0, 'f', 0)
               .arg(positionNsFull / positionNsSmall, 0, 'f', 2);
    out.flush();
    return completed == jobs ? 0 : 1;
}
