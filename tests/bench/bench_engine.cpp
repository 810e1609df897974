// Pushes 10,000 jobs through the engine with the offline provider at zero rendering cost and prints what the
// scheduler and the store cost: CPU per job, memory growth with the queue full, and how the price of a queue
// position grows with the queue. Not a test: it prints figures (see README.md, "Performance").

#include "domain/clock.h"
#include "domain/modelcatalog.h"
#include "engine/imagegenerationservice.h"
#include "providers/offline/offlineprovider.h"
#include "providers/offline/offlinerenderer.h"
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

// CPU time of every thread so far, user and kernel.
struct Cpu
{
    double user = 0;
    double kernel = 0;
    double total() const { return user + kernel; }
    Cpu operator-(const Cpu &other) const { return {user - other.user, kernel - other.kernel}; }
};

Cpu cpuNow()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return {double(usage.ru_utime.tv_sec) + double(usage.ru_utime.tv_usec) / 1e6,
            double(usage.ru_stime.tv_sec) + double(usage.ru_stime.tv_usec) / 1e6};
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

// CPU per call of what the engine does with each result's file (decode check, atomic write with fsync),
// alone: the part of a job's cost that belongs to the image library rather than to the scheduler and the
// store.
double librarySaveCpuMs(const ImageLibrary &library, const QByteArray &png, int count)
{
    const Cpu before = cpuNow();
    GenerationSidecar sidecar;
    sidecar.request.profileId = 1;
    sidecar.request.prompt = QStringLiteral("library alone");
    for (int i = 0; i < count; ++i) {
        sidecar.generationId = 1'000'000 + i;
        sidecar.createdAt = QDateTime::currentDateTimeUtc();
        library.save(sidecar, {{png, QStringLiteral("png")}});
    }
    return (cpuNow() - before).total() * 1000.0 / count;
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
    parser.addOption(
        {QStringLiteral("library-dir"),
         QStringLiteral("Where result files go (default: beside the database). A tmpfs such as /dev/shm "
                        "takes the cost of the files' fsync out of the figures."),
         QStringLiteral("dir")});
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
    QTemporaryDir libraryDir(parser.isSet(QStringLiteral("library-dir"))
                                 ? parser.value(QStringLiteral("library-dir")) +
                                       QStringLiteral("/atelier-bench-XXXXXX")
                                 : dir.filePath(QStringLiteral("library-XXXXXX")));
    const ImageLibrary library(libraryDir.path());
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
    const Cpu cpuBeforeSubmit = cpuNow();
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
    const Cpu submitCpu = cpuNow() - cpuBeforeSubmit;
    const double memoryPending = residentMiB();
    const double positionNsFull = positionCostNs(service, ids);
    const double positionNsSmall = positionCostNs(service, ids.mid(0, std::min<qsizetype>(100, ids.size())));

    QElapsedTimer wall;
    wall.start();
    const Cpu cpuBeforeRun = cpuNow();
    QObject::connect(&service, &ImageGenerationService::idle, &app, &QCoreApplication::quit);
    service.start();
    QGuiApplication::exec();
    const Cpu runCpu = cpuNow() - cpuBeforeRun;
    const qint64 runWallMs = wall.elapsed();

    const double saveMs = librarySaveCpuMs(library, OfflineRenderer::placeholderPng(), std::min(jobs, 2000));

    int completed = 0;
    for (const qint64 profile : profiles)
        completed += service.getUserStats(profile).completed;

    out << "Engine benchmark: " << jobs << " jobs, " << profileCount
        << " profiles, offline provider at zero rendering cost\n";
    out << QStringLiteral("  completed:                 %1 of %2\n").arg(completed).arg(jobs);
    const auto perJob = [jobs](double seconds) { return QString::number(seconds * 1000.0 / jobs, 'f', 3); };
    const Cpu all{submitCpu.user + runCpu.user, submitCpu.kernel + runCpu.kernel};
    out << QStringLiteral("  submit CPU per job:        %1 ms\n").arg(perJob(submitCpu.total()));
    out << QStringLiteral("  run CPU per job:           %1 ms (wall %2 s)\n")
               .arg(perJob(runCpu.total()))
               .arg(double(runWallMs) / 1000.0, 0, 'f', 1);
    out << QStringLiteral("  total CPU per job:         %1 ms = %2 user + %3 kernel\n")
               .arg(perJob(all.total()), perJob(all.user), perJob(all.kernel));
    out << QStringLiteral(
               "  result file alone:         %1 ms (decode check, atomic write, fsync; in the total)\n")
               .arg(saveMs, 0, 'f', 3);
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
