// The gallery at 100,000 results as a person meets it, on the real widgets (GalleryPanel with its grid,
// delegate and thumbnail cache, offscreen): a data folder of 100,000 completed generations of one profile,
// each with its image files and a freedesktop.org thumbnail of the first, and in each run, in a fresh
// process:
//   - the time from creating the window to the first screen of tiles painted with their thumbnails;
//   - search as typed: a word typed into the search field key by key (80 ms apart), from the last key to the
//     grid painted with the answer, for 120 queries;
//   - the longest stall of the GUI thread while scrolling from the top to the bottom a page at a time (60
//     pages a second, as a held Page Down key or a fast wheel), with every page fetched and thumbnail loaded
//     on the way: a 4 ms watchdog timer measures how late it fires;
//   - the peak memory (VmHWM) of the whole run.
// Not a test: it prints medians over the runs (see README.md, "Performance").

#include "benchstats.h"
#include "cloud/cloudinarypreferences.h"
#include "currentprofile.h"
#include "engine/cloudaccess.h"
#include "engine/datapaths.h"
#include "engine/enginehost.h"
#include "engine/imagegenerationservice.h"
#include "engine/openaiaccess.h"
#include "engine/thumbnailcache.h"
#include "gallery/galleryfilterbar.h"
#include "gallery/gallerypanel.h"
#include "gallery/historymodel.h"
#include "gallery/tilegridview.h"
#include "historyseed.h"
#include "providers/openai/openaipreferences.h"
#include "secrets/memorysecretstore.h"
#include "storage/freedesktopthumbnails.h"
#include "storage/pngtextchunk.h"
#include "storage/store.h"
#include "studiocontext.h"
#include "studiosettings.h"

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImageWriter>
#include <QLineEdit>
#include <QPainter>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

using namespace atelier;
using namespace atelier::bench;

namespace {

const QString kProfile = QStringLiteral("main");
constexpr int kKeyIntervalMs = 80;
constexpr int kWatchdogMs = 4;

// Runs the event loop until done() or the time-out; false on time-out.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

void runEventsFor(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents,
                                        int(ms - timer.elapsed()));
}

// Calls back when a paint of the widget has ended: the paint event is delivered from here, then the callback
// runs, so what it sees has been painted.
class PaintProbe final : public QObject
{
public:
    PaintProbe(QWidget *target, std::function<void()> painted)
        : QObject(target), m_painted(std::move(painted))
    {
        target->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || m_inside)
            return false;
        m_inside = true;
        QCoreApplication::sendEvent(watched, event);
        m_inside = false;
        m_painted();
        return true;
    }

private:
    std::function<void()> m_painted;
    bool m_inside = false;
};

// Times every event the GUI thread handles, outermost only: the GUI thread's own work, apart from the time
// the system kept it waiting for a core (which the watchdog sees as well).
class TimedApplication final : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth++ > 0) {
            const bool handled = QApplication::notify(receiver, event);
            --m_depth;
            return handled;
        }
        const QEvent::Type type = event->type();
        QElapsedTimer timer;
        timer.start();
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (recording && ms > longestMs) {
            longestMs = ms;
            longestType = type;
        }
        return handled;
    }

    bool recording = false;
    double longestMs = 0;
    QEvent::Type longestType = QEvent::None;

private:
    int m_depth = 0;
};

// --- Preparing the data folder ---------------------------------------------------------------------------

// Pictures that compress like a photograph's thumbnail (some 20-30 KB of PNG): gradients, shapes and noise.
QByteArray templateThumbnail(int seed, QSize size)
{
    QImage image(size, QImage::Format_ARGB32);
    QRandomGenerator random{quint32(seed)};
    QPainter painter(&image);
    QLinearGradient gradient(0, 0, size.width(), size.height());
    gradient.setColorAt(0, QColor::fromHsv(int(random.bounded(360)), 120, 200));
    gradient.setColorAt(1, QColor::fromHsv(int(random.bounded(360)), 160, 90));
    painter.fillRect(image.rect(), gradient);
    painter.setRenderHint(QPainter::Antialiasing);
    for (int i = 0; i < 12; ++i) {
        painter.setBrush(QColor::fromHsv(int(random.bounded(360)), 140, 220, 160));
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(QPoint(int(random.bounded(size.width())), int(random.bounded(size.height()))),
                            8 + int(random.bounded(60)), 8 + int(random.bounded(60)));
    }
    painter.end();
    for (int y = 0; y < image.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const int n = int(random.bounded(9)) - 4;
            const QRgb p = line[x];
            line[x] = qRgb(qBound(0, qRed(p) + n, 255), qBound(0, qGreen(p) + n, 255),
                           qBound(0, qBlue(p) + n, 255));
        }
    }
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter(&buffer, "png").write(image);
    return buffer.data();
}

