#include "enginefixture.h"
#include "testpicture.h"

#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

using namespace atelier;
using namespace atelier::test;
using Category = GenerationError::Category;

namespace {
// gpt-image-1 at medium quality, 1024x1024, in the built-in catalog.
constexpr qint64 kMediumCost = 42;
// The listed price plus the bound on prompt and partial-image tokens that ModelCatalog::reservation adds.
constexpr qint64 kMediumReservation = 52;

GenerationError transient(Category category = Category::Server)
{
    return GenerationError::make(category, QStringLiteral("The server had a problem."), 500);
}
} // namespace

class TestImageGenerationService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void completesAndSettles();
    void refusesInvalidRequestsAndChangesNothing_data();
    void refusesInvalidRequestsAndChangesNothing();
    void refusesWhenTokensAreShort();
    void refusesWhenTheProviderIsNotReady();
    void settlesToTheReportedUsage();
    void profilesTakeTurns();
    void honoursTheProviderLimit();
    void cancelsPendingAndRunningJobs();
    void onlyTheOwnerMayCancel();
    void retriesTransientErrorsWithBackOff();
    void givesUpAfterThreeAttempts();
    void neverRetriesPermanentErrors_data();
    void neverRetriesPermanentErrors();
    void honoursRetryAfter();
    void failsJobsThatWaitTooLong();
    void countsTheWaitFromWhenAProcessCanRunIt();
    void retriesByHandAsANewRun();
    void recoversAfterACrash();
    void handsRunningJobsBackOnShutdown();
    void finishesASaveUnderWayOnShutdown();
    void reportsProgressInSteps();
    void reportsStatsAndQueueStatus();
    void deletesEndedGenerationsOfTheOwner();
};

void TestImageGenerationService::completesAndSettles()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.service->start();
    QSignalSpy queued(f.service.get(), &ImageGenerationService::generationQueued);
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);

    const auto submission = f.service->generateImage(f.request(alice));
    QVERIFY(!submission.error.isError());
    QCOMPARE(submission.position, 1);
    QCOMPARE(queued.count(), 1);
    // Reserved at once, before anything ran.
    QCOMPARE(f.balance(alice), 1000 - kMediumReservation);
    QCOMPARE(f.generation(submission.id).status, GenerationStatus::Pending);

    QVERIFY(finished.wait(5000));
    const Generation done = f.generation(submission.id);
    QCOMPARE(done.status, GenerationStatus::Completed);
    QCOMPARE(done.attempts, 1);
    QCOMPARE(done.resultPaths.size(), 1);
    QVERIFY(!QImage(done.resultPaths.first()).isNull());
    QVERIFY(done.resultPaths.first().startsWith(f.library->root()));
    QCOMPARE(done.tokensCharged, kMediumCost);
    QCOMPARE(f.balance(alice), 1000 - kMediumCost);
    // The provider got the profile as an anonymous tag, never its name.
    QVERIFY(!f.provider->started().first().userTag.contains(QStringLiteral("alice")));
}

void TestImageGenerationService::refusesInvalidRequestsAndChangesNothing_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("words");
    QTest::newRow("empty prompt") << "prompt"
                                  << "   "
                                  << "prompt";
    QTest::newRow("unknown model") << "model"
                                   << "dall-e-9"
                                   << "dall-e-9";
    QTest::newRow("unknown aspect") << "aspect"
                                    << "5:4"
                                    << "5:4";
    QTest::newRow("too many images") << "n"
                                     << "11"
                                     << "10";
    QTest::newRow("unknown profile") << "profile"
                                     << "999"
                                     << "999";
}

