#include "storage/generationrow.h"
#include "storage/store.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace atelier;

namespace {

const qint64 kT0 = QDateTime(QDate(2025, 5, 1), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr int kRows = 10000;

// The marks every seeded row gets, from its place i in the seed: spread so that the filters overlap in every
// way and each picks a different number of rows.
bool favoriteOf(int i)
{
    return i % 7 == 0;
}
int ratingOf(int i)
{
    return i % 6; // 0 (not rated) to 5
}
bool redOf(int i)
{
    return i % 3 == 0;
}
bool blueOf(int i)
{
    return i % 5 == 1;
}
bool onBoardOf(int i)
{
    return i % 4 == 2;
}

QList<qint64> idsOf(const QList<Generation> &generations)
{
    QList<qint64> ids;
    for (const Generation &generation : generations)
        ids.append(generation.id);
    return ids;
}

} // namespace

// Favourites, ratings, tags and boards in the store (CurationTable), and the history filters by them over
// 10,000 rows.
class TestCuration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void marksAreReadBack();
    void filtersOverTenThousandRows();
    void filtersPageByCursor();
    void badInputChangesNothing();
    void boardsCountTheirLiveResults();
    void deletingABoardKeepsItsResults();
    void tagsAreCountedMostUsedFirst();
    void deletedGenerationLosesItsMarks();
    void marksReachTheChangeFeed();
    void everyChangeIsLogged();

private:
    // Rows of the main profile, newest last; one other profile with a row of its own.
    void seed(int rows);
    // The seeded ids for which `keep` holds, newest first (the history's order).
    QList<qint64> expected(const std::function<bool(int)> &keep) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    qint64 m_profile = 0;
    qint64 m_other = 0;
    qint64 m_otherGeneration = 0;
    qint64 m_board = 0;
    QList<qint64> m_ids; // by seed place
};

void TestCuration::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<Store>();
    const GenerationError error = m_store->open(m_dir->filePath(QStringLiteral("atelier.sqlite")));
    QVERIFY2(!error.isError(), qPrintable(error.message));
    m_profile = m_store->createProfile(QStringLiteral("Main"), 0, kT0, nullptr)->id;
    m_other = m_store->createProfile(QStringLiteral("Other"), 0, kT0, nullptr)->id;
    Generation other;
    other.request.profileId = m_other;
    other.request.model = QStringLiteral("offline");
    other.request.prompt = QStringLiteral("someone else's");
    m_otherGeneration = m_store->insertGeneration(other, 0, kT0, nullptr);
    QVERIFY(m_otherGeneration > 0);
    m_ids.clear();
}

void TestCuration::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestCuration::seed(int rows)
{
    // One transaction on a connection of its own: 10,000 inserts through the store's API would commit one by
    // one. The store's column mapping keeps the rows as the engine writes them.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("seed"));
        db.setDatabaseName(m_store->path());
        QVERIFY(db.open());
        QVERIFY(db.transaction());
        QSqlQuery insert(db);
        QVERIFY(insert.prepare(
            QStringLiteral("INSERT INTO generations (%1) VALUES (%2?)")
                .arg(GenerationRow::insertColumns(),
                     QStringLiteral("?, ").repeated(int(GenerationRow::insertValues({}).size()) - 1))));
        for (int i = 0; i < rows; ++i) {
            Generation g;
            g.request.profileId = m_profile;
            g.request.model = i % 2 ? QStringLiteral("offline") : QStringLiteral("gpt-image-1");
            g.request.prompt = QStringLiteral("%1 lighthouse number %2")
                                   .arg(i % 2 ? QStringLiteral("stormy") : QStringLiteral("calm"))
                                   .arg(i);
            g.status = GenerationStatus::Completed;
            g.createdAt = g.queuedAt = QDateTime::fromMSecsSinceEpoch(kT0 + qint64(i) * 60'000, Qt::UTC);
            const QVariantList values = GenerationRow::insertValues(g);
            for (int v = 0; v < values.size(); ++v)
                insert.bindValue(v, values.at(v));
            QVERIFY(insert.exec());
            m_ids.append(insert.lastInsertId().toLongLong());
        }
        QVERIFY(db.commit());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("seed"));

    // The marks go through the store's API, a few calls over thousands of ids each.
    QList<qint64> favorites;
    QList<QList<qint64>> byRating(GenerationMarks::kMaxRating + 1);
    QList<qint64> red;
    QList<qint64> blue;
    QList<qint64> onBoard;
    for (int i = 0; i < rows; ++i) {
        const qint64 id = m_ids.at(i);
        if (favoriteOf(i))
            favorites.append(id);
        byRating[ratingOf(i)].append(id);
        if (redOf(i))
            red.append(id);
        if (blueOf(i))
            blue.append(id);
        if (onBoardOf(i))
            onBoard.append(id);
    }
    CurationTable &curation = m_store->curation();
    GenerationError error;
    QVERIFY(curation.setFavorite(favorites, m_profile, true, kT0, &error));
    for (int rating = 1; rating <= GenerationMarks::kMaxRating && rating < rows; ++rating)
        QVERIFY2(curation.setRating(byRating.at(rating), m_profile, rating, kT0, &error),
                 qPrintable(error.message));
    QVERIFY(curation.changeTags(red, m_profile, {QStringLiteral("red")}, {}, kT0, &error));
    if (!blue.isEmpty())
        QVERIFY(curation.changeTags(blue, m_profile, {QStringLiteral("blue"), QStringLiteral("sea")}, {}, kT0,
                                    &error));
    const std::optional<Board> board = curation.createBoard(m_profile, QStringLiteral("Spring"), kT0, &error);
    QVERIFY(board);
    m_board = board->id;
    if (!onBoard.isEmpty())
        QVERIFY(curation.addToBoard(m_board, onBoard, m_profile, kT0, &error));
}

