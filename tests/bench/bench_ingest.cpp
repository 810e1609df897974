// What a result costs between the provider's answer and the gallery (issue 8, benchmark 2), on a noisy
// 1024x1024 PNG like real model output. Per result: base64 decode, the header check, then the library's save
// with the thumbnail made as the window has it (one validation decode, atomic writes of the image and its
// sidecar, the thumbnail from the same pixels), against the floor of one decode plus one thumbnail encode.
// Then the whole engine, as the window runs it, against atelier-fake-openai at 8 jobs at once, with a
// watchdog timer measuring the GUI thread's longest stall. Not a test: it prints medians (see README.md,
// "Performance").

#include "engine/datapaths.h"
#include "engine/enginehost.h"
#include "engine/imagegenerationservice.h"
#include "providers/openai/openaiimagesresponse.h"
#include "storage/imagelibrary.h"
#include "testpicture.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>

using namespace atelier;

namespace {

// CPU time of the calling thread, in ms: the work itself, without the waits of fsync.
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

struct Cost
{
    double wallMs = 0;
    double cpuMs = 0;
};

double median(QList<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return samples.isEmpty() ? -1 : samples.at(samples.size() / 2);
}

// Medians of `runs` calls of work, after one to warm up.
Cost measure(int runs, const std::function<void(int)> &work)
{
    work(-1);
    QList<double> wall;
    QList<double> cpu;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        const double before = threadCpuMs();
        work(i);
        cpu.append(threadCpuMs() - before);
        wall.append(double(timer.nsecsElapsed()) / 1e6);
    }
    return {median(wall), median(cpu)};
}

// Keeps the compiler from dropping work whose result nobody reads.
void keep(qsizetype size)
{
    static volatile qsizetype sink = 0;
    sink = sink + size;
}

QByteArray encodedPng(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "png");
    return bytes;
}

GenerationSidecar sidecarFor(qint64 id)
{
    GenerationSidecar sidecar;
    sidecar.generationId = id;
    sidecar.createdAt = QDateTime::currentDateTimeUtc();
    sidecar.request.profileId = 1;
    sidecar.request.prompt = QStringLiteral("a lighthouse on a cliff at dusk, oil on canvas");
    sidecar.request.model = QStringLiteral("gpt-image-1");
    return sidecar;
}

// How long the GUI thread goes without serving its event loop: a timer that should fire every `intervalMs`
// records how late each tick is (wall time), and how much CPU the thread itself used in between, which
// tells work on the thread from the thread waiting for a core that other processes hold.
class StallWatchdog : public QObject
{
public:
    explicit StallWatchdog(int intervalMs) : m_intervalMs(intervalMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double cpu = threadCpuMs();
            m_late.append(std::max(0.0, double(m_clock.nsecsElapsed()) / 1e6 - m_intervalMs));
            m_busy.append(cpu - m_cpuAtTick);
            m_clock.restart();
            m_cpuAtTick = cpu;
        });
        m_clock.start();
        m_cpuAtTick = threadCpuMs();
        m_timer.start();
    }
    // The nearest-rank percentile of the lateness (wall) or of the thread's own CPU between ticks.
    double lateMs(double p) const { return percentile(m_late, p); }
    double busyMs(double p) const { return percentile(m_busy, p); }

private:
    static double percentile(QList<double> samples, double p)
    {
        std::sort(samples.begin(), samples.end());
        const auto rank = qsizetype(std::ceil(p / 100.0 * double(samples.size())));
        return samples.isEmpty() ? 0 : samples.at(std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1));
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_cpuAtTick = 0;
    int m_intervalMs;
    QList<double> m_late;
    QList<double> m_busy;
};

