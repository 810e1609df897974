#include "engine/profileaccounts.h"
#include "engine/submissioncheck.h"
#include "engine/variations.h"
#include "enginefixture.h"
#include "providers/offline/offlineprovider.h"

#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace atelier;
using namespace atelier::test;
using Category = GenerationError::Category;
using ParentState = GenerationFamily::ParentState;

namespace {

EngineFixture::ProviderFactory offline()
{
    return [] { return std::make_unique<OfflineProvider>(OfflineProvider::Options{0, true}); };
}

GenerationRequest offlineRequest(const EngineFixture &f, qint64 profileId, const QString &prompt)
{
    GenerationRequest request = f.request(profileId, prompt, QStringLiteral("offline"));
    request.parameters.insert(QStringLiteral("seed"), 7);
    return request;
}

// Waits until every one of `ids` has ended.
bool allEnded(EngineFixture &f, const QList<qint64> &ids)
{
    const auto ended = [&] {
        return std::all_of(ids.cbegin(), ids.cend(),
                           [&](qint64 id) { return isTerminal(f.generation(id).status); });
    };
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    while (!ended()) {
        if (!finished.wait(10000))
            return false;
    }
    return true;
}

QList<qint64> idsOf(const ImageGenerationService::Batch &batch)
{
    QList<qint64> ids;
    for (const auto &submission : batch.submissions)
        ids.append(submission.id);
    return ids;
}

QList<qint64> tileIds(const QList<GenerationTile> &tiles)
{
    QList<qint64> ids;
    for (const GenerationTile &tile : tiles)
        ids.append(tile.id);
    return ids;
}

QByteArray digest(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly)
               ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
               : QByteArray();
}

} // namespace

// "More like this": the same settings again, n at a time, a new seed each where the model draws from one,
// all or none on the balance; and the family each generation then knows.
class TestVariations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSettingsWithNewSeeds();
    void modelWithoutSeedKeepsTheRequest();
    void allOrNothingOnTheBalance();
    void seedsNeverRepeat();
    void refusalsQueueNothing();
    void familyReadsBothWays();
};

void TestVariations::sameSettingsWithNewSeeds()
{
    EngineFixture f(EngineFixture::defaultSettings(), offline());
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    f.service->start();
    const qint64 source = f.service->generateImage(offlineRequest(f, ana, QStringLiteral("a fox"))).id;
    QVERIFY(source > 0 && allEnded(f, {source}));
    const Generation parent = f.generation(source);
    QCOMPARE(parent.status, GenerationStatus::Completed);
    QSignalSpy queued(f.service.get(), &ImageGenerationService::generationQueued);
    const qint64 before = f.balance(ana);

    const ImageGenerationService::Batch batch = f.service->moreLikeThis(source, ana, 3);
    QVERIFY2(!batch.error.isError(), qPrintable(batch.error.message));
    const QList<qint64> ids = idsOf(batch);
    QCOMPARE(ids.size(), 3);
    QCOMPARE(queued.size(), 3);
    QCOMPARE(queued.at(0).at(0).value<Generation>().parentId, source);
    QList<int> positions;
    for (const auto &submission : batch.submissions)
        positions.append(submission.position);
    QCOMPARE(positions, (QList<int>{1, 2, 3}));
    QCOMPARE(f.balance(ana), before - 3 * parent.tokensReserved);

    QSet<qint64> seeds{7};
    for (const qint64 id : ids) {
        const Generation variation = f.generation(id);
        QCOMPARE(variation.parentId, source);
        QCOMPARE(variation.status == GenerationStatus::Pending ||
                     variation.status == GenerationStatus::Processing,
                 true);
        GenerationRequest same = variation.request;
        const qint64 seed = same.parameters.take(QStringLiteral("seed")).toLongLong();
        QVERIFY2(!seeds.contains(seed), "each variation has a seed of its own");
        QVERIFY(seed >= 0 && seed <= 0xffffffffLL);
        seeds.insert(seed);
        GenerationRequest original = parent.request;
        original.parameters.remove(QStringLiteral("seed"));
        QCOMPARE(same, original);
    }
    QVERIFY(allEnded(f, ids));
    QSet<QByteArray> pictures{digest(parent.resultPaths.value(0))};
    for (const qint64 id : ids) {
        QCOMPARE(f.generation(id).status, GenerationStatus::Completed);
        pictures.insert(digest(f.generation(id).resultPaths.value(0)));
    }
    QCOMPARE(pictures.size(), 4); // a new seed, a new picture
    // The lineage is in the database, not in this process: a restart reads it.
    f.reopen();
    QCOMPARE(f.generation(ids.last()).parentId, source);
    QCOMPARE(f.generation(source).parentId, 0);
}

