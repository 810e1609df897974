#include "enginefixture.h"
#include "secondprocess.h"
#include "storage/freedesktopthumbnails.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace atelier;
using namespace atelier::test;
using Category = GenerationError::Category;

namespace {

constexpr qint64 kDayMs = 24 * 60 * 60 * 1000;

QByteArray digest(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly)
               ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
               : QByteArray();
}

// A result made by the engine, with its thumbnail in the shared cache.
qint64 made(EngineFixture &f, qint64 profileId, const QString &prompt)
{
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    f.provider->script({ScriptedProvider::succeed()});
    const qint64 id = f.service->generateImage(f.request(profileId, prompt)).id;
    if (id <= 0 || !finished.wait(5000))
        return 0;
    for (const QString &path : f.generation(id).resultPaths)
        FreedesktopThumbnails().make(path, FreedesktopThumbnails::Size::Large);
    return id;
}

// The files of a result and of its thumbnails, with what they hold.
QHash<QString, QByteArray> filesOf(const Generation &generation)
{
    QHash<QString, QByteArray> files;
    for (const QString &path : generation.resultPaths) {
        files.insert(path, digest(path));
        const QString thumbnail = FreedesktopThumbnails().pathFor(path, FreedesktopThumbnails::Size::Large);
        files.insert(thumbnail, digest(thumbnail));
    }
    return files;
}

bool allGone(const QHash<QString, QByteArray> &files)
{
    return std::none_of(files.keyBegin(), files.keyEnd(),
                        [](const QString &path) { return QFile::exists(path); });
}

HistoryQuery everything()
{
    HistoryQuery query;
    query.limit = 0;
    return query;
}

} // namespace

// Deleting puts results in the trash whole: undo brings back the very bytes, thumbnails and marks; emptying
// erases files and thumbnails and leaves the ledger; what stays longer than the days kept goes on start.
class TestTrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void restoreBringsBackTheExactFilesAndMarks();
    void refusalsChangeNothing();
    void emptyingErasesFilesButNotTheLedger();
    void oldItemsGoOnStart();
    void anotherProcessHearsOfTrashAndRestore();

private:
    QTemporaryDir m_cache;
};

void TestTrash::initTestCase()
{
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cache.path()));
}

void TestTrash::restoreBringsBackTheExactFilesAndMarks()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    f.service->start();
    const qint64 kite = made(f, ana, QStringLiteral("a red kite over the dunes"));
    const qint64 boat = made(f, ana, QStringLiteral("a boat"));
    QVERIFY(kite > 0 && boat > 0);
    ImageGenerationService &service = *f.service;
    GenerationError error;
    const std::optional<Board> board = service.createBoard(ana, QStringLiteral("Picks"), &error);
    QVERIFY(!service.setRating({kite}, ana, 4).isError());
    QVERIFY(!service.setFavorite({kite}, ana, true).isError());
    QVERIFY(!service.changeTags({kite}, ana, {QStringLiteral("beach")}, {}).isError());
    QVERIFY(!service.addToBoard(board->id, {kite, boat}, ana).isError());
    const Generation before = f.generation(kite);
    const QHash<QString, QByteArray> files = filesOf(before);
    QCOMPARE(files.size(), 2);
    for (const QByteArray &hash : files)
        QVERIFY(!hash.isEmpty());
    QSignalSpy deleted(&service, &ImageGenerationService::generationDeleted);
    QSignalSpy restored(&service, &ImageGenerationService::generationsRestored);
    QSignalSpy trashChanged(&service, &ImageGenerationService::trashChanged);

    QVERIFY(!service.trashGenerations({kite, boat}, ana).isError());
    QCOMPARE(deleted.size(), 2);
    QCOMPARE(trashChanged.size(), 1);
    QCOMPARE(service.countUserGenerationHistory(ana, everything()), 0);
    QCOMPARE(service.getUserStats(ana).completed, 0);
    QCOMPARE(service.boards(ana).constFirst().count, 0);
    QVERIFY(!service.getGenerationStatus(kite));
    const QList<Generation> trash = service.trashedGenerations(ana);
    QCOMPARE(trash.size(), 2);
    QCOMPARE(service.countTrashedGenerations(ana), 2);
    QVERIFY(trash.first().trashedAt.isValid());
    QCOMPARE(trash.first().id, boat); // the last deleted first; both at once, the newer first
    QCOMPARE(trash.last().request.prompt, QStringLiteral("a red kite over the dunes"));
    // Marks cannot be changed in the trash.
    QCOMPARE(service.setRating({kite}, ana, 1).category, Category::Validation);

    QVERIFY(!service.restoreGenerations({kite}, ana).isError());
    QCOMPARE(restored.size(), 1);
    QCOMPARE(restored.first().at(1).value<QList<qint64>>(), QList<qint64>{kite});
    QCOMPARE(filesOf(f.generation(kite)), files);
    const Generation after = f.generation(kite);
    QCOMPARE(after.resultPaths, before.resultPaths);
    QCOMPARE(after.marks.rating, 4);
    QVERIFY(after.marks.favorite);
    QCOMPARE(after.marks.tags, QStringList{QStringLiteral("beach")});
    QCOMPARE(after.marks.boardIds, QList<qint64>{board->id});
    QVERIFY(!after.trashedAt.isValid());
    QCOMPARE(service.boards(ana).constFirst().count, 1);
    HistoryQuery search = everything();
    search.text = QStringLiteral("kite");
    QCOMPARE(service.countUserGenerationHistory(ana, search), 1);
    QCOMPARE(service.trashedGenerations(ana).size(), 1);
    const QStringList kinds{f.store->events(ana, 2).value(1).kind, f.store->events(ana, 2).value(0).kind};
    QCOMPARE(kinds, (QStringList{QStringLiteral("trashed"), QStringLiteral("restored")}));
}