void TestImageGenerationService::refusesInvalidRequestsAndChangesNothing()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, words);
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    GenerationRequest request = f.request(alice);
    if (field == QLatin1String("prompt"))
        request.prompt = value;
    else if (field == QLatin1String("model"))
        request.model = value;
    else if (field == QLatin1String("aspect"))
        request.aspectRatio = value;
    else if (field == QLatin1String("n"))
        request.imageCount = value.toInt();
    else
        request.profileId = value.toLongLong();

    const auto submission = f.service->generateImage(request);
    QCOMPARE(submission.error.category, Category::Validation);
    QVERIFY2(submission.error.message.contains(words), qPrintable(submission.error.message));
    QCOMPARE(submission.id, 0);
    QCOMPARE(f.balance(alice), 1000);
    QCOMPARE(f.store->historyCount(alice, {}), 0);
}

void TestImageGenerationService::refusesWhenTokensAreShort()
{
    EngineFixture f;
    const qint64 bob = f.addProfile(QStringLiteral("bob"), 10);
    const auto submission = f.service->generateImage(f.request(bob));
    QCOMPARE(submission.error.category, Category::InsufficientTokens);
    QVERIFY2(submission.error.message.contains(QStringLiteral("10")), qPrintable(submission.error.message));
    QVERIFY2(submission.error.message.contains(QString::number(kMediumReservation)),
             qPrintable(submission.error.message));
    QCOMPARE(f.balance(bob), 10);
    QCOMPARE(f.store->historyCount(bob, {}), 0);
}

void TestImageGenerationService::refusesWhenTheProviderIsNotReady()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->setReady(false, QStringLiteral("Add an OpenAI API key in Settings."));
    const auto submission = f.service->generateImage(f.request(alice));
    QCOMPARE(submission.error.category, Category::Validation);
    QCOMPARE(submission.error.message, QStringLiteral("Add an OpenAI API key in Settings."));
    QCOMPARE(f.balance(alice), 1000);
}

void TestImageGenerationService::settlesToTheReportedUsage()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.service->start();
    ImageUsage usage;
    usage.inputTextTokens = 50; // 50 x 5000 / 1e6 = 0.25
    usage.outputTokens = 1056;  // 1056 x 40000 / 1e6 = 42.24
    f.provider->script({ScriptedProvider::succeed(usage)});
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    const auto submission = f.service->generateImage(f.request(alice));
    QVERIFY(finished.wait(5000));
    QCOMPARE(f.generation(submission.id).tokensCharged, 43);
    QCOMPARE(f.balance(alice), 1000 - 43);
}