// Runs `jobs` generations through the engine the window builds, against the fake server, and watches the GUI
// thread meanwhile. Returns false when the server cannot be started or a job fails.
bool engineUnderLoad(const QString &libraryRoot, int jobs, int concurrency, QTextStream &out)
{
    QProcess server;
    server.start(QStringLiteral(ATELIER_FAKE_OPENAI), {QStringLiteral("--latency"), QStringLiteral("50"),
                                                       QStringLiteral("--noisy"), QStringLiteral("8")});
    if (!server.waitForReadyRead(60'000)) {
        out << "atelier-fake-openai did not start\n";
        return false;
    }
    const QString url = QString::fromLatin1(server.readLine()).trimmed().section(QLatin1Char(' '), -1);
    QTemporaryDir data;
    OpenAiSettings openAi;
    openAi.baseUrl = QUrl(url);
    openAi.apiKey = QStringLiteral("bench-key");
    EngineSettings settings;
    settings.limits = QueueLimits{concurrency, concurrency, {}};
    settings.thumbnailsOnSave = true;
    settings.initialGrant = 100'000'000;
    EngineHost host(DataPaths{data.path(), libraryRoot}, openAi, settings);
    if (const GenerationError error = host.open(QStringLiteral("bench")); error.isError()) {
        out << "cannot open the store: " << error.message << '\n';
        return false;
    }
    ImageGenerationService &service = host.service();
    GenerationError error;
    const std::optional<Profile> profile = service.defaultProfile(&error);
    for (int i = 0; i < jobs; ++i) {
        GenerationRequest request;
        request.profileId = profile->id;
        request.prompt = QStringLiteral("ingest benchmark %1: a lighthouse on a cliff at dusk").arg(i);
        request.model = QStringLiteral("gpt-image-1");
        request.size = QStringLiteral("1024x1024");
        request.quality = QStringLiteral("low");
        if (const auto submitted = service.generateImage(request); submitted.error.isError()) {
            out << "submit failed: " << submitted.error.message << '\n';
            return false;
        }
    }
    int failed = 0;
    QObject::connect(&service, &ImageGenerationService::generationFailed, &service,
                     [&failed](const Generation &) { ++failed; });
    QElapsedTimer wall;
    wall.start();
    StallWatchdog watchdog(2);
    QObject::connect(&service, &ImageGenerationService::idle, qApp, &QCoreApplication::quit);
    service.start();
    QGuiApplication::exec();
    out << QStringLiteral(
               "engine as the window runs it: %1 results of 1024x1024 at %2 at once in %3 s, %4 failed\n")
               .arg(jobs)
               .arg(concurrency)
               .arg(double(wall.elapsed()) / 1000.0, 0, 'f', 1)
               .arg(failed);
    out << QStringLiteral("  GUI thread, watchdog timer every 2 ms: longest lateness %1 ms (p99 %2), longest "
                          "work between two ticks %3 ms of its own CPU (p99 %4)\n")
               .arg(watchdog.lateMs(100), 0, 'f', 1)
               .arg(watchdog.lateMs(99), 0, 'f', 1)
               .arg(watchdog.busyMs(100), 0, 'f', 1)
               .arg(watchdog.busyMs(99), 0, 'f', 1);
    server.kill();
    server.waitForFinished();
    return failed == 0;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir cache;
    // The thumbnails go to a cache of their own, not the person's.
    qputenv("XDG_CACHE_HOME", cache.path().toLocal8Bit());
    QGuiApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("atelier.*.debug=false"));
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Samples per figure."), QStringLiteral("n"),
                      QStringLiteral("30")});
    parser.addOption({QStringLiteral("library-dir"),
                      QStringLiteral("Where result files go (default: a temporary folder). A tmpfs such as "
                                     "/dev/shm takes the cost of fsync out of the wall times."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("decode-only"),
                      QStringLiteral("Print only the validation decode's median (for scripts/bench-sdk).")});
    parser.addOption({QStringLiteral("jobs"), QStringLiteral("Jobs through the engine."), QStringLiteral("n"),
                      QStringLiteral("64")});
    parser.addHelpOption();
    parser.process(app);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    QTextStream out(stdout);

    const QByteArray png = test::TestPicture::encoded(QSize(1024, 1024), "png", 1);
    const Cost decode = measure(runs, [&png](int) { keep(QImage::fromData(png).sizeInBytes()); });
    if (parser.isSet(QStringLiteral("decode-only"))) {
        out << QStringLiteral("validation decode median: %1 ms\n").arg(decode.wallMs, 0, 'f', 2);
        return 0;
    }

    const QByteArray base64 = png.toBase64();
    const QImage decoded = QImage::fromData(png);
    const Cost thumbnail = measure(runs, [&decoded](int) {
        keep(encodedPng(decoded.scaled(256, 256, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                            .convertToFormat(QImage::Format_ARGB32))
                 .size());
    });
    const Cost fromBase64 =
        measure(runs, [&base64](int) { keep(OpenAiImagesResponse::decodeBase64(base64)->size()); });
    const Cost qtBase64 = measure(runs, [&base64](int) { keep(QByteArray::fromBase64(base64).size()); });
    const QByteArray answer =
        QJsonDocument(
            QJsonObject{{QStringLiteral("created"), 1764115200},
                        {QStringLiteral("data"),
                         QJsonArray{QJsonObject{{QStringLiteral("b64_json"), QString::fromLatin1(base64)}}}}})
            .toJson(QJsonDocument::Compact);
    const Cost parse = measure(runs, [&answer](int) {
        keep(OpenAiImagesResponse::parse(answer, QStringLiteral("png")).result.images.size());
    });
    const Cost header = measure(runs, [&png](int) {
        ParsedImages parsed;
        parsed.result.images.append(ProviderImage{png, QStringLiteral("png")});
        keep(OpenAiImagesResponse::checked(parsed).result.images.size());
    });

    QTemporaryDir defaultLibrary;
    const QString libraryParent = parser.isSet(QStringLiteral("library-dir"))
                                      ? parser.value(QStringLiteral("library-dir"))
                                      : defaultLibrary.path();
    QTemporaryDir libraryDir(libraryParent + QStringLiteral("/atelier-bench-XXXXXX"));
    const ImageLibrary library(libraryDir.path(), ImageLibrary::Thumbnails::OnSave);
    const Cost save = measure(runs, [&library, &png](int i) {
        library.save(sidecarFor(1000 + i), {ProviderImage{png, QStringLiteral("png")}});
    });
    const Cost all = measure(runs, [&library, &base64](int i) {
        const std::optional<QByteArray> bytes = OpenAiImagesResponse::decodeBase64(base64);
        ParsedImages parsed;
        parsed.result.images.append(ProviderImage{*bytes, QStringLiteral("png")});
        parsed = OpenAiImagesResponse::checked(parsed);
        library.save(sidecarFor(2000 + i), parsed.result.images);
    });
    const Cost floor{decode.wallMs + thumbnail.wallMs, decode.cpuMs + thumbnail.cpuMs};

    out << QStringLiteral(
               "Ingest of one noisy 1024x1024 PNG (%1 KB, %2 KB of base64); medians of %3, wall / CPU ms\n")
               .arg(png.size() / 1024)
               .arg(base64.size() / 1024)
               .arg(runs);
    const auto row = [&out](const QString &name, const Cost &cost) {
        out << QStringLiteral("  %1 %2 / %3\n")
                   .arg(name.leftJustified(44))
                   .arg(cost.wallMs, 6, 'f', 2)
                   .arg(cost.cpuMs, 6, 'f', 2);
    };
    row(QStringLiteral("base64 decode (OpenSSL)"), fromBase64);
    row(QStringLiteral("  for comparison, QByteArray::fromBase64"), qtBase64);
    row(QStringLiteral("header check (provider)"), header);
    row(QStringLiteral("the JSON answer: parse, base64, header check"), parse);
    row(QStringLiteral("save: decode, write, sidecar, thumbnail"), save);
    row(QStringLiteral("the whole ingest"), all);
    row(QStringLiteral("floor: one decode"), decode);
    row(QStringLiteral("floor: one thumbnail scale and encode"), thumbnail);
    row(QStringLiteral("floor: both"), floor);
    out << QStringLiteral("  ratio to the floor: %1 wall, %2 CPU (goal at most 1.3)\n")
               .arg(all.wallMs / floor.wallMs, 0, 'f', 2)
               .arg(all.cpuMs / floor.cpuMs, 0, 'f', 2);
    out.flush();

    const bool engineOk = engineUnderLoad(libraryDir.filePath(QStringLiteral("engine")),
                                          std::max(8, parser.value(QStringLiteral("jobs")).toInt()), 8, out);
    out.flush();
    return engineOk ? 0 : 1;
}