void TestTrash::refusalsChangeNothing()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    const qint64 bo = f.addProfile(QStringLiteral("bo"));
    f.service->start();
    const qint64 done = made(f, ana, QStringLiteral("a kite"));
    f.provider->script({ScriptedProvider::hang()});
    const qint64 running = f.service->generateImage(f.request(ana)).id;
    QTRY_COMPARE(f.provider->hanging(), QList<qint64>{running});
    ImageGenerationService &service = *f.service;
    QSignalSpy deleted(&service, &ImageGenerationService::generationDeleted);

    // One that has not ended, another profile's, an unknown id: nothing moves, not even the good ones.
    const GenerationError busy = service.trashGenerations({done, running}, ana);
    QCOMPARE(busy.category, Category::Validation);
    QCOMPARE(busy.message, QStringLiteral("Generation %1 has not ended yet: cancel it first.").arg(running));
    QCOMPARE(service.trashGenerations({done}, bo).category, Category::Validation);
    QCOMPARE(service.trashGenerations({done, 999}, ana).message,
             QStringLiteral("There is no generation 999 of this profile."));
    QCOMPARE(service.trashGenerations({}, ana).category, Category::Validation);
    QVERIFY(deleted.isEmpty());
    QVERIFY(service.trashedGenerations(ana).isEmpty());
    QCOMPARE(service.countUserGenerationHistory(ana, everything()), 2);

    // Restoring what is not in the trash, or another profile's.
    QVERIFY(!service.trashGenerations({done}, ana).isError());
    QCOMPARE(service.trashGenerations({done}, ana).message,
             QStringLiteral("Generation %1 is in the trash already.").arg(done));
    QCOMPARE(service.restoreGenerations({done}, bo).category, Category::Validation);
    const GenerationError notThere = service.restoreGenerations({done, running}, ana);
    QCOMPARE(notThere.category, Category::Validation);
    QVERIFY(notThere.message.contains(QStringLiteral("not in the trash")));
    QCOMPARE(service.trashedGenerations(ana).size(), 1);
    GenerationError error;
    QCOMPARE(service.eraseFromTrash(ana, {done, running}, false, &error), 0);
    QCOMPARE(error.category, Category::Validation);
    QVERIFY(!service.trashedGenerations(ana).constFirst().resultPaths.isEmpty());
    f.provider->finishHanging(running);
}

void TestTrash::emptyingErasesFilesButNotTheLedger()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    f.service->start();
    const qint64 a = made(f, ana, QStringLiteral("a kite"));
    const qint64 b = made(f, ana, QStringLiteral("a boat"));
    ImageGenerationService &service = *f.service;
    const QHash<QString, QByteArray> filesA = filesOf(f.generation(a));
    const QHash<QString, QByteArray> filesB = filesOf(f.generation(b));
    const qsizetype ledger = service.ledgerEntries(ana).size();
    const qint64 balance = f.balance(ana);
    // Erasing checks, under the database's lock, that it is still where the caller saw it: one restored or
    // deleted by another process meanwhile is left alone.
    QStringList paths;
    GenerationError refused;
    QVERIFY(!f.store->deleteGeneration(a, ana, f.clock.nowMs(), &paths, &refused, nullptr, true));
    QVERIFY(refused.message.contains(QStringLiteral("not in the trash")));
    QVERIFY(!allGone(filesA));
    QVERIFY(!service.trashGenerations({a, b}, ana).isError());
    QVERIFY(!f.store->deleteGeneration(a, ana, f.clock.nowMs(), &paths, &refused));
    QVERIFY(!allGone(filesA));
    QSignalSpy deleted(&service, &ImageGenerationService::generationDeleted);
    QSignalSpy trashChanged(&service, &ImageGenerationService::trashChanged);

    // One of them for good; then the rest.
    GenerationError error;
    QCOMPARE(service.eraseFromTrash(ana, {a}, false, &error), 1);
    QVERIFY(!error.isError());
    QVERIFY(allGone(filesA));
    QVERIFY(!allGone(filesB));
    QCOMPARE(service.trashedGenerations(ana).size(), 1);
    QCOMPARE(service.eraseFromTrash(ana, {}, false, &error), 1);
    QVERIFY(allGone(filesB));
    QVERIFY(service.trashedGenerations(ana).isEmpty());
    QCOMPARE(trashChanged.size(), 2);
    QVERIFY(deleted.isEmpty()); // they had left the history already
    QCOMPARE(service.restoreGenerations({a}, ana).category, Category::Validation);
    QCOMPARE(service.ledgerEntries(ana).size(), ledger);
    QCOMPARE(f.balance(ana), balance);
    QCOMPARE(f.store->events(ana, 1).value(0).kind, QStringLiteral("deleted"));
    QCOMPARE(service.eraseFromTrash(ana, {}, false, &error), 0); // an empty trash is not an error
    QVERIFY(!error.isError());
}