void TestImageGenerationService::profilesTakeTurns()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.limits = QueueLimits{1, 1, {}};
    EngineFixture f(settings);
    const qint64 alice = f.addProfile(QStringLiteral("alice"), 10'000);
    const qint64 bob = f.addProfile(QStringLiteral("bob"), 10'000);
    QList<qint64> aliceJobs;
    for (int i = 0; i < 5; ++i) {
        f.provider->script({ScriptedProvider::hang()});
        aliceJobs.append(f.service->generateImage(f.request(alice)).id);
    }
    f.provider->script({ScriptedProvider::hang()});
    const auto bobs = f.service->generateImage(f.request(bob));
    // Bob's single image waits behind one of Alice's, not behind all five.
    QCOMPARE(bobs.position, 2);
    QCOMPARE(f.service->queuePosition(aliceJobs.last()), 6);

    f.service->start();
    QTRY_COMPARE(f.provider->started().size(), 1);
    QCOMPARE(f.service->queuePosition(bobs.id), 1);
    f.provider->finishHanging(aliceJobs.first());
    QTRY_COMPARE(f.provider->started().size(), 2);
    QCOMPARE(f.provider->startOrder(), (QList<qint64>{aliceJobs.at(0), bobs.id}));
    f.provider->finishHanging(bobs.id);
    QTRY_COMPARE(f.provider->started().size(), 3);
    QCOMPARE(f.provider->startOrder().last(), aliceJobs.at(1));
}

void TestImageGenerationService::honoursTheProviderLimit()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.limits = QueueLimits{8, 8, {{QStringLiteral("openai"), 2}}};
    EngineFixture f(settings);
    const qint64 alice = f.addProfile(QStringLiteral("alice"), 10'000);
    f.provider->script(QList<ScriptedProvider::Outcome>(4, ScriptedProvider::hang()));
    for (int i = 0; i < 4; ++i)
        f.service->generateImage(f.request(alice));
    // Before anything has finished, the estimate still counts the jobs ahead.
    QVERIFY(f.service->getQueueStatus().estimatedDrainMs > 0);
    f.service->start();
    QTRY_COMPARE(f.provider->started().size(), 2);
    QCOMPARE(f.service->getQueueStatus().processing, 2);
    QCOMPARE(f.service->getQueueStatus().pending, 2);
    f.provider->finishHanging(f.provider->startOrder().first());
    QTRY_COMPARE(f.provider->started().size(), 3);
}

void TestImageGenerationService::cancelsPendingAndRunningJobs()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.limits = QueueLimits{1, 1, {}};
    EngineFixture f(settings);
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script({ScriptedProvider::hang(), ScriptedProvider::hang()});
    const qint64 running = f.service->generateImage(f.request(alice)).id;
    const qint64 pending = f.service->generateImage(f.request(alice)).id;
    f.service->start();
    QTRY_COMPARE(f.provider->started().size(), 1);
    QCOMPARE(f.balance(alice), 1000 - 2 * kMediumReservation);
    QSignalSpy cancelled(f.service.get(), &ImageGenerationService::generationCancelled);

    QVERIFY(!f.service->cancelGeneration(pending, alice).isError());
    QCOMPARE(f.generation(pending).status, GenerationStatus::Cancelled);
    QCOMPARE(f.balance(alice), 1000 - kMediumReservation);

    QVERIFY(!f.service->cancelGeneration(running, alice).isError());
    QCOMPARE(f.provider->cancelled(), QList<qint64>{running});
    QCOMPARE(f.generation(running).status, GenerationStatus::Cancelled);
    QCOMPARE(f.balance(alice), 1000);
    QCOMPARE(cancelled.count(), 2);
    // A second cancel says so and changes nothing.
    const GenerationError again = f.service->cancelGeneration(running, alice);
    QCOMPARE(again.category, Category::Validation);
    QVERIFY(again.message.contains(QStringLiteral("cancelled")));
    QCOMPARE(f.balance(alice), 1000);
}

void TestImageGenerationService::onlyTheOwnerMayCancel()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 mallory = f.addProfile(QStringLiteral("mallory"));
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    QCOMPARE(f.service->cancelGeneration(id, mallory).category, Category::Permission);
    QCOMPARE(f.generation(id).status, GenerationStatus::Pending);
    QCOMPARE(f.service->cancelGeneration(424242, alice).category, Category::Validation);
}

void TestImageGenerationService::retriesTransientErrorsWithBackOff()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script({ScriptedProvider::fail(transient()),
                        ScriptedProvider::fail(transient(Category::Network)), ScriptedProvider::succeed()});
    QSignalSpy retrying(f.service.get(), &ImageGenerationService::generationRetrying);
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    f.service->start();
    const qint64 id = f.service->generateImage(f.request(alice)).id;

    QVERIFY(retrying.wait(5000));
    QCOMPARE(retrying.last().at(1).toInt(), 2);
    QCOMPARE(retrying.last().at(2).toLongLong(), 1000); // base delay, no jitter in the fixture
    QCOMPARE(f.generation(id).status, GenerationStatus::Pending);
    // Nothing starts before the back-off is over, however long the test waits on the event loop.
    QCoreApplication::processEvents();
    QCOMPARE(f.provider->started().size(), 1);
    f.clock.advance(999);
    QCoreApplication::processEvents();
    QCOMPARE(f.provider->started().size(), 1);
    f.clock.advance(1);
    QTRY_COMPARE(f.provider->started().size(), 2);

    QTRY_COMPARE(retrying.count(), 2);
    QCOMPARE(retrying.last().at(2).toLongLong(), 2000); // doubled
    f.clock.advance(2000);
    QVERIFY(finished.wait(5000));
    const Generation done = f.generation(id);
    QCOMPARE(done.status, GenerationStatus::Completed);
    QCOMPARE(done.attempts, 3);
    QCOMPARE(f.provider->started().last().attempt, 3);
    // Charged once for the run, whatever the attempts.
    QCOMPARE(f.balance(alice), 1000 - kMediumCost);
}

