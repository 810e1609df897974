// Fills a store with 100,000 completed generations of one profile (and some of another) and prints what the
// gallery's HistoryModel costs over it: opening, fetchMore deep in the history, counts, full-text search and
// the memory of a model scrolled to the end. The model reads on a worker thread, so each figure is the time
// from the request to the rows in the model, as the view would see them. Not a test: it prints medians (see
// README.md, "Performance"); bench_galleryview measures the window.

#include "benchstats.h"
#include "currentprofile.h"
#include "domain/clock.h"
#include "domain/modelcatalog.h"
#include "engine/imagegenerationservice.h"
#include "gallery/historymodel.h"
#include "historyseed.h"
#include "storage/imagelibrary.h"
#include "storage/store.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

using namespace atelier;
using namespace atelier::bench;

namespace {

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double median(const QList<double> &samples)
{
    return BenchStats::median(samples);
}

double percentile(const QList<double> &samples, double p)
{
    return BenchStats::percentile(samples, p);
}

// Median milliseconds of `runs` calls of work.
double timeMs(int runs, const std::function<void()> &work)
{
    QList<double> samples;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        samples.append(msSince(timer));
    }
    return median(samples);
}

double procMiB(const QByteArray &key)
{
    return BenchStats::procMiB(key);
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("rows"), QStringLiteral("Generations of the profile."),
                      QStringLiteral("n"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Runs per median."), QStringLiteral("n"),
                      QStringLiteral("9")});
    parser.addOption({QStringLiteral("scrolls"), QStringLiteral("Full scrolls of the model."),
                      QStringLiteral("n"), QStringLiteral("3")});
    parser.addOption(
        {QStringLiteral("database"),
         QStringLiteral("Keep the database here (for EXPLAIN QUERY PLAN) instead of a temporary folder."),
         QStringLiteral("path")});
    parser.addHelpOption();
    parser.process(app);
    const int rows = parser.value(QStringLiteral("rows")).toInt();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const int scrolls = std::max(1, parser.value(QStringLiteral("scrolls")).toInt());
    QTextStream out(stdout);

    QTemporaryDir dir;
    const QString path = parser.isSet(QStringLiteral("database"))
                             ? parser.value(QStringLiteral("database"))
                             : dir.filePath(QStringLiteral("bench.sqlite"));
    QFile::remove(path);
    Store store;
    if (const GenerationError error = store.open(path); error.isError()) {
        out << "cannot open the store: " << error.message << Qt::endl;
        return 1;
    }
    const ModelCatalog catalog = ModelCatalog::builtIn();
    const ImageLibrary library(dir.filePath(QStringLiteral("library")));
    SystemClock clock;
    ImageGenerationService service(store, catalog, library, clock, EngineSettings{});
    GenerationError error;
    const qint64 profileId = service.createProfile(QStringLiteral("main"), &error)->id;
    const qint64 otherId = service.createProfile(QStringLiteral("other"), &error)->id;

    const Vocabulary vocabulary(400);
    const qint64 firstMs = QDateTime(QDate(2023, 1, 1), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
    QElapsedTimer seeding;
    seeding.start();
    if (!HistorySeed::write(path, {{profileId, rows}, {otherId, rows / 20}}, firstMs, vocabulary,
                            dir.filePath(QStringLiteral("library")), out))
        return 1;
    const double seedS = msSince(seeding) / 1000.0;

    CurrentProfile profile(service);
    profile.setId(profileId);
    const double residentBefore = procMiB("VmRSS");

    // Opening: a new model reads its first page and the total, and resets when they arrive.
    const double openMs = timeMs(runs, [&] {
        HistoryModel model(service, profile);
        QSignalSpy(&model, &HistoryModel::totalCountChanged).wait(10'000);
    });

    // Scrolling to the end, page by page, as a view does; the cost of each fetchMore by depth.
    QHash<int, QList<double>> fetchByDepth;
    double peakMiB = -1;
    int scrolledTo = 0;
    const QList<int> depths{HistoryModel::kPageSize, 10'000, 50'000, rows - HistoryModel::kPageSize};
    for (int scroll = 0; scroll < scrolls; ++scroll) {
        auto model = std::make_unique<HistoryModel>(service, profile);
        QSignalSpy(model.get(), &HistoryModel::totalCountChanged).wait(10'000);
        while (model->canFetchMore({})) {
            const int depth = model->rowCount();
            QSignalSpy inserted(model.get(), &HistoryModel::rowsInserted);
            QElapsedTimer timer;
            timer.start();
            model->fetchMore({});
            inserted.wait(10'000);
            const double ms = msSince(timer);
            // The pages around each depth, so that every scroll gives three samples.
            for (const int wanted : depths) {
                if (std::abs(depth - wanted) <= HistoryModel::kPageSize)
                    fetchByDepth[wanted].append(ms);
            }
        }
        scrolledTo = model->rowCount();
        if (scroll == 0)
            peakMiB = procMiB("VmHWM");
    }

    // The paged query alone, through the service, without the model.
    const auto pageAt = [&](int offset) {
        HistoryQuery query;
        query.offset = offset;
        query.limit = HistoryModel::kPageSize;
        return timeMs(runs, [&] { service.getUserGenerationHistory(profileId, query); });
    };
    // The same page by keyset, after the row before it, as the model asks.
    const auto pageAfter = [&](int depth) {
        HistoryQuery query;
        query.limit = HistoryModel::kPageSize;
        if (depth > 0) {
            HistoryQuery last;
            last.offset = depth - 1;
            last.limit = 1;
            const Generation row = service.getUserGenerationHistory(profileId, last).value(0);
            query.after = {row.createdAt, row.id};
        }
        return timeMs(runs, [&] { service.getUserGenerationHistory(profileId, query); });
    };

    // Counts with and without filters.
    const QDateTime march = QDateTime(QDate(2023, 3, 1), QTime(0, 0), Qt::UTC);
    QList<std::pair<QString, HistoryQuery>> counts;
    counts.append({QStringLiteral("no filter"), {}});
    HistoryQuery q;
    q.statuses = {GenerationStatus::Completed};
    counts.append({QStringLiteral("status"), q});
    q = {};
    q.model = QStringLiteral("dall-e-3");
    counts.append({QStringLiteral("model"), q});
    q = {};
    q.from = march;
    q.to = march.addMonths(1);
    counts.append({QStringLiteral("one month"), q});
    q = {};
    q.text = vocabulary.words().at(20);
    counts.append({QStringLiteral("text (rank 20)"), q});
    q.model = QStringLiteral("dall-e-3");
    q.statuses = {GenerationStatus::Completed};
    counts.append({QStringLiteral("text + model + status"), q});

    // Full-text search as the filter bar runs it: the model resets to the first page of the matches and their
    // count. 100 words over the whole range of frequencies; per word the median of three.
    QList<double> searchMs;
    QList<double> hits;
    {
        HistoryModel model(service, profile);
        QSignalSpy(&model, &HistoryModel::totalCountChanged).wait(10'000);
        for (int i = 0; i < 100; ++i) {
            HistoryQuery search;
            search.text = vocabulary.words().at(i * vocabulary.words().size() / 100);
            searchMs.append(timeMs(3, [&] {
                QSignalSpy counted(&model, &HistoryModel::totalCountChanged);
                model.setQuery(search);
                counted.wait(10'000);
            }));
            hits.append(model.totalCount());
        }
    }

    // Marks as a person sorting a big history would leave them, set through the service a call per mark,
    // and the gallery filtered by each: the model's reset to the first page and its count.
    QElapsedTimer marking;
    marking.start();
    {
        HistoryQuery all;
        all.limit = 0;
        QList<qint64> ids;
        for (const Generation &generation : service.getUserGenerationHistory(profileId, all))
            ids.append(generation.id);
        QList<qint64> favorites;
        QList<QList<qint64>> byRating(GenerationMarks::kMaxRating + 1);
        QList<qint64> rare;
        QList<qint64> common;
        QList<qint64> board;
        for (int i = 0; i < ids.size(); ++i) {
            if (i % 50 == 0)
                favorites.append(ids.at(i)); // 2 %
            if (i % 3 == 0)
                byRating[1 + i / 3 % GenerationMarks::kMaxRating].append(ids.at(i)); // a third rated
            if (i % 100 == 7)
                rare.append(ids.at(i)); // 1 %
            if (i % 10 < 3)
                common.append(ids.at(i)); // 30 %
            if (i % 200 == 11)
                board.append(ids.at(i)); // 500 of 100,000
        }
        service.setFavorite(favorites, profileId, true);
        for (int rating = 1; rating <= GenerationMarks::kMaxRating; ++rating)
            service.setRating(byRating.at(rating), profileId, rating);
        service.changeTags(rare, profileId, {QStringLiteral("client x")}, {});
        service.changeTags(common, profileId, {QStringLiteral("hero")}, {});
        const std::optional<Board> made = service.createBoard(profileId, QStringLiteral("Picks"), &error);
        if (made)
            service.addToBoard(made->id, board, profileId);
        q = {};
        q.favoritesOnly = true;
        counts.append({QStringLiteral("favourites"), q});
        q = {};
        q.minRating = 5;
        counts.append({QStringLiteral("rated 5"), q});
        q.minRating = 1;
        counts.append({QStringLiteral("rated 1+"), q});
        q = {};
        q.tag = QStringLiteral("client x");
        counts.append({QStringLiteral("tag (1 %)"), q});
        q.tag = QStringLiteral("hero");
        counts.append({QStringLiteral("tag (30 %)"), q});
        q = {};
        q.boardId = made ? made->id : 0;
        counts.append({QStringLiteral("board (500)"), q});
        q.favoritesOnly = true;
        q.minRating = 2;
        q.tag = QStringLiteral("hero");
        counts.append({QStringLiteral("board+fav+rating+tag"), q});
    }
    const double markS = msSince(marking) / 1000.0;
    QList<std::pair<QString, double>> markFilterMs;
    {
        HistoryModel model(service, profile);
        QSignalSpy(&model, &HistoryModel::totalCountChanged).wait(10'000);
        for (qsizetype i = counts.size() - 7; i < counts.size(); ++i) {
            const HistoryQuery filter = counts.at(i).second;
            markFilterMs.append({counts.at(i).first, timeMs(runs, [&] {
                                     QSignalSpy counted(&model, &HistoryModel::totalCountChanged);
                                     model.setQuery(filter);
                                     counted.wait(10'000);
                                 })});
        }
    }

    out << "Gallery benchmark: " << rows << " completed generations of one profile, " << rows / 20
        << " of another; medians of " << runs << " runs\n";
    out << QStringLiteral("  seeding (one transaction):        %1 s\n").arg(seedS, 0, 'f', 1);
    out << QStringLiteral("  open the model (reset + first page + count): %1 ms\n").arg(openMs, 0, 'f', 2);
    out << QStringLiteral("  model fetchMore by depth (median of %1 pages over %2 scrolls):\n")
               .arg(fetchByDepth.value(depths.first()).size())
               .arg(scrolls);
    for (const int depth : depths)
        out << QStringLiteral("    at %1 rows: %2 ms\n")
                   .arg(depth, 6)
                   .arg(median(fetchByDepth.value(depth)), 0, 'f', 2);
    out << QStringLiteral("  service page of %1 at a depth, by OFFSET and by cursor:\n")
               .arg(HistoryModel::kPageSize);
    for (const int depth : {0, 10'000, 50'000, rows - HistoryModel::kPageSize})
        out << QStringLiteral("    at %1: offset %2 ms, cursor %3 ms\n")
                   .arg(depth, 6)
                   .arg(pageAt(depth), 0, 'f', 2)
                   .arg(pageAfter(depth), 0, 'f', 2);
    out << "  count:\n";
    for (const auto &[name, query] : std::as_const(counts)) {
        int total = 0;
        const double ms = timeMs(runs, [&] { total = service.countUserGenerationHistory(profileId, query); });
        out << QStringLiteral("    %1 %2 ms (%3 rows)\n")
                   .arg(name + QLatin1Char(':'), -24)
                   .arg(ms, 0, 'f', 2)
                   .arg(total);
    }
    out << QStringLiteral("  search, 100 words (reset + first page + count): p50 %1 ms, p99 %2 ms;"
                          " hits p50 %3, min %4, max %5\n")
               .arg(percentile(searchMs, 50), 0, 'f', 2)
               .arg(percentile(searchMs, 99), 0, 'f', 2)
               .arg(percentile(hits, 50))
               .arg(percentile(hits, 1))
               .arg(percentile(hits, 100));
    out << QStringLiteral("  marking (reading every id, then a call per mark): %1 s\n").arg(markS, 0, 'f', 1);
    out << "  filter by marks (reset + first page + count):\n";
    for (const auto &[name, ms] : std::as_const(markFilterMs))
        out << QStringLiteral("    %1 %2 ms\n").arg(name + QLatin1Char(':'), -24).arg(ms, 0, 'f', 2);
    out << QStringLiteral("  memory: %1 MiB resident before the model, peak (VmHWM) %2 MiB after scrolling"
                          " through %3 rows\n")
               .arg(residentBefore, 0, 'f', 1)
               .arg(peakMiB, 0, 'f', 1)
               .arg(scrolledTo);
    out.flush();
    return scrolledTo == rows ? 0 : 1;
}