void TestTrash::oldItemsGoOnStart()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    f.service->start();
    const qint64 old = made(f, ana, QStringLiteral("an old kite"));
    const qint64 recent = made(f, ana, QStringLiteral("a recent kite"));
    const QHash<QString, QByteArray> oldFiles = filesOf(f.generation(old));
    const QHash<QString, QByteArray> recentFiles = filesOf(f.generation(recent));
    QVERIFY(!f.service->trashGenerations({old}, ana).isError());
    f.clock.advance(20 * kDayMs);
    QVERIFY(!f.service->trashGenerations({recent}, ana).isError());
    f.clock.advance(11 * kDayMs); // 31 days after the first, 11 after the second

    f.settings.trashDays = 0; // kept until emptied
    f.reopen();
    f.service->start();
    QCOMPARE(f.service->trashedGenerations(ana).size(), 2);
    f.settings.trashDays = 30;
    f.reopen();
    f.service->start();
    const QList<Generation> left = f.service->trashedGenerations(ana);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.first().id, recent);
    QVERIFY(allGone(oldFiles));
    QCOMPARE(filesOf(left.first()), recentFiles);
}

void TestTrash::anotherProcessHearsOfTrashAndRestore()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    f.service->start();
    const qint64 early = made(f, ana, QStringLiteral("trashed before the window opened"));
    const qint64 kite = made(f, ana, QStringLiteral("a kite"));
    QVERIFY(!f.service->trashGenerations({early}, ana).isError());
    f.clock.advance(60'000);
    SecondProcess window(f);
    QSignalSpy deleted(window.service.get(), &ImageGenerationService::generationDeleted);
    QSignalSpy restored(window.service.get(), &ImageGenerationService::generationsRestored);
    QSignalSpy finished(window.service.get(), &ImageGenerationService::generationFinished);
    QSignalSpy trashChanged(window.service.get(), &ImageGenerationService::trashChanged);
    window.service->watch();

    QVERIFY(!f.service->trashGenerations({kite}, ana).isError());
    QTRY_COMPARE(deleted.size(), 1);
    QCOMPARE(deleted.first().at(0).toLongLong(), kite);
    QCOMPARE(trashChanged.size(), 1);
    // Back from the trash elsewhere: restored, not ended; also one trashed before the window looked.
    QVERIFY(!f.service->restoreGenerations({kite, early}, ana).isError());
    QTRY_COMPARE(restored.size(), 1);
    QList<qint64> ids = restored.first().at(1).value<QList<qint64>>();
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (QList<qint64>{early, kite}));
    QCOMPARE(trashChanged.size(), 2);
    QVERIFY(finished.isEmpty());
    // Emptied elsewhere: the trash changed, and nothing is deleted twice.
    QVERIFY(!f.service->trashGenerations({early}, ana).isError());
    QTRY_COMPARE(trashChanged.size(), 3);
    GenerationError error;
    QCOMPARE(f.service->eraseFromTrash(ana, {}, false, &error), 1);
    QTRY_COMPARE(trashChanged.size(), 4);
    QCOMPARE(deleted.size(), 2);
    // Its own restore read back is no news.
    QVERIFY(!window.service->trashGenerations({kite}, ana).isError());
    QVERIFY(!window.service->restoreGenerations({kite}, ana).isError());
    QCOMPARE(restored.size(), 2);
    f.provider->script({ScriptedProvider::succeed()});
    QSignalSpy queued(window.service.get(), &ImageGenerationService::generationQueued);
    f.service->generateImage(f.request(ana));
    QVERIFY(queued.wait());
    QCOMPARE(restored.size(), 2);
    for (const QList<QVariant> &signal : std::as_const(finished))
        QVERIFY(signal.at(0).value<Generation>().id != kite);
}

QTEST_GUILESS_MAIN(TestTrash)
#include "tst_trash.moc"