void TestImageGenerationService::givesUpAfterThreeAttempts()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script(QList<ScriptedProvider::Outcome>(3, ScriptedProvider::fail(transient())));
    QSignalSpy failed(f.service.get(), &ImageGenerationService::generationFailed);
    f.service->start();
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    QTRY_COMPARE(f.provider->started().size(), 1);
    QTRY_COMPARE(f.generation(id).status, GenerationStatus::Pending);
    f.clock.advance(1000);
    QTRY_COMPARE(f.provider->started().size(), 2);
    QTRY_COMPARE(f.generation(id).status, GenerationStatus::Pending);
    f.clock.advance(2000);
    QVERIFY(failed.wait(5000));
    const Generation done = f.generation(id);
    QCOMPARE(done.status, GenerationStatus::Failed);
    QCOMPARE(done.attempts, 3);
    QCOMPARE(done.error.category, Category::Server);
    QCOMPARE(f.balance(alice), 1000);
}

void TestImageGenerationService::neverRetriesPermanentErrors_data()
{
    QTest::addColumn<int>("category");
    QTest::newRow("auth") << int(Category::Auth);
    QTest::newRow("quota") << int(Category::Quota);
    QTest::newRow("content policy") << int(Category::ContentPolicy);
    QTest::newRow("invalid request") << int(Category::InvalidRequest);
    QTest::newRow("permission") << int(Category::Permission);
    QTest::newRow("bad response") << int(Category::BadResponse);
}

void TestImageGenerationService::neverRetriesPermanentErrors()
{
    QFETCH(int, category);
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script(
        {ScriptedProvider::fail(GenerationError::make(Category(category), QStringLiteral("No.")))});
    QSignalSpy failed(f.service.get(), &ImageGenerationService::generationFailed);
    QSignalSpy retrying(f.service.get(), &ImageGenerationService::generationRetrying);
    f.service->start();
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    QVERIFY(failed.wait(5000));
    QCOMPARE(retrying.count(), 0);
    QCOMPARE(f.generation(id).attempts, 1);
    QCOMPARE(int(f.generation(id).error.category), category);
    QCOMPARE(f.balance(alice), 1000);
}

