#include "engine/historyloader.h"
#include "storage/historyreader.h"
#include "storage/store.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace atelier;

namespace {

const qint64 kT0 = QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr int kRows = 300;

} // namespace

// The gallery's reads off the GUI thread: a read nobody waits for any more stops where it is, and the
// connection answers the next one in full.
class TestHistoryLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void readsAnswerLikeTheStore();
    void searchPagesJoinLikeTheStore_data();
    void searchPagesJoinLikeTheStore();
    void abandonedPageStopsMidRead();
    void abandonedCountStopsMidRead();
    void cancelledReadLeavesTheNextOneWhole();

private:
    HistoryQuery search() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    qint64 m_profile = 0;
};

void TestHistoryLoader::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<Store>();
    const GenerationError error = m_store->open(m_dir->filePath(QStringLiteral("atelier.sqlite")));
    QVERIFY2(!error.isError(), qPrintable(error.message));
    m_profile = m_store->createProfile(QStringLiteral("Main"), 0, kT0, nullptr)->id;
    for (int i = 0; i < kRows; ++i) {
        Generation g;
        g.request.profileId = m_profile;
        g.request.model = QStringLiteral("offline");
        g.request.prompt = QStringLiteral("%1 lighthouse at dusk").arg(i % 3 ? u"red" : u"blue");
        QVERIFY(m_store->insertGeneration(g, 0, kT0 + i * 1000, nullptr) > 0);
    }
}

void TestHistoryLoader::cleanupTestCase()
{
    m_store.reset();
    m_dir.reset();
}

HistoryQuery TestHistoryLoader::search() const
{
    HistoryQuery query;
    query.text = QStringLiteral("red light");
    query.limit = 50;
    return query;
}

void TestHistoryLoader::readsAnswerLikeTheStore()
{
    HistoryLoader loader;
    QFuture<HistoryPage> page = loader.page(m_store->path(), m_profile, search());
    QFuture<HistoryPage> count = loader.count(m_store->path(), m_profile, search());
    const QList<Generation> expected = m_store->history(m_profile, search());
    QCOMPARE(page.result().tiles.size(), expected.size());
    QCOMPARE(page.result().tiles.constFirst().id, expected.constFirst().id);
    QCOMPARE(page.result().tiles.constLast().id, expected.constLast().id);
    QVERIFY(!page.result().error.isError());
    QCOMPARE(count.result().total, m_store->historyCount(m_profile, search()));
    QCOMPARE(count.result().total, kRows * 2 / 3);
}

void TestHistoryLoader::searchPagesJoinLikeTheStore_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("newestFirst");
    QTest::newRow("few matches, newest first") << QStringLiteral("blue") << true;
    QTest::newRow("few matches, oldest first") << QStringLiteral("blue dus") << false;
    QTest::newRow("every row") << QStringLiteral("light") << true;
    QTest::newRow("none") << QStringLiteral("green") << true;
}

// A search over few matches looks them up by id; page after page it must give the rows, in the order,
// that the store's own query does.
void TestHistoryLoader::searchPagesJoinLikeTheStore()
{
    QFETCH(QString, text);
    QFETCH(bool, newestFirst);
    HistoryQuery query;
    query.text = text;
    query.newestFirst = newestFirst;
    query.limit = 0;
    QList<qint64> expected;
    const QList<Generation> all = m_store->history(m_profile, query);
    for (const Generation &g : all)
        expected.append(g.id);

    HistoryReader reader(m_store->path());
    query.limit = 7;
    QList<qint64> seen;
    for (int page = 0; page <= kRows; ++page) {
        const HistoryPage rows = reader.page(m_profile, query);
        QVERIFY(!rows.error.isError());
        if (rows.tiles.isEmpty())
            break;
        for (const GenerationTile &tile : rows.tiles)
            seen.append(tile.id);
        query.after = {QDateTime::fromMSecsSinceEpoch(rows.tiles.constLast().createdMs, Qt::UTC),
                       rows.tiles.constLast().id};
    }
    QCOMPARE(seen, expected);
    QCOMPARE(reader.count(m_profile, query).total, int(expected.size()));
}

void TestHistoryLoader::abandonedPageStopsMidRead()
{
    HistoryReader reader(m_store->path());
    // The first question is answered "go on": the read had begun when it was abandoned.
    int asked = 0;
    HistoryQuery everything = search();
    everything.limit = 0;
    const HistoryPage stopped = reader.page(m_profile, everything, [&asked] { return ++asked > 1; });
    QCOMPARE(stopped.error.category, GenerationError::Category::Cancelled);
    QCOMPARE(asked, 2);
    QVERIFY(stopped.tiles.isEmpty());

    const HistoryPage whole = reader.page(m_profile, everything, [] { return false; });
    QVERIFY2(!whole.error.isError(), qPrintable(whole.error.message));
    QCOMPARE(whole.tiles.size(), kRows * 2 / 3);
}

void TestHistoryLoader::abandonedCountStopsMidRead()
{
    HistoryReader reader(m_store->path());
    int asked = 0;
    const HistoryPage stopped = reader.count(m_profile, search(), [&asked] { return ++asked > 1; });
    QCOMPARE(stopped.error.category, GenerationError::Category::Cancelled);
    QCOMPARE(asked, 2);

    QCOMPARE(reader.count(m_profile, search()).total, kRows * 2 / 3);
}

void TestHistoryLoader::cancelledReadLeavesTheNextOneWhole()
{
    HistoryLoader loader;
    QFuture<HistoryPage> first = loader.page(m_store->path(), m_profile, search());
    first.cancel();
    HistoryQuery blue = search();
    blue.text = QStringLiteral("blue");
    QFuture<HistoryPage> second = loader.page(m_store->path(), m_profile, blue);
    second.waitForFinished();
    first.waitForFinished();
    QVERIFY(first.isCanceled());
    QCOMPARE(second.resultCount(), 1);
    QVERIFY(!second.result().error.isError());
    QCOMPARE(second.result().tiles.size(), 50);
    QCOMPARE(loader.count(m_store->path(), m_profile, blue).result().total, kRows / 3);
}

QTEST_GUILESS_MAIN(TestHistoryLoader)
#include "tst_historyloader.moc"