void TestVariations::modelWithoutSeedKeepsTheRequest()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    GenerationRequest request = f.request(ana);
    request.parameters.insert(QStringLiteral("seed"), 5);
    const qint64 withSeed = f.service->generateImage(request).id;
    const qint64 without = f.service->generateImage(f.request(ana)).id;
    QVERIFY(withSeed > 0 && without > 0);

    const auto again = f.service->moreLikeThis(withSeed, ana, 2);
    QVERIFY2(!again.error.isError(), qPrintable(again.error.message));
    for (const qint64 id : idsOf(again))
        QCOMPARE(f.generation(id).request, f.generation(withSeed).request);
    const auto plain = f.service->moreLikeThis(without, ana, 1);
    QVERIFY(!plain.error.isError());
    QVERIFY(!f.generation(idsOf(plain).first()).request.parameters.contains(QStringLiteral("seed")));
}

void TestVariations::allOrNothingOnTheBalance()
{
    EngineFixture f(EngineFixture::defaultSettings(), offline());
    const qint64 ana = f.addProfile(QStringLiteral("ana"), 0);
    qint64 cost = 0;
    QVERIFY(!f.service->validateRequest(offlineRequest(f, ana, QStringLiteral("x")), &cost).isError());
    QVERIFY(cost > 0);
    const qint64 bo = f.addProfile(QStringLiteral("bo"), 3 * cost); // the first, then room for two more
    const qint64 source = f.service->generateImage(offlineRequest(f, bo, QStringLiteral("a kite"))).id;
    QVERIFY(source > 0);
    const qint64 balance = f.balance(bo);
    QCOMPARE(balance, 2 * cost);
    const int ledger = int(f.service->ledgerEntries(bo).size());
    const int history = f.service->countUserGenerationHistory(bo, {});
    QSignalSpy queued(f.service.get(), &ImageGenerationService::generationQueued);

    const auto refused = f.service->moreLikeThis(source, bo, 3);
    QCOMPARE(refused.error.category, Category::InsufficientTokens);
    QCOMPARE(refused.error.message,
             QStringLiteral("Not enough tokens: the balance is %1 and these 3 cost %2 together.")
                 .arg(balance)
                 .arg(3 * cost));
    QVERIFY(refused.submissions.isEmpty());
    QCOMPARE(queued.size(), 0);
    QCOMPARE(f.balance(bo), balance);
    QCOMPARE(f.service->ledgerEntries(bo).size(), ledger);
    QCOMPARE(f.service->countUserGenerationHistory(bo, {}), history);
    QCOMPARE(f.service->queuePosition(source), 1);
    QCOMPARE(f.service->getQueueStatus().pending, 1);

    // The store takes a batch of one profile only, and refuses the whole of it otherwise.
    Generation mine = f.generation(source);
    Generation theirs = mine;
    theirs.request.profileId = ana;
    GenerationError mixed;
    QVERIFY(f.store->insertGenerations({mine, theirs}, {0, 0}, f.clock.nowMs(), &mixed).isEmpty());
    QCOMPARE(mixed.category, Category::Validation);
    QCOMPARE(f.service->countUserGenerationHistory(bo, {}), history);
    QCOMPARE(f.service->countUserGenerationHistory(ana, {}), 0);

    const auto two = f.service->moreLikeThis(source, bo, 2);
    QVERIFY2(!two.error.isError(), qPrintable(two.error.message));
    QCOMPARE(f.balance(bo), 0);
    QCOMPARE(queued.size(), 2);
}