void TestImageGenerationService::honoursRetryAfter()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    GenerationError limited = GenerationError::make(Category::RateLimit, QStringLiteral("Slow down."), 429);
    limited.retryAfterMs = 20'000;
    f.provider->script({ScriptedProvider::fail(limited), ScriptedProvider::succeed()});
    QSignalSpy retrying(f.service.get(), &ImageGenerationService::generationRetrying);
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    f.service->start();
    f.service->generateImage(f.request(alice));
    QVERIFY(retrying.wait(5000));
    QCOMPARE(retrying.last().at(2).toLongLong(), 20'000);
    f.clock.advance(19'000);
    QCoreApplication::processEvents();
    QCOMPARE(f.provider->started().size(), 1);
    f.clock.advance(1000);
    QVERIFY(finished.wait(5000));
}

void TestImageGenerationService::failsJobsThatWaitTooLong()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.limits = QueueLimits{1, 1, {}};
    settings.queueTimeoutMs = 60'000;
    EngineFixture f(settings);
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script({ScriptedProvider::hang()});
    const qint64 running = f.service->generateImage(f.request(alice)).id;
    const qint64 waiting = f.service->generateImage(f.request(alice)).id;
    f.service->start();
    QTRY_COMPARE(f.provider->started().size(), 1);
    QSignalSpy failed(f.service.get(), &ImageGenerationService::generationFailed);
    f.clock.advance(59'999);
    QCoreApplication::processEvents();
    QCOMPARE(failed.count(), 0);
    f.clock.advance(1);
    QTRY_COMPARE(failed.count(), 1);
    const Generation expired = f.generation(waiting);
    QCOMPARE(expired.status, GenerationStatus::Failed);
    QCOMPARE(expired.error.category, Category::Timeout);
    QCOMPARE(f.generation(running).status, GenerationStatus::Processing);
    QCOMPARE(f.balance(alice), 1000 - kMediumReservation);
}

void TestImageGenerationService::countsTheWaitFromWhenAProcessCanRunIt()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.queueTimeoutMs = 60'000;
    EngineFixture f(settings);
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    // Queued by a process that only submits (atelier-cli generate), then nothing runs for two minutes.
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    f.clock.advance(120'000);
    f.reopen();
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    f.service->start();
    QVERIFY(finished.wait(5000));
    QCOMPARE(f.generation(id).status, GenerationStatus::Completed);
}

void TestImageGenerationService::retriesByHandAsANewRun()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script(
        {ScriptedProvider::fail(GenerationError::make(Category::ContentPolicy, QStringLiteral("No.")))});
    QSignalSpy failed(f.service.get(), &ImageGenerationService::generationFailed);
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    f.service->start();
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    QVERIFY(failed.wait(5000));
    QCOMPARE(f.balance(alice), 1000);

    // Only failed or cancelled generations can be retried, and only by their owner.
    const qint64 other = f.addProfile(QStringLiteral("other"));
    QCOMPARE(f.service->retryGeneration(id, other).error.category, Category::Permission);

    const auto again = f.service->retryGeneration(id, alice);
    QVERIFY(!again.error.isError());
    QCOMPARE(f.generation(id).run, 2);
    QCOMPARE(f.balance(alice), 1000 - kMediumReservation);
    QVERIFY(finished.wait(5000));
    QCOMPARE(f.generation(id).status, GenerationStatus::Completed);
    QCOMPARE(f.balance(alice), 1000 - kMediumCost);
    // A later run's files never take an earlier run's names.
    QVERIFY2(f.generation(id).resultPaths.first().contains(QStringLiteral("-r2-")),
             qPrintable(f.generation(id).resultPaths.first()));
    QCOMPARE(f.service->retryGeneration(id, alice).error.category, Category::Validation);
}

void TestImageGenerationService::recoversAfterACrash()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 withAttemptsLeft = f.service->generateImage(f.request(alice)).id;
    const qint64 exhausted = f.service->generateImage(f.request(alice)).id;
    // What a process that died mid-job leaves behind.
    QVERIFY(f.store->markStarted(withAttemptsLeft, 1, 1, f.clock.nowMs()));
    QVERIFY(f.store->markStarted(exhausted, 1, 3, f.clock.nowMs()));
    QCOMPARE(f.balance(alice), 1000 - 2 * kMediumReservation);
    // It died after writing the exhausted run's file and before recording it.
    const SavedImages unrecorded = f.library->save(
        GenerationSidecar::of(f.generation(exhausted), QString()),
        {ProviderImage{test::TestPicture::encoded(QSize(8, 8), "png"), QStringLiteral("png")}});
    QVERIFY(QFile::exists(unrecorded.paths.value(0)));

    f.reopen();
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    QSignalSpy failed(f.service.get(), &ImageGenerationService::generationFailed);
    f.service->start();
    QCOMPARE(f.generation(exhausted).status, GenerationStatus::Failed);
    // No generation names that file, and whoever waits for the failed one hears of it (atelier-cli run).
    QVERIFY(!QFile::exists(unrecorded.paths.value(0)));
    QVERIFY(!QFile::exists(ImageLibrary::sidecarPath(unrecorded.paths.value(0))));
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(f.balance(alice), 1000 - kMediumReservation);
    QVERIFY(finished.wait(5000));
    QCOMPARE(f.generation(withAttemptsLeft).status, GenerationStatus::Completed);
    QCOMPARE(f.generation(withAttemptsLeft).attempts, 2);
    QCOMPARE(f.balance(alice), 1000 - kMediumCost);

    // A second start after another restart refunds nothing twice.
    f.reopen();
    f.service->start();
    QCOMPARE(f.balance(alice), 1000 - kMediumCost);
}