QList<qint64> TestCuration::expected(const std::function<bool(int)> &keep) const
{
    QList<qint64> ids;
    for (qsizetype i = m_ids.size() - 1; i >= 0; --i) {
        if (keep(int(i)))
            ids.append(m_ids.at(i));
    }
    return ids;
}

void TestCuration::marksAreReadBack()
{
    seed(12);
    const std::optional<Generation> marked = m_store->generation(m_ids.at(0));
    QVERIFY(marked);
    QVERIFY(marked->marks.favorite);
    QCOMPARE(marked->marks.rating, 0);
    QCOMPARE(marked->marks.tags, QStringList{QStringLiteral("red")});
    QVERIFY(marked->marks.boardIds.isEmpty());
    const std::optional<Generation> more = m_store->generation(m_ids.at(10));
    QCOMPARE(more->marks.rating, 4);
    QVERIFY(!more->marks.favorite);
    // Tags read back in alphabetical order, whatever order they were added in.
    QCOMPARE(m_store->generation(m_ids.at(6))->marks.tags,
             (QStringList{QStringLiteral("blue"), QStringLiteral("red"), QStringLiteral("sea")}));
    QCOMPARE(more->marks.boardIds, QList<qint64>{m_board});
    // The gallery's tiles carry the star and the rating.
    HistoryQuery query;
    query.limit = 0;
    const QList<Generation> rows = m_store->history(m_profile, query);
    QCOMPARE(rows.size(), 12);
    QCOMPARE(GenerationTile::of(rows.constLast()).favorite, true);
    QCOMPARE(GenerationTile::of(rows.at(1)).rating, 4);
}

void TestCuration::filtersOverTenThousandRows()
{
    // One seed for every filter: the rows take two seconds to write.
    seed(kRows);
    struct Case
    {
        const char *name;
        std::function<void(HistoryQuery *)> set;
        std::function<bool(int)> keep;
    };
    const QList<Case> cases{
        {"favourites", [](HistoryQuery *q) { q->favoritesOnly = true; }, favoriteOf},
        {"rated 3 or more", [](HistoryQuery *q) { q->minRating = 3; },
         [](int i) { return ratingOf(i) >= 3; }},
        {"rated 5", [](HistoryQuery *q) { q->minRating = 5; }, [](int i) { return ratingOf(i) == 5; }},
        {"tag", [](HistoryQuery *q) { q->tag = QStringLiteral("sea"); }, blueOf},
        {"board", [this](HistoryQuery *q) { q->boardId = m_board; }, onBoardOf},
        {"all four",
         [this](HistoryQuery *q) {
             q->favoritesOnly = true;
             q->minRating = 2;
             q->tag = QStringLiteral("blue");
             q->boardId = m_board;
         },
         [](int i) { return favoriteOf(i) && ratingOf(i) >= 2 && blueOf(i) && onBoardOf(i); }},
        {"with search and model",
         [](HistoryQuery *q) {
             q->minRating = 1;
             q->tag = QStringLiteral("red");
             q->text = QStringLiteral("stormy");
             q->model = QStringLiteral("offline");
         },
         [](int i) { return ratingOf(i) >= 1 && redOf(i) && i % 2 == 1; }},
    };
    for (const Case &c : cases) {
        HistoryQuery query;
        query.limit = 0;
        c.set(&query);
        const QList<qint64> wanted = expected(c.keep);
        QVERIFY2(!wanted.isEmpty(), c.name);
        QVERIFY2(idsOf(m_store->history(m_profile, query)) == wanted, c.name);
        QCOMPARE(m_store->historyCount(m_profile, query), wanted.size());
        // A page of the other order.
        query.newestFirst = false;
        query.limit = 25;
        query.offset = 10;
        const QList<qint64> oldest(wanted.crbegin(), wanted.crend());
        QVERIFY2(idsOf(m_store->history(m_profile, query)) == oldest.mid(10, 25), c.name);
    }
}