void TestVariations::seedsNeverRepeat()
{
    EngineFixture f(EngineFixture::defaultSettings(), offline());
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    const qint64 source = f.service->generateImage(offlineRequest(f, ana, QStringLiteral("a fox"))).id;
    ProfileAccounts accounts(*f.store, f.clock, 0);
    const QHash<QString, Provider *> providers{{QStringLiteral("offline"), f.engineProvider.get()}};
    SubmissionCheck check(*f.store, f.catalog, providers);
    // A source that repeats itself and the parent's seed (7): the seeds skip what is taken.
    QList<quint32> draws{7, 9, 9, 7, 11, 13};
    Variations variations(*f.store, f.catalog, accounts, check, [&draws] { return draws.takeFirst(); });
    GenerationError error;
    const QList<Generation> three = variations.prepare(source, ana, 3, Priority::Normal, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QList<qint64> seeds;
    for (const Generation &generation : three)
        seeds.append(generation.request.parameters.value(QStringLiteral("seed")).toLongLong());
    QCOMPARE(seeds, (QList<qint64>{9, 11, 13}));

    // One that never changes is stepped past what is taken, and ends.
    Variations stuck(*f.store, f.catalog, accounts, check, [] { return quint32(7); });
    const QList<Generation> two = stuck.prepare(source, ana, 2, Priority::Normal, &error);
    QCOMPARE(two.size(), 2);
    QCOMPARE(two.at(0).request.parameters.value(QStringLiteral("seed")).toLongLong(), 8);
    QCOMPARE(two.at(1).request.parameters.value(QStringLiteral("seed")).toLongLong(), 9);
}

void TestVariations::refusalsQueueNothing()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    const qint64 bo = f.addProfile(QStringLiteral("bo"));
    f.service->start();
    f.provider->script({ScriptedProvider::succeed()});
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    const qint64 source = f.service->generateImage(f.request(ana)).id;
    QVERIFY(source > 0 && finished.wait(5000));
    const qint64 balance = f.balance(ana);
    QSignalSpy queued(f.service.get(), &ImageGenerationService::generationQueued);

    const auto check = [&](const ImageGenerationService::Batch &batch, Category category,
                           const QString &words) {
        QCOMPARE(batch.error.category, category);
        QVERIFY2(batch.error.message.contains(words), qPrintable(batch.error.message));
        QVERIFY(batch.submissions.isEmpty());
        QCOMPARE(queued.size(), 0);
        QCOMPARE(f.balance(ana), balance);
        QCOMPARE(f.service->getQueueStatus().pending, 0);
    };
    check(f.service->moreLikeThis(source, ana, 0), Category::Validation,
          QStringLiteral("1 to 10 at a time, not 0"));
    check(f.service->moreLikeThis(source, ana, 11), Category::Validation, QStringLiteral("not 11"));
    check(f.service->moreLikeThis(source, bo, 1), Category::Permission, QStringLiteral("another profile"));
    check(f.service->moreLikeThis(9999, ana, 1), Category::Validation, QStringLiteral("no generation 9999"));
    QVERIFY(!f.service->trashGenerations({source}, ana).isError());
    check(f.service->moreLikeThis(source, ana, 1), Category::Validation,
          QStringLiteral("no generation %1").arg(source));
    QVERIFY(!f.service->restoreGenerations({source}, ana).isError());

    // What cannot be made again as it was says why: here a reference image that is gone.
    QTemporaryDir folder;
    const QString picture = folder.filePath(QStringLiteral("product.png"));
    QImage(64, 64, QImage::Format_RGB32).save(picture);
    GenerationRequest withReference = f.request(ana);
    withReference.productImages = {picture};
    f.provider->script({ScriptedProvider::succeed()});
    const qint64 edited = f.service->generateImage(withReference).id;
    QVERIFY2(edited > 0, "the reference image is accepted");
    QVERIFY(finished.wait(5000));
    QVERIFY(QFile::remove(picture));
    const qint64 afterEdit = f.balance(ana);
    queued.clear();
    const auto gone = f.service->moreLikeThis(edited, ana, 2);
    QCOMPARE(gone.error.category, Category::Validation);
    QVERIFY2(
        gone.error.message.startsWith(QStringLiteral("Cannot queue more like generation %1: ").arg(edited)),
        qPrintable(gone.error.message));
    QVERIFY2(gone.error.message.contains(QStringLiteral("product.png")), qPrintable(gone.error.message));
    QCOMPARE(queued.size(), 0);
    QCOMPARE(f.balance(ana), afterEdit);
    QCOMPARE(f.service->getQueueStatus().pending, 0);
}