QByteArray tinyPng()
{
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QImageWriter(&buffer, "png").write(image);
    return buffer.data();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Writes the store, the image files and their thumbnails into dir. Every image file holds the same tiny PNG
// (the gallery never decodes them: it finds their thumbnails); each thumbnail is one of a few pictures
// carrying the text the standard asks for (Thumb::URI, Thumb::MTime, Thumb::Size), written straight into
// its PNG, so that it is valid for that file and the gallery takes it as it would take the file manager's.
bool prepare(const QString &dir, int rows, QTextStream &out)
{
    QDir().mkpath(dir);
    const QString databasePath = dir + QStringLiteral("/atelier.sqlite");
    const QString libraryRoot = dir + QStringLiteral("/library");
    const FreedesktopThumbnails thumbnails(dir + QStringLiteral("/cache/thumbnails"));
    QDir().mkpath(thumbnails.root() + QStringLiteral("/large"));
    qint64 profileId = 0;
    {
        Store store;
        if (const GenerationError error = store.open(databasePath); error.isError()) {
            out << "cannot open the store: " << error.message << Qt::endl;
            return false;
        }
        GenerationError error;
        const std::optional<Profile> main = store.createProfile(kProfile, 0, 0, &error);
        const std::optional<Profile> other = store.createProfile(QStringLiteral("other"), 0, 0, &error);
        if (!main || !other)
            return false;
        profileId = main->id;
    }
    QList<QByteArray> squares;
    QList<QByteArray> wides;
    for (int i = 0; i < 8; ++i) {
        squares.append(templateThumbnail(i, QSize(256, 256)));
        wides.append(templateThumbnail(100 + i, QSize(256, 171)));
    }
    const QByteArray source = tinyPng();
    QSet<QString> folders;
    int written = 0;
    const auto writeFiles = [&](const Generation &g) {
        if (g.request.profileId != profileId)
            return true;
        const QString folder = QFileInfo(g.resultPaths.first()).path();
        if (!folders.contains(folder)) {
            QDir().mkpath(folder);
            folders.insert(folder);
        }
        for (const QString &path : g.resultPaths) {
            if (!writeFile(path, source))
                return false;
        }
        const QString first = g.resultPaths.first();
        const QFileInfo info(first);
        const bool square = g.size == QLatin1String("1024x1024");
        QByteArray png = (square ? squares : wides).at(written % 8);
        const QList<std::pair<QString, QString>> text{
            {QStringLiteral("Thumb::URI"), QString::fromLatin1(FreedesktopThumbnails::uriFor(first))},
            {QStringLiteral("Thumb::MTime"), QString::number(info.lastModified().toSecsSinceEpoch())},
            {QStringLiteral("Thumb::Size"), QString::number(info.size())},
            {QStringLiteral("Thumb::Image::Width"), square ? QStringLiteral("1024") : QStringLiteral("1536")},
            {QStringLiteral("Thumb::Image::Height"), QStringLiteral("1024")},
            {QStringLiteral("Software"), QStringLiteral("Atelier")}};
        for (const auto &[key, value] : text)
            png = PngTextChunk::withText(png, key, value).value_or(QByteArray());
        ++written;
        return !png.isEmpty() &&
               writeFile(thumbnails.pathFor(first, FreedesktopThumbnails::Size::Large), png);
    };
    const Vocabulary vocabulary(400);
    const qint64 firstMs = QDateTime(QDate(2023, 1, 1), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
    if (!HistorySeed::write(databasePath, {{profileId, rows}, {profileId + 1, rows / 20}}, firstMs,
                            vocabulary, libraryRoot, out, writeFiles))
        return false;
    return writeFile(dir + QStringLiteral("/prepared-%1").arg(rows), QByteArray());
}

// --- One measured run, in a process of its own -----------------------------------------------------------

// What the window is built on, as main() builds it (EngineHost), over the data folder; no provider runs.
struct Studio
{
    explicit Studio(const QString &dir)
        : host(DataPaths{dir, dir + QStringLiteral("/library")}, OpenAiSettings{}, EngineSettings{}),
          settingsFile(dir + QStringLiteral("/config/atelier.conf"), QSettings::IniFormat),
          preferences(settingsFile, QProcessEnvironment()), openAi(secrets, preferences, host.openAi()),
          cloudinary(settingsFile, QProcessEnvironment())
    {
        openError = host.open(QStringLiteral("bench"));
        if (openError.isError())
            return;
        cloud = std::make_unique<CloudAccess>(secrets, cloudinary, host.uploader(), host.cloudSync());
        profile = std::make_unique<CurrentProfile>(host.service());
        profile->setId(host.service().profileByName(kProfile).value_or(Profile{}).id);
        context = std::make_unique<StudioContext>(
            StudioContext{host.service(), settings, openAi, *cloud, *profile});
    }

    EngineHost host;
    GenerationError openError;
    QSettings settingsFile;
    StudioSettings settings{settingsFile};
    OpenAiPreferences preferences;
    MemorySecretStore secrets;
    OpenAiAccess openAi;
    CloudinaryPreferences cloudinary;
    std::unique_ptr<CloudAccess> cloud;
    std::unique_ptr<CurrentProfile> profile;
    std::unique_ptr<StudioContext> context;
};

// Whether every tile in sight has its thumbnail (or is known to have none), so that a paint showed them.
bool screenHasThumbnails(GalleryPanel &panel)
{
    const TileGridView *grid = panel.grid();
    const TileGridView::Span rows = grid->rowsInSight();
    const QAbstractItemModel *model = grid->model();
    for (int row = rows.first; row <= rows.last; ++row) {
        const QString path = model->index(row, 0).data(HistoryModel::ThumbnailPathRole).toString();
        if (!path.isEmpty() && !panel.thumbnails()->isBroken(path) &&
            panel.thumbnails()->thumbnail(path).isNull())
            return false;
    }
    return !rows.isEmpty();
}

int measure(const QString &dir, int queries, int scrollHz, int scrollLimitS, QTextStream &out)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    Studio studio(dir);
    if (studio.openError.isError() || !studio.profile || studio.profile->id() <= 0) {
        out << "cannot open " << dir << ": " << studio.openError.message << Qt::endl;
        return 1;
    }
    const auto figure = [&out](const char *name, double value) {
        out << name << ' ' << QString::number(value, 'f', 2) << Qt::endl;
    };

    // 1. From creating the window to the first screen painted with its thumbnails.
    QElapsedTimer sinceWindow;
    sinceWindow.start();
    const double windowAfterStartMs = double(sinceStart.nsecsElapsed()) / 1e6;
    auto panel = std::make_unique<GalleryPanel>(*studio.context);
    HistoryModel *model = panel->model();
    double firstTilesMs = -1;
    double firstPageMs = -1;
    int paints = 0;
    int resets = 0;
    int paintsAfterReset = 0;
    QObject::connect(model, &HistoryModel::modelReset, model, [&] {
        ++resets;
        paintsAfterReset = 0;
    });
    new PaintProbe(panel->grid()->viewport(), [&] {
        ++paints;
        ++paintsAfterReset;
        if (firstTilesMs < 0 && model->rowCount() > 0)
            firstTilesMs = double(sinceWindow.nsecsElapsed()) / 1e6;
        if (firstPageMs < 0 && model->rowCount() > 0 && screenHasThumbnails(*panel))
            firstPageMs = double(sinceWindow.nsecsElapsed()) / 1e6;
    });
    panel->resize(1280, 800);
    panel->show();
    if (!waitUntil([&] { return firstPageMs >= 0; }, 30'000)) {
        out << "the first page never showed its thumbnails" << Qt::endl;
        return 1;
    }
    figure("first_tiles_ms", firstTilesMs);
    figure("first_page_ms", firstPageMs);
    figure("first_page_from_process_start_ms", windowAfterStartMs + firstPageMs);
    figure("rss_after_first_page_mib", BenchStats::procMiB("VmRSS"));

    // 2. Search as typed: the last key of a word to its answer painted.
    const Vocabulary vocabulary(400);
    QStringList words;
    for (int i = 0; i < queries; ++i) {
        // Over the whole range of frequencies; every sixth query two words.
        QString word = vocabulary.words().at((i * 37) % vocabulary.words().size());
        if (i % 6 == 5)
            word += QLatin1Char(' ') + vocabulary.words().at((i * 11 + 3) % 40);
        words.append(word);
    }
    QLineEdit *field = panel->filters()->searchField();
    field->setFocus();
    QList<double> searchMs;
    QList<double> hits;
    const auto typeAndWait = [&](const QString &text) -> double {
        field->selectAll();
        if (text.isEmpty())
            QTest::keyClick(field, Qt::Key_Backspace);
        for (int i = 0; i < text.size(); ++i) {
            if (i > 0)
                runEventsFor(kKeyIntervalMs);
            QTest::keyClick(field, text.at(i).toLatin1());
        }
        QElapsedTimer sinceLastKey;
        sinceLastKey.start();
        const int resetsBefore = resets;
        // The answer to these words has replaced the rows, and the grid has been painted since.
        const bool shown = waitUntil(
            [&] {
                return resets > resetsBefore && model->query().text == text.trimmed() && paintsAfterReset > 0;
            },
            10'000);
        return shown ? double(sinceLastKey.nsecsElapsed()) / 1e6 : -1;
    };
    for (const QString &word : std::as_const(words)) {
        searchMs.append(typeAndWait(word));
        hits.append(model->totalCount());
    }
    figure("search_p50_ms", BenchStats::percentile(searchMs, 50));
    figure("search_p99_ms", BenchStats::percentile(searchMs, 99));
    figure("search_max_ms", BenchStats::percentile(searchMs, 100));
    figure("search_hits_min", BenchStats::percentile(hits, 1));
    figure("search_hits_max", BenchStats::percentile(hits, 100));
    if (searchMs.contains(-1.0)) {
        out << "a search never showed its answer" << Qt::endl;
        return 1;
    }

    // 3. Scrolling from the top to the bottom, a page at a time; the watchdog measures the GUI thread.
    typeAndWait(QString());
    QScrollBar *bar = panel->grid()->verticalScrollBar();
    bar->setValue(0);
    runEventsFor(200);
    QList<double> lateness;
    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = clock.nsecsElapsed();
    double worst = 0;
    int worstAtRow = 0;
    QTimer watchdog;
    watchdog.setTimerType(Qt::PreciseTimer);
    watchdog.setInterval(kWatchdogMs);
    QObject::connect(&watchdog, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        const double late = double(now - lastTick) / 1e6 - kWatchdogMs;
        lastTick = now;
        lateness.append(late);
        if (late > worst) {
            worst = late;
            worstAtRow = model->rowCount();
        }
    });
    int steps = 0;
    QTimer driver;
    driver.setTimerType(Qt::PreciseTimer);
    driver.setInterval(1000 / scrollHz);
    QObject::connect(&driver, &QTimer::timeout, [&] {
        ++steps;
        bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
    });
    const int scrollStartPaints = paints;
    auto *timed = static_cast<TimedApplication *>(QCoreApplication::instance());
    timed->recording = true;
    watchdog.start();
    driver.start();
    const bool bottom = waitUntil(
        [&] {
            return model->rowCount() == model->totalCount() && !model->canFetchMore({}) &&
                   bar->value() == bar->maximum() && bar->maximum() > 0;
        },
        scrollLimitS * 1000);
    driver.stop();
    watchdog.stop();
    const double scrollS = double(clock.nsecsElapsed()) / 1e9;
    figure("scroll_rows", model->rowCount());
    figure("scroll_steps", steps);
    figure("scroll_paints", paints - scrollStartPaints);
    figure("scroll_seconds", scrollS);
    timed->recording = false;
    figure("stall_max_ms", worst);
    figure("longest_gui_event_ms", timed->longestMs);
    figure("longest_gui_event_type", double(timed->longestType));
    figure("stall_max_at_row", worstAtRow);
    figure("stall_p999_ms", BenchStats::percentile(lateness, 99.9));
    figure("stalls_over_16ms",
           double(std::count_if(lateness.cbegin(), lateness.cend(), [](double late) { return late > 16; })));
    figure("rss_after_scroll_mib", BenchStats::procMiB("VmRSS"));
    figure("thumbnail_cache_mib", double(panel->thumbnails()->cachedBytes()) / 1024.0 / 1024.0);
    figure("scroll_reached_bottom", bottom ? 1 : 0);
    figure("peak_mib", BenchStats::procMiB("VmHWM"));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("rows"), QStringLiteral("Generations of the profile."),
                      QStringLiteral("n"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Measured runs, each a process of its own."),
                      QStringLiteral("n"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("queries"), QStringLiteral("Searches typed per run."),
                      QStringLiteral("n"), QStringLiteral("120")});
    parser.addOption({QStringLiteral("scroll-hz"), QStringLiteral("Pages scrolled per second."),
                      QStringLiteral("n"), QStringLiteral("60")});
    parser.addOption({QStringLiteral("scroll-limit"),
                      QStringLiteral("Seconds the scroll may take before it is stopped where it is."),
                      QStringLiteral("s"), QStringLiteral("1800")});
    parser.addOption(
        {QStringLiteral("data"),
         QStringLiteral("Keep the data folder here and reuse it in later runs (it takes a few GB)."),
         QStringLiteral("dir")});
    parser.addOption({QStringLiteral("measure"), QStringLiteral("Internal: one measured run.")});
    parser.addHelpOption();
    // A measured run shows the window (offscreen); the rest needs no GUI.
    const bool measuring =
        std::any_of(argv, argv + argc, [](const char *arg) { return qstrcmp(arg, "--measure") == 0; });
    std::unique_ptr<QCoreApplication> app = measuring ? std::make_unique<TimedApplication>(argc, argv)
                                                      : std::make_unique<QCoreApplication>(argc, argv);
    parser.process(*app);
    const int rows = parser.value(QStringLiteral("rows")).toInt();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const int queries = std::max(1, parser.value(QStringLiteral("queries")).toInt());
    const int scrollHz = std::clamp(parser.value(QStringLiteral("scroll-hz")).toInt(), 1, 1000);
    const int scrollLimitS = std::max(1, parser.value(QStringLiteral("scroll-limit")).toInt());
    QTextStream out(stdout);

    if (measuring)
        return measure(parser.value(QStringLiteral("data")), queries, scrollHz, scrollLimitS, out);

    QTemporaryDir temporary;
    const QString dir = parser.isSet(QStringLiteral("data"))
                            ? QDir(parser.value(QStringLiteral("data"))).absolutePath()
                            : temporary.path();
    if (!QFileInfo::exists(dir + QStringLiteral("/prepared-%1").arg(rows))) {
        QElapsedTimer preparing;
        preparing.start();
        if (!prepare(dir, rows, out))
            return 1;
        out << QStringLiteral("prepared %1 generations with their files and thumbnails in %2 s\n")
                   .arg(rows)
                   .arg(double(preparing.elapsed()) / 1000.0, 0, 'f', 1);
    }

    std::map<QString, QList<double>> figures;
    QStringList order;
    for (int run = 0; run < runs; ++run) {
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        // The thumbnails of the data folder are the ones the gallery finds.
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), dir + QStringLiteral("/cache"));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir + QStringLiteral("/config"));
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--measure"), QStringLiteral("--data"), dir, QStringLiteral("--queries"),
                     QString::number(queries), QStringLiteral("--scroll-hz"), QString::number(scrollHz),
                     QStringLiteral("--scroll-limit"), QString::number(scrollLimitS)});
        if (!child.waitForFinished(60 * 60'000) || child.exitCode() != 0) {
            out << "run " << run + 1 << " failed: " << child.readAllStandardOutput() << Qt::endl;
            return 1;
        }
        const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
        for (const QByteArray &line : lines) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 2)
                continue;
            const QString name = QString::fromLatin1(parts.at(0));
            if (!figures.count(name))
                order.append(name);
            figures[name].append(parts.at(1).toDouble());
        }
        out << "run " << run + 1 << " of " << runs << " done" << Qt::endl;
    }
    out << "Gallery window over " << rows << " generations: median of " << runs
        << " runs (each run's figures in brackets)\n";
    for (const QString &name : std::as_const(order)) {
        QStringList each;
        for (const double value : figures[name])
            each.append(QString::number(value, 'f', 1));
        out << QStringLiteral("  %1 %2  [%3]\n")
                   .arg(name, -34)
                   .arg(BenchStats::median(figures[name]), 10, 'f', 2)
                   .arg(each.join(QStringLiteral(", ")));
    }
    out.flush();
    return 0;
}
