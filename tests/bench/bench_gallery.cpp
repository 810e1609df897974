// Fills a store with 100,000 completed generations of one profile (and some of another) and prints what the
// gallery's HistoryModel costs over it: opening, fetchMore deep in the history, counts, full-text search and
// the memory of a model scrolled to the end. Not a test: it prints medians (see README.md, "Performance").

#include "currentprofile.h"
#include "domain/clock.h"
#include "domain/modelcatalog.h"
#include "engine/imagegenerationservice.h"
#include "gallery/historymodel.h"
#include "storage/generationrow.h"
#include "storage/imagelibrary.h"
#include "storage/store.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

using namespace atelier;

namespace {

const QString kModels[] = {QStringLiteral("gpt-image-1"), QStringLiteral("dall-e-3"),
                           QStringLiteral("offline")};

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// The nearest-rank percentile of samples (0 < p <= 100).
double percentile(QList<double> samples, double p)
{
    if (samples.isEmpty())
        return -1;
    std::sort(samples.begin(), samples.end());
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(samples.size())));
    return samples.at(std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1));
}

double median(const QList<double> &samples)
{
    return percentile(samples, 50);
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

// A /proc/self/status figure (VmRSS, VmHWM) in MiB.
double procMiB(const QByteArray &key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

// A few hundred made-up words of two or three syllables, used with a Zipf-like frequency so that full-text
// search finds anything from a handful of prompts to most of them, as with real prompts.
class Vocabulary
{
public:
    explicit Vocabulary(int size)
    {
        const QStringList syllables{QStringLiteral("ka"),  QStringLiteral("lo"),  QStringLiteral("mi"),
                                    QStringLiteral("ter"), QStringLiteral("sun"), QStringLiteral("va"),
                                    QStringLiteral("rin"), QStringLiteral("do"),  QStringLiteral("pel"),
                                    QStringLiteral("shu"), QStringLiteral("gar"), QStringLiteral("no"),
                                    QStringLiteral("bri"), QStringLiteral("zen"), QStringLiteral("tho"),
                                    QStringLiteral("wy"),  QStringLiteral("cam"), QStringLiteral("fe")};
        QRandomGenerator random(7);
        while (m_words.size() < size) {
            QString word;
            for (int n = 2 + int(random.bounded(2)); n > 0; --n)
                word += syllables.at(random.bounded(int(syllables.size())));
            if (!m_words.contains(word))
                m_words.append(word);
        }
        double sum = 0;
        for (int rank = 0; rank < size; ++rank)
            m_cumulative.append(sum += 1.0 / double(rank + 1));
    }
    const QStringList &words() const { return m_words; }
    QString pick(QRandomGenerator &random) const
    {
        const double x = random.generateDouble() * m_cumulative.last();
        const auto it = std::upper_bound(m_cumulative.cbegin(), m_cumulative.cend(), x);
        return m_words.at(std::min<qsizetype>(it - m_cumulative.cbegin(), m_words.size() - 1));
    }

private:
    QStringList m_words;
    QList<double> m_cumulative;
};

// A completed generation as the engine would have written it, created `createdMs`.
Generation completed(qint64 profileId, qint64 createdMs, const Vocabulary &vocabulary,
                     QRandomGenerator &random)
{
    Generation g;
    g.request.profileId = profileId;
    QStringList prompt;
    for (int n = 6 + int(random.bounded(20)); n > 0; --n)
        prompt.append(vocabulary.pick(random));
    g.request.prompt = prompt.join(QLatin1Char(' '));
    if (random.bounded(5) == 0)
        g.request.customPrompt = QStringLiteral("in the style of %1").arg(vocabulary.pick(random));
    const int model = random.bounded(10) < 6 ? 0 : 1 + int(random.bounded(2));
    g.request.model = kModels[model];
    g.provider = model == 2 ? QStringLiteral("offline") : QStringLiteral("openai");
    g.request.quality =
        QStringList{QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high")}.at(
            random.bounded(3));
    g.request.aspectRatio = random.bounded(2) ? QStringLiteral("1:1") : QStringLiteral("3:2");
    g.size = g.request.aspectRatio == QLatin1String("1:1") ? QStringLiteral("1024x1024")
                                                           : QStringLiteral("1536x1024");
    g.request.imageCount = 1 + int(random.bounded(4));
    g.request.parameters = {{QStringLiteral("background"), QStringLiteral("auto")},
                            {QStringLiteral("seed"), int(random.bounded(1'000'000))}};
    g.status = GenerationStatus::Completed;
    g.progress = 100;
    g.step = QStringLiteral("Done");
    g.attempts = 1;
    g.createdAt = g.queuedAt = QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC);
    g.startedAt = g.createdAt.addMSecs(500 + random.bounded(4000));
    g.finishedAt = g.startedAt.addMSecs(5000 + random.bounded(55'000));
    const QString day = g.createdAt.toString(QStringLiteral("yyyy/MM/dd"));
    for (int i = 1; i <= g.request.imageCount; ++i)
        g.resultPaths.append(
            QStringLiteral("/home/someone/Pictures/Atelier/%1/%2-%3.png").arg(day).arg(createdMs).arg(i));
    g.tokensReserved = g.tokensCharged = 10 * g.request.imageCount;
    return g;
}

// Writes the rows in one transaction on a second connection, with the column mapping of the store itself
// (GenerationRow): the Store API commits one generation (and its ledger entries and event) at a time and
// always starts it pending, which would take minutes and leave nothing completed. The FTS triggers run as
// for any insert.
bool seed(const QString &path, const QList<std::pair<qint64, int>> &profiles, qint64 firstMs,
          const Vocabulary &vocabulary, QTextStream &out)
{
    const QString connection = QStringLiteral("bench-seed");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        QSqlQuery insert(db);
        ok = db.open() && db.transaction() &&
             insert.prepare(QStringLiteral("INSERT INTO generations (%1, started_at, finished_at)"
                                           " VALUES (%2?, ?)")
                                .arg(GenerationRow::insertColumns(),
                                     QStringLiteral("?, ").repeated(GenerationRow::insertValues({}).size())));
        QRandomGenerator random(42);
        for (const auto &[profileId, count] : profiles) {
            qint64 at = firstMs;
            for (int i = 0; ok && i < count; ++i) {
                // A few minutes apart, now and then in the same millisecond (a batch of submissions).
                at += random.bounded(8) == 0 ? 0 : 60'000 + random.bounded(400'000);
                const Generation g = completed(profileId, at, vocabulary, random);
                QVariantList values = GenerationRow::insertValues(g);
                values << g.startedAt.toMSecsSinceEpoch() << g.finishedAt.toMSecsSinceEpoch();
                for (int column = 0; column < values.size(); ++column)
                    insert.bindValue(column, values.at(column));
                ok = insert.exec();
            }
        }
        if (!ok)
            out << "seeding failed: " << insert.lastError().text() << db.lastError().text() << Qt::endl;
        ok = ok && db.commit();
        insert.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
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
    if (!seed(path, {{profileId, rows}, {otherId, rows / 20}}, firstMs, vocabulary, out))
        return 1;
    const double seedS = msSince(seeding) / 1000.0;

    CurrentProfile profile(service);
    profile.setId(profileId);
    const double residentBefore = procMiB("VmRSS");

    // Opening: a new model resets and reads its first page and the total.
    const double openMs = timeMs(runs, [&] { HistoryModel model(service, profile); });

    // Scrolling to the end, page by page, as a view does; the cost of each fetchMore by depth.
    QHash<int, QList<double>> fetchByDepth;
    double peakMiB = -1;
    int scrolledTo = 0;
    const QList<int> depths{HistoryModel::kPageSize, 10'000, 50'000, rows - HistoryModel::kPageSize};
    for (int scroll = 0; scroll < scrolls; ++scroll) {
        auto model = std::make_unique<HistoryModel>(service, profile);
        while (model->canFetchMore({})) {
            const int depth = model->rowCount();
            QElapsedTimer timer;
            timer.start();
            model->fetchMore({});
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
        for (int i = 0; i < 100; ++i) {
            HistoryQuery search;
            search.text = vocabulary.words().at(i * vocabulary.words().size() / 100);
            searchMs.append(timeMs(3, [&] { model.setQuery(search); }));
            hits.append(model.totalCount());
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
    out << QStringLiteral("  memory: %1 MiB resident before the model, peak (VmHWM) %2 MiB after scrolling"
                          " through %3 rows\n")
               .arg(residentBefore, 0, 'f', 1)
               .arg(peakMiB, 0, 'f', 1)
               .arg(scrolledTo);
    out.flush();
    return scrolledTo == rows ? 0 : 1;
}