void TestVariations::familyReadsBothWays()
{
    EngineFixture f;
    const qint64 ana = f.addProfile(QStringLiteral("ana"));
    const qint64 bo = f.addProfile(QStringLiteral("bo"));
    ImageGenerationService &service = *f.service;
    const qint64 source = service.generateImage(f.request(ana)).id;
    const QList<qint64> first = idsOf(service.moreLikeThis(source, ana, 2));
    QCOMPARE(first.size(), 2);
    const qint64 a = first.at(0);
    const qint64 b = first.at(1);
    const qint64 c = idsOf(service.moreLikeThis(a, ana, 1)).value(0);
    QVERIFY(c > 0);

    const GenerationFamily top = service.generationFamily(source, ana);
    QCOMPARE(top.parentId, 0);
    QCOMPARE(top.parentState, ParentState::None);
    QVERIFY(top.siblings.isEmpty());
    QCOMPARE(tileIds(top.variations), (QList<qint64>{a, b}));

    const GenerationFamily middle = service.generationFamily(a, ana);
    QCOMPARE(middle.parentId, source);
    QCOMPARE(middle.parentState, ParentState::InHistory);
    QCOMPARE(middle.parent->id, source);
    QCOMPARE(middle.parent->prompt, f.request(ana).prompt);
    QCOMPARE(tileIds(middle.siblings), QList<qint64>{b});
    QCOMPARE(tileIds(middle.variations), QList<qint64>{c});
    QCOMPARE(tileIds(service.generationFamily(c, ana).siblings), QList<qint64>{});

    // Another profile learns nothing of it.
    QVERIFY(service.generationFamily(a, bo).isEmpty());
    QVERIFY(!service.generationFamily(a, bo).parent);

    // What is in the trash leaves the lists; the parent is still named.
    QCOMPARE(service.cancelAllPending(ana), 4); // only what has ended goes into the trash
    QVERIFY(!service.trashGenerations({b, source}, ana).isError());
    const GenerationFamily trashed = service.generationFamily(a, ana);
    QCOMPARE(trashed.parentId, source);
    QCOMPARE(trashed.parentState, ParentState::InTrash);
    QVERIFY(!trashed.parent);
    QVERIFY(trashed.siblings.isEmpty());
    GenerationError error;
    QCOMPARE(service.eraseFromTrash(ana, {source}, false, &error), 1);
    const GenerationFamily erased = service.generationFamily(a, ana);
    QCOMPARE(erased.parentState, ParentState::Erased);
    QCOMPARE(erased.parentId, source);
    QVERIFY(!erased.isEmpty());
    QVERIFY(service.generationFamily(source, ana).isEmpty()); // not in the history any more
}

QTEST_GUILESS_MAIN(TestVariations)
#include "tst_variations.moc"