void TestCuration::filtersPageByCursor()
{
    seed(600);
    HistoryQuery query;
    query.minRating = 4;
    query.limit = 37;
    QList<qint64> walked;
    for (QList<Generation> page = m_store->history(m_profile, query); !page.isEmpty();
         page = m_store->history(m_profile, query)) {
        walked += idsOf(page);
        query.after = {page.constLast().createdAt, page.constLast().id};
    }
    QCOMPARE(walked, expected([](int i) { return ratingOf(i) >= 4; }));
}

void TestCuration::badInputChangesNothing()
{
    seed(6);
    CurationTable &curation = m_store->curation();
    const auto marksOf = [this] {
        QList<GenerationMarks> marks;
        for (const qint64 id : std::as_const(m_ids))
            marks.append(m_store->generation(id)->marks);
        return marks;
    };
    const QList<GenerationMarks> before = marksOf();
    const qint64 events = m_store->events(m_profile, 1000).size();
    GenerationError error;
    QVERIFY(!curation.setRating({m_ids.at(1)}, m_profile, 6, kT0, &error));
    QCOMPARE(error.category, GenerationError::Category::Validation);
    // One id that is not the profile's refuses the whole change.
    error = {};
    QVERIFY(!curation.setRating({m_ids.at(1), m_otherGeneration}, m_profile, 2, kT0, &error));
    QCOMPARE(error.category, GenerationError::Category::Validation);
    QVERIFY(error.message.contains(QString::number(m_otherGeneration)));
    QVERIFY(!curation.setFavorite({m_ids.at(1), 999999}, m_profile, true, kT0, &error));
    QVERIFY(!curation.changeTags({m_ids.at(1), 999999}, m_profile, {QStringLiteral("x")}, {}, kT0, &error));
    QVERIFY(!curation.setFavorite({}, m_profile, true, kT0, &error));
    // Boards: a name taken in any case, another profile's board, an unknown board.
    QVERIFY(!curation.createBoard(m_profile, QStringLiteral("SPRING"), kT0, &error));
    QVERIFY(error.message.contains(QStringLiteral("Spring")));
    const std::optional<Board> summer =
        curation.createBoard(m_profile, QStringLiteral("Summer"), kT0, &error);
    QVERIFY(summer);
    QVERIFY(!curation.renameBoard(summer->id, m_profile, QStringLiteral("spring"), kT0, &error));
    QVERIFY(!curation.renameBoard(summer->id, m_other, QStringLiteral("Autumn"), kT0, &error));
    QVERIFY(!curation.addToBoard(summer->id, {m_otherGeneration}, m_other, kT0, &error));
    QVERIFY(!curation.addToBoard(summer->id + 100, {m_ids.at(0)}, m_profile, kT0, &error));
    QVERIFY(!curation.deleteBoard(summer->id, m_other, kT0, &error));
    QCOMPARE(marksOf(), before);
    QCOMPARE(m_store->events(m_profile, 1000).size(), events + 1); // the one board made
    // A board name may be the same in two profiles.
    QVERIFY(curation.createBoard(m_other, QStringLiteral("Summer"), kT0, &error));
}

void TestCuration::boardsCountTheirLiveResults()
{
    seed(8);
    CurationTable &curation = m_store->curation();
    GenerationError error;
    const std::optional<Board> picks = curation.createBoard(m_profile, QStringLiteral("Picks"), kT0, &error);
    QVERIFY(picks);
    QVERIFY(curation.addToBoard(picks->id, {m_ids.at(0), m_ids.at(1), m_ids.at(2)}, m_profile, kT0, &error));
    // Adding again leaves the board as it is; a result can be on several boards.
    QVERIFY(curation.addToBoard(picks->id, {m_ids.at(2), m_ids.at(6)}, m_profile, kT0, &error));
    QCOMPARE(m_store->generation(m_ids.at(6))->marks.boardIds, (QList<qint64>{m_board, picks->id}));
    QList<Board> boards = curation.boards(m_profile);
    QCOMPARE(boards.size(), 2);
    QCOMPARE(boards.at(0).name, QStringLiteral("Picks")); // by name
    QCOMPARE(boards.at(0).count, 4);
    QCOMPARE(boards.at(1).count, 2); // places 2 and 6 of the seed
    QStringList paths;
    QVERIFY(m_store->deleteGeneration(m_ids.at(0), m_profile, kT0, &paths, &error));
    QVERIFY(curation.removeFromBoard(picks->id, {m_ids.at(1)}, m_profile, kT0, &error));
    QCOMPARE(curation.boards(m_profile).at(0).count, 2);
    QVERIFY(curation.boards(m_other).isEmpty());
}

