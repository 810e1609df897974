#include "storage/store.h"

#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

Q_DECLARE_METATYPE(atelier::HistoryQuery)

using namespace atelier;

namespace {

const qint64 kT0 = QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr int kRows = 60;

QList<qint64> ids(const QList<Generation> &generations)
{
    QList<qint64> list;
    for (const Generation &g : generations)
        list.append(g.id);
    return list;
}

} // namespace

// Keyset paging of the history (HistoryQuery::after): pages walked from cursor to cursor join into exactly
// the list one query returns, in both orders, with every filter.
class TestHistoryPaging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void pagesJoinWithoutGapsOrDuplicates_data();
    void pagesJoinWithoutGapsOrDuplicates();
    void offsetCountsFromTheCursor();
    void countIgnoresTheCursor();
    void cursorOfADeletedRowStillPlaces();

private:
    bool erase(qint64 id);
    // Walks the history from the start by cursor, pageSize rows at a time.
    QList<qint64> walk(HistoryQuery query, int pageSize) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    qint64 m_profile = 0;
    QList<qint64> m_completed;
};

void TestHistoryPaging::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<Store>();
    const GenerationError error = m_store->open(m_dir->filePath(QStringLiteral("atelier.sqlite")));
    QVERIFY2(!error.isError(), qPrintable(error.message));
    m_profile = m_store->createProfile(QStringLiteral("Main"), 0, kT0, nullptr)->id;
    const qint64 other = m_store->createProfile(QStringLiteral("Other"), 0, kT0, nullptr)->id;
    m_completed.clear();
    // Three rows in each of 20 milliseconds, inserted out of time order so that ids do not follow the times:
    // the ties must be broken by id, the same way in the cursor as in the order.
    for (int i = 0; i < kRows; ++i) {
        Generation g;
        g.request.profileId = m_profile;
        g.request.model = i % 2 ? QStringLiteral("offline") : QStringLiteral("gpt-image-1");
        g.request.prompt = QStringLiteral("%1 %2 lighthouse")
                               .arg(i % 3 ? QStringLiteral("red") : QStringLiteral("blue"),
                                    i % 5 ? QStringLiteral("dusk") : QStringLiteral("dawn"));
        const qint64 at = kT0 + (i * 7 % 20) * 1000;
        const qint64 id = m_store->insertGeneration(g, 0, at, nullptr);
        QVERIFY(id > 0);
        if (i % 4 == 0) {
            QVERIFY(m_store->markStarted(id, 1, 1, at));
            QVERIFY(m_store->markCompleted(id, 1, {}, 0, at));
            m_completed.append(id);
        } else if (i % 4 == 1) {
            QVERIFY(m_store->markFailed(id, 1, GenerationError::make(GenerationError::Category::Network, {}),
                                        at));
        }
        g.request.profileId = other;
        QVERIFY(m_store->insertGeneration(g, 0, at, nullptr) > 0);
    }
    // Tombstones are skipped by the pages as by the whole list.
    QVERIFY(erase(m_completed.takeLast()));
}

void TestHistoryPaging::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

bool TestHistoryPaging::erase(qint64 id)
{
    QStringList paths;
    GenerationError error;
    return m_store->deleteGeneration(id, m_profile, kT0, &paths, &error);
}

QList<qint64> TestHistoryPaging::walk(HistoryQuery query, int pageSize) const
{
    query.limit = pageSize;
    QList<qint64> seen;
    for (int page = 0; page <= kRows; ++page) {
        const QList<Generation> rows = m_store->history(m_profile, query);
        if (rows.isEmpty())
            break;
        seen += ids(rows);
        query.after = {rows.constLast().createdAt, rows.constLast().id};
    }
    return seen;
}

void TestHistoryPaging::pagesJoinWithoutGapsOrDuplicates_data()
{
    QTest::addColumn<HistoryQuery>("query");
    QTest::addColumn<int>("pageSize");
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(kT0 + 4000, Qt::UTC);
    QList<std::pair<const char *, HistoryQuery>> filters;
    HistoryQuery q;
    filters.append({"everything", q});
    q.statuses = {GenerationStatus::Pending, GenerationStatus::Completed};
    filters.append({"status", q});
    q = {};
    q.model = QStringLiteral("offline");
    filters.append({"model", q});
    q = {};
    q.text = QStringLiteral("red");
    filters.append({"search", q});
    q = {};
    q.from = from;
    q.to = from.addSecs(9);
    filters.append({"from-to", q});
    q.statuses = {GenerationStatus::Pending};
    q.model = QStringLiteral("gpt-image-1");
    q.text = QStringLiteral("blue da");
    filters.append({"all filters and search", q});
    for (const auto &[name, filter] : std::as_const(filters)) {
        for (const bool newestFirst : {true, false}) {
            for (const int pageSize : {1, 2, 7, 200}) {
                HistoryQuery query = filter;
                query.newestFirst = newestFirst;
                QTest::addRow("%s, %s, pages of %d", name, newestFirst ? "newest first" : "oldest first",
                              pageSize)
                    << query << pageSize;
            }
        }
    }
}

void TestHistoryPaging::pagesJoinWithoutGapsOrDuplicates()
{
    QFETCH(HistoryQuery, query);
    QFETCH(int, pageSize);
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    HistoryQuery whole = query;
    whole.limit = 0;
    const QList<qint64> expected = ids(m_store->history(m_profile, whole));
    QVERIFY(!expected.isEmpty());
    const QList<qint64> walked = walk(query, pageSize);
    QCOMPARE(walked, expected);
    QCOMPARE(QSet<qint64>(walked.cbegin(), walked.cend()).size(), walked.size());
}

void TestHistoryPaging::offsetCountsFromTheCursor()
{
    HistoryQuery query;
    query.limit = 0;
    const QList<Generation> all = m_store->history(m_profile, query);
    query.after = {all.at(9).createdAt, all.at(9).id};
    query.offset = 5;
    query.limit = 3;
    QCOMPARE(ids(m_store->history(m_profile, query)), ids(all.mid(15, 3)));
}

void TestHistoryPaging::countIgnoresTheCursor()
{
    HistoryQuery query;
    query.model = QStringLiteral("offline");
    const int total = m_store->historyCount(m_profile, query);
    const Generation first = m_store->history(m_profile, query).constFirst();
    query.after = {first.createdAt, first.id};
    QCOMPARE(m_store->historyCount(m_profile, query), total);
}

void TestHistoryPaging::cursorOfADeletedRowStillPlaces()
{
    HistoryQuery query;
    query.limit = 0;
    query.newestFirst = false;
    const QList<Generation> all = m_store->history(m_profile, query);
    const auto completed = std::find_if(all.cbegin(), all.cend(),
                                        [this](const Generation &g) { return m_completed.contains(g.id); });
    QVERIFY(completed != all.cend());
    const int at = int(completed - all.cbegin());
    QVERIFY(erase(all.at(at).id));
    query.after = {all.at(at).createdAt, all.at(at).id};
    QCOMPARE(ids(m_store->history(m_profile, query)), ids(all.mid(at + 1)));
}

QTEST_GUILESS_MAIN(TestHistoryPaging)
#include "tst_historypaging.moc"
