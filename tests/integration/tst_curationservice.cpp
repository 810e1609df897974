#include "enginefixture.h"
#include "secondprocess.h"

#include <QSignalSpy>
#include <QTest>

using namespace atelier;
using namespace atelier::test;

namespace {

// A completed generation of the profile, written as a process that ran it would.
qint64 completed(EngineFixture &f, qint64 profileId, const QString &prompt)
{
    const qint64 now = f.clock.nowMs();
    Generation generation;
    generation.request = f.request(profileId, prompt);
    const qint64 id = f.store->insertGeneration(generation, 0, now, nullptr);
    if (id <= 0 || !f.store->markStarted(id, 1, 1, now) || !f.store->markCompleted(id, 1, {}, 0, now))
        return 0;
    return id;
}

} // namespace

// Marks through the service: what a person types is checked and normalised, every change is announced, and
// another process on the same data folder hears of it without taking it for the end of a job.
class TestCurationService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tagsAreNormalisedAndBadOnesRefused();
    void boardNamesAreChecked();
    void changesAreAnnounced();
    void anotherProcessHearsOfMarksOnly();
};

void TestCurationService::tagsAreNormalisedAndBadOnesRefused()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    const qint64 id = completed(f, ana, QStringLiteral("a kite"));
    QVERIFY(id > 0);
    ImageGenerationService &service = *f.service;
    QVERIFY(
        !service.changeTags({id}, ana, {QStringLiteral("  Client   X, HERO shot, client x")}, {}).isError());
    QCOMPARE(f.generation(id).marks.tags,
             (QStringList{QStringLiteral("client x"), QStringLiteral("hero shot")}));

    for (const QString &bad :
         {QString(51, QLatin1Char('a')), QStringLiteral("!!!"), QStringLiteral("fine, ...")}) {
        const GenerationError error = service.changeTags({id}, ana, {bad}, {});
        QCOMPARE(error.category, GenerationError::Category::Validation);
        QVERIFY(!error.message.isEmpty());
    }
    QCOMPARE(service.changeTags({id}, ana, {}, {}).category, GenerationError::Category::Validation);
    QCOMPARE(service.changeTags({id}, ana, {QStringLiteral(" , ")}, {}).category,
             GenerationError::Category::Validation);
    QCOMPARE(f.generation(id).marks.tags.size(), 2);
    // Removing goes by the same spelling.
    QVERIFY(!service.changeTags({id}, ana, {}, {QStringLiteral("CLIENT X")}).isError());
    QCOMPARE(f.generation(id).marks.tags, QStringList{QStringLiteral("hero shot")});
    // Another profile's result is not this one's to mark.
    const qint64 bo = f.addProfile(QStringLiteral("bo"));
    QCOMPARE(service.setRating({id}, bo, 3).category, GenerationError::Category::Validation);
    QCOMPARE(f.generation(id).marks.rating, 0);
}

void TestCurationService::boardNamesAreChecked()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    ImageGenerationService &service = *f.service;
    GenerationError error;
    QVERIFY(!service.createBoard(ana, QStringLiteral("   "), &error));
    QCOMPARE(error.category, GenerationError::Category::Validation);
    QVERIFY(!service.createBoard(ana, QString(81, QLatin1Char('b')), &error));
    const std::optional<Board> board =
        service.createBoard(ana, QStringLiteral("  Spring   campaign "), &error);
    QVERIFY(board);
    QCOMPARE(board->name, QStringLiteral("Spring campaign"));
    QCOMPARE(service.renameBoard(board->id, ana, QString()).category, GenerationError::Category::Validation);
    QVERIFY(!service.renameBoard(board->id, ana, QStringLiteral("Summer")).isError());
    QCOMPARE(service.boards(ana).constFirst().name, QStringLiteral("Summer"));
}

void TestCurationService::changesAreAnnounced()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    const qint64 a = completed(f, ana, QStringLiteral("a kite"));
    const qint64 b = completed(f, ana, QStringLiteral("a boat"));
    ImageGenerationService &service = *f.service;
    QSignalSpy marked(&service, &ImageGenerationService::generationsMarked);
    QSignalSpy boards(&service, &ImageGenerationService::boardsChanged);
    QVERIFY(!service.setFavorite({a, b}, ana, true).isError());
    QCOMPARE(marked.size(), 1);
    QCOMPARE(marked.first().at(0).toLongLong(), ana);
    QCOMPARE(marked.first().at(1).value<QList<qint64>>(), (QList<qint64>{a, b}));
    QVERIFY(boards.isEmpty());
    GenerationError error;
    const std::optional<Board> board = service.createBoard(ana, QStringLiteral("Picks"), &error);
    QCOMPARE(boards.size(), 1);
    QVERIFY(!service.addToBoard(board->id, {b}, ana).isError());
    QCOMPARE(boards.size(), 2);
    QCOMPARE(marked.size(), 2);
    // A refused change says nothing.
    QVERIFY(service.setRating({a}, ana, 9).isError());
    QVERIFY(service.addToBoard(board->id + 1, {a}, ana).isError());
    QCOMPARE(marked.size(), 2);
    QCOMPARE(boards.size(), 2);
}

void TestCurationService::anotherProcessHearsOfMarksOnly()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    const qint64 old = completed(f, ana, QStringLiteral("made before the window opened"));
    f.clock.advance(60'000);
    SecondProcess window(f);
    QSignalSpy marked(window.service.get(), &ImageGenerationService::generationsMarked);
    QSignalSpy finished(window.service.get(), &ImageGenerationService::generationFinished);
    QSignalSpy queued(window.service.get(), &ImageGenerationService::generationQueued);
    window.service->watch();

    // The CLI rates a result made long ago: news of its marks, not of its end.
    QVERIFY(!f.service->setRating({old}, ana, 4).isError());
    QVERIFY(marked.wait());
    QCOMPARE(marked.first().at(0).toLongLong(), ana);
    QCOMPARE(marked.first().at(1).value<QList<qint64>>(), QList<qint64>{old});
    // Tags and boards too; each change once.
    QVERIFY(!f.service->changeTags({old}, ana, {QStringLiteral("night")}, {}).isError());
    QTRY_COMPARE(marked.size(), 2);
    GenerationError error;
    const std::optional<Board> board = f.service->createBoard(ana, QStringLiteral("Picks"), &error);
    QVERIFY(!f.service->addToBoard(board->id, {old}, ana).isError());
    QTRY_COMPARE(marked.size(), 3);
    // A change that is not a mark (a job queued) brings no more.
    f.service->generateImage(f.request(ana, QStringLiteral("one more")));
    QTRY_COMPARE(queued.size(), 1);
    QCOMPARE(marked.size(), 3);
    QVERIFY(finished.isEmpty());
    QCOMPARE(window.store.generation(old)->marks.boardIds, QList<qint64>{board->id});

    // A result added elsewhere with old dates (an import of last year's pictures) is new here all the same.
    const qint64 longAgo = f.clock.nowMs() - 365LL * 24 * 3600 * 1000;
    Generation imported;
    imported.request = f.request(ana, QStringLiteral("from an old folder"));
    const qint64 id = f.store->insertGeneration(imported, 0, longAgo, nullptr);
    QVERIFY(f.store->markStarted(id, 1, 1, longAgo));
    QVERIFY(f.store->markCompleted(id, 1, {}, 0, longAgo));
    QVERIFY(finished.wait());
    QCOMPARE(finished.first().first().value<Generation>().id, id);
}

QTEST_GUILESS_MAIN(TestCurationService)
#include "tst_curationservice.moc"