void TestCuration::deletingABoardKeepsItsResults()
{
    seed(8);
    GenerationError error;
    QVERIFY(m_store->curation().deleteBoard(m_board, m_profile, kT0, &error));
    QVERIFY(m_store->curation().boards(m_profile).isEmpty());
    HistoryQuery query;
    query.limit = 0;
    QCOMPARE(m_store->historyCount(m_profile, query), 8);
    QVERIFY(m_store->generation(m_ids.at(2))->marks.boardIds.isEmpty());
}

void TestCuration::tagsAreCountedMostUsedFirst()
{
    seed(30);
    GenerationError error;
    QVERIFY(
        m_store->curation().changeTags({m_ids.at(0)}, m_profile, {}, {QStringLiteral("red")}, kT0, &error));
    const QList<TagCount> tags = m_store->curation().tags(m_profile);
    QCOMPARE(tags.size(), 3);
    QCOMPARE(tags.at(0).tag, QStringLiteral("red"));
    QCOMPARE(tags.at(0).count, 9); // 10 of 30, less the one taken off
    QCOMPARE(tags.at(1).tag, QStringLiteral("blue"));
    QCOMPARE(tags.at(1).count, 6);
    QCOMPARE(tags.at(2).tag, QStringLiteral("sea"));
    QVERIFY(m_store->curation().tags(m_other).isEmpty());
}

void TestCuration::deletedGenerationLosesItsMarks()
{
    seed(8);
    GenerationError error;
    // Place 6 is tagged red, blue and sea and on the board; a star and a rating too.
    QVERIFY(m_store->curation().setFavorite({m_ids.at(6)}, m_profile, true, kT0, &error));
    QVERIFY(m_store->curation().setRating({m_ids.at(6)}, m_profile, 2, kT0, &error));
    QStringList paths;
    QVERIFY(m_store->deleteGeneration(m_ids.at(6), m_profile, kT0, &paths, &error));
    QCOMPARE(m_store->curation().tags(m_profile).size(), 3); // red, blue, sea still on others
    HistoryQuery query;
    query.tag = QStringLiteral("blue");
    QCOMPARE(m_store->historyCount(m_profile, query), 1); // place 1 only: 6 was deleted
    // A deleted generation can no longer be marked, and its tombstone keeps none of its marks.
    QVERIFY(!m_store->curation().setRating({m_ids.at(6)}, m_profile, 3, kT0, &error));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("look"));
        db.setDatabaseName(m_store->path());
        QVERIFY(db.open());
        QSqlQuery look(db);
        QVERIFY(look.exec(QStringLiteral("SELECT favorite, rating,"
                                         " (SELECT COUNT(*) FROM generation_tags WHERE generation_id = g.id),"
                                         " (SELECT COUNT(*) FROM board_items WHERE generation_id = g.id)"
                                         " FROM generations g WHERE id = %1")
                              .arg(m_ids.at(6))));
        QVERIFY(look.next());
        for (int column = 0; column < 4; ++column)
            QCOMPARE(look.value(column).toInt(), 0);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("look"));
}

void TestCuration::marksReachTheChangeFeed()
{
    seed(4);
    const qint64 point = m_store->changes().last();
    GenerationError error;
    QVERIFY(m_store->curation().setRating({m_ids.at(3)}, m_profile, 3, kT0, &error)); // was 3: no change
    QVERIFY(m_store->curation().setRating({m_ids.at(1)}, m_profile, 5, kT0, &error));
    QVERIFY(
        m_store->curation().changeTags({m_ids.at(2)}, m_profile, {QStringLiteral("new")}, {}, kT0, &error));
    QVERIFY(m_store->curation().addToBoard(m_board, {m_ids.at(0)}, m_profile, kT0, &error));
    const std::optional<ChangeFeed::Changes> changes = m_store->changes().since(point);
    QVERIFY(changes);
    QCOMPARE(idsOf(changes->changed), (QList<qint64>{m_ids.at(0), m_ids.at(1), m_ids.at(2)}));
}

void TestCuration::everyChangeIsLogged()
{
    seed(3);
    GenerationError error;
    QVERIFY(m_store->curation().setFavorite({m_ids.at(1), m_ids.at(2)}, m_profile, true, kT0 + 1, &error));
    const Store::Event event = m_store->events(m_profile, 1).constFirst();
    QCOMPARE(event.kind, QStringLiteral("favorited"));
    QCOMPARE(event.at, kT0 + 1);
    QVERIFY(event.details.contains(QStringLiteral("\"ids\":[%1,%2]").arg(m_ids.at(1)).arg(m_ids.at(2))));
}

QTEST_GUILESS_MAIN(TestCuration)
#include "tst_curation.moc"