void TestImageGenerationService::handsRunningJobsBackOnShutdown()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script({ScriptedProvider::hang()});
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    f.service->start();
    QTRY_COMPARE(f.provider->started().size(), 1);
    f.service->shutdown();
    QCOMPARE(f.provider->cancelled(), QList<qint64>{id});
    const Generation handedBack = f.generation(id);
    QCOMPARE(handedBack.status, GenerationStatus::Pending);
    QCOMPARE(handedBack.attempts, 0);
    QCOMPARE(f.balance(alice), 1000 - kMediumReservation);
}

// The provider has answered and charged: a shutdown while the images are written keeps them rather than
// handing the job back to be paid for again.
void TestImageGenerationService::finishesASaveUnderWayOnShutdown()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    connect(f.service.get(), &ImageGenerationService::progressChanged, this, [&f](const Progress &progress) {
        if (progress.percent >= 95)
            QMetaObject::invokeMethod(
                f.service.get(), [&f] { f.service->shutdown(); }, Qt::QueuedConnection);
    });
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    f.service->start();
    QTRY_COMPARE(finished.size(), 1);
    const Generation done = f.generation(id);
    QCOMPARE(done.status, GenerationStatus::Completed);
    QCOMPARE(done.attempts, 1);
    QVERIFY(QFile::exists(done.resultPaths.value(0)));
    QCOMPARE(f.balance(alice), 1000 - kMediumCost);
}

void TestImageGenerationService::reportsProgressInSteps()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script({ScriptedProvider::hang()});
    QSignalSpy progress(f.service.get(), &ImageGenerationService::progressChanged);
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    f.service->start();
    QTRY_COMPARE(f.provider->started().size(), 1);
    f.provider->reportStep(id, 1, 3, QStringLiteral("Receiving partial image 1 of 3"));
    const Progress last = progress.last().first().value<Progress>();
    QCOMPARE(last.generationId, id);
    QCOMPARE(last.step, QStringLiteral("Receiving partial image 1 of 3"));
    QCOMPARE(last.percent, 30);
    QVERIFY(!last.estimated);
    QCOMPARE(f.service->getGenerationStatus(id)->step, QStringLiteral("Receiving partial image 1 of 3"));
    // Steps reach the disk (for another process, or the next start) at most once a second, not in the first.
    QCOMPARE(f.store->generation(id)->step, QStringLiteral("Starting"));
    f.clock.advance(1000);
    f.provider->reportStep(id, 2, 3, QStringLiteral("Receiving partial image 2 of 3"));
    QCOMPARE(f.store->generation(id)->step, QStringLiteral("Receiving partial image 2 of 3"));
    f.provider->reportStep(id, 3, 3, QStringLiteral("Receiving partial image 3 of 3"));
    QCOMPARE(f.store->generation(id)->step, QStringLiteral("Receiving partial image 2 of 3"));
    QCOMPARE(progress.last().first().value<Progress>().percent, 90);
}

void TestImageGenerationService::reportsStatsAndQueueStatus()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    f.provider->script({ScriptedProvider::succeed(), ScriptedProvider::fail(GenerationError::make(
                                                         Category::Auth, QStringLiteral("Bad key.")))});
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    QSignalSpy failed(f.service.get(), &ImageGenerationService::generationFailed);
    QSignalSpy stats(f.service.get(), &ImageGenerationService::statsChanged);
    f.service->start();
    f.service->generateImage(f.request(alice));
    GenerationRequest other = f.request(alice, QStringLiteral("a second one"), QStringLiteral("dall-e-2"));
    other.quality.clear();
    QVERIFY(!f.service->generateImage(other).error.isError());
    QTRY_COMPARE(finished.count() + failed.count(), 2);
    QVERIFY(stats.count() >= 2);
    const UserStats s = f.service->getUserStats(alice);
    QCOMPARE(s.total, 2);
    QCOMPARE(s.completed + s.failed, 2);
    QCOMPARE(s.balance, f.balance(alice));
    const QueueStatus queue = f.service->getQueueStatus();
    QCOMPARE(queue.pending, 0);
    QCOMPARE(queue.processing, 0);
}

void TestImageGenerationService::deletesEndedGenerationsOfTheOwner()
{
    EngineFixture f;
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 mallory = f.addProfile(QStringLiteral("mallory"));
    f.provider->script({ScriptedProvider::succeed(), ScriptedProvider::hang()});
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    f.service->start();
    const qint64 done = f.service->generateImage(f.request(alice, QStringLiteral("a quiet harbour"))).id;
    QVERIFY(finished.wait(5000));
    const qint64 running = f.service->generateImage(f.request(alice)).id;
    QTRY_COMPARE(f.provider->hanging(), QList<qint64>{running});
    const QString file = f.generation(done).resultPaths.value(0);
    QVERIFY(QFile::exists(file));
    const qint64 balance = f.balance(alice);
    const int ledgerEntries = f.service->ledgerEntries(alice).size();
    QSignalSpy deleted(f.service.get(), &ImageGenerationService::generationDeleted);
    QSignalSpy stats(f.service.get(), &ImageGenerationService::statsChanged);

    QCOMPARE(f.service->deleteGeneration(done, mallory).category, Category::Permission);
    const GenerationError busy = f.service->deleteGeneration(running, alice);
    QCOMPARE(busy.category, Category::Validation);
    QVERIFY(busy.message.contains(QStringLiteral("Cancel it first")));
    QVERIFY(deleted.isEmpty());
    QVERIFY(QFile::exists(file));

    QVERIFY(!f.service->deleteGeneration(done, alice).isError());
    QCOMPARE(deleted.count(), 1);
    QCOMPARE(deleted.first().at(0).toLongLong(), done);
    QCOMPARE(deleted.first().at(1).toLongLong(), alice);
    QCOMPARE(stats.count(), 1);
    QVERIFY(!QFile::exists(file));
    QVERIFY(!f.service->getGenerationStatus(done));
    HistoryQuery everything;
    everything.limit = 0;
    QCOMPARE(f.service->getUserGenerationHistory(alice, everything).size(), 1);
    QCOMPARE(f.service->countUserGenerationHistory(alice, everything), 1);
    everything.text = QStringLiteral("harbour");
    QCOMPARE(f.service->countUserGenerationHistory(alice, everything), 0);
    QCOMPARE(f.service->getUserStats(alice).completed, 0);
    // The tokens it cost stay spent and its ledger entries stay: they are history.
    QCOMPARE(f.balance(alice), balance);
    QCOMPARE(f.service->ledgerEntries(alice).size(), ledgerEntries);
    QCOMPARE(f.service->deleteGeneration(done, alice).category, Category::Validation);
    QCOMPARE(f.store->events(alice, 1).value(0).kind, QStringLiteral("deleted"));
    // A new generation never takes the deleted one's id.
    f.provider->finishHanging(running);
    QVERIFY(finished.wait(5000));
    QVERIFY(!f.service->deleteGeneration(running, alice).isError());
    QVERIFY(f.service->generateImage(f.request(alice)).id > running);
}

QTEST_GUILESS_MAIN(TestImageGenerationService)
#include "tst_imagegenerationservice.moc"
