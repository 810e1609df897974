#include "enginefixture.h"
#include "storage/migrations.h"
#include "writelock.h"

#include <QDirIterator>
#include <QFile>
#include <QMutex>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <future>
#include <thread>

using namespace atelier;
using namespace atelier::test;
using Category = GenerationError::Category;

namespace {

// What the window waits at most for another process in these tests.
constexpr int kShortBusyTimeoutMs = 20;

// Collects the store's warnings that a write gave up on a busy database, from its construction on: proof
// that a given write was tried and refused, without waiting for a time that might not be enough.
class BusyWarnings
{
public:
    BusyWarnings()
    {
        const QMutexLocker lock(&s_mutex);
        s_messages.clear();
        s_previous = qInstallMessageHandler(&BusyWarnings::handle);
    }
    ~BusyWarnings() { qInstallMessageHandler(s_previous); }
    Q_DISABLE_COPY_MOVE(BusyWarnings)

    // How many refusals named `write` ("as completed", "Could not start generation").
    static int count(const QString &write)
    {
        const QMutexLocker lock(&s_mutex);
        return int(std::count_if(s_messages.cbegin(), s_messages.cend(),
                                 [&write](const QString &message) { return message.contains(write); }));
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (qstrcmp(context.category, "atelier.storage") == 0 &&
            message.contains(QLatin1String("another Atelier process"))) {
            const QMutexLocker lock(&s_mutex);
            s_messages.append(message);
        }
        s_previous(type, context, message);
    }

    static inline QtMessageHandler s_previous = nullptr;
    static inline QMutex s_mutex;
    static inline QStringList s_messages;
};

EngineSettings windowSettings()
{
    EngineSettings settings = EngineFixture::defaultSettings();
    settings.busyTimeoutMs = kShortBusyTimeoutMs;
    return settings;
}

// Starts the engine with one job of the profile that its provider holds until told; the job's id once it
// runs, 0 when it did not start.
qint64 startHangingJob(EngineFixture &f, qint64 profileId)
{
    f.provider->script({ScriptedProvider::hang()});
    QSignalSpy started(f.service.get(), &ImageGenerationService::generationStarted);
    f.service->start();
    const qint64 id = f.service->generateImage(f.request(profileId)).id;
    return started.wait(5000) ? id : 0;
}

QString databasePath(const EngineFixture &f)
{
    return f.store->path();
}

} // namespace

// The window's thread never waits long for another process that holds the database: a person's action is
// refused with words that say why and changes nothing, and the engine's own writes are tried again until they
// land, with nothing lost and nothing charged twice.
class TestBusyDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saysTheDatabaseIsBusyAndRetryable();
    void opensACurrentDatabaseWithoutTheWriteLock();
    void refusesActionsWhileBusyAndChangesNothing();
    void claimsWaitForTheDatabase();
    void recordsACompletionOnceTheDatabaseIsFree();
    void recordsAFailureOnceTheDatabaseIsFree();
    void recordsARetryOnceTheDatabaseIsFree();
    void aJobLostWhileItsEndWaitsLeavesNoFiles();
    void shutdownWaitsLongerRatherThanLoseAResult();
};

void TestBusyDatabase::saysTheDatabaseIsBusyAndRetryable()
{
    EngineFixture f(windowSettings());
    QCOMPARE(f.store->busyTimeout(), kShortBusyTimeoutMs);
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    WriteLock lock(databasePath(f));
    QVERIFY(lock.isHeld());

    GenerationError error;
    QVERIFY(!f.store->topUp(alice, 10, QStringLiteral("gift"), f.clock.nowMs(), &error));
    QCOMPARE(error.category, Category::Storage);
    QVERIFY(error.retryable);
    QVERIFY2(
        error.message.contains(QLatin1String("another Atelier process is writing to the same data folder")),
        qPrintable(error.message));
    // The message says what to do; the hint for a full disk would mislead.
    QVERIFY(suggestedAction(error).isEmpty());
    QVERIFY(
        !suggestedAction(GenerationError::make(Category::Storage, QStringLiteral("disk full"))).isEmpty());
    lock.release();
    QCOMPARE(f.balance(alice), 1000);
    QVERIFY(f.store->topUp(alice, 10, QStringLiteral("gift"), f.clock.nowMs(), &error));
    QCOMPARE(f.balance(alice), 1010);
}

void TestBusyDatabase::opensACurrentDatabaseWithoutTheWriteLock()
{
    EngineFixture f(windowSettings());
    WriteLock lock(databasePath(f));
    QVERIFY(lock.isHeld());
    // Another window or atelier-cli starting while this one writes: nothing to migrate, nothing to wait for.
    Store second;
    const GenerationError opened = second.open(databasePath(f));
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
    QCOMPARE(second.schemaVersion(), Migrations::latestVersion());
}

void TestBusyDatabase::refusesActionsWhileBusyAndChangesNothing()
{
    EngineFixture f(windowSettings());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 waiting = f.service->generateImage(f.request(alice)).id; // not started: it stays pending
    const qint64 balance = f.balance(alice);
    QSignalSpy queued(f.service.get(), &ImageGenerationService::generationQueued);
    QSignalSpy cancelled(f.service.get(), &ImageGenerationService::generationCancelled);
    WriteLock lock(databasePath(f));
    QVERIFY(lock.isHeld());

    const ImageGenerationService::Submission refused = f.service->generateImage(f.request(alice));
    QCOMPARE(refused.id, 0);
    QCOMPARE(refused.error.category, Category::Storage);
    QVERIFY(refused.error.retryable);
    const GenerationError notCancelled = f.service->cancelGeneration(waiting, alice);
    QVERIFY(notCancelled.retryable);
    QVERIFY(f.service->moveGeneration(waiting, alice, QueuePlace::Top).isError());
    GenerationError cancelAll;
    QCOMPARE(f.service->cancelAllPending(alice, &cancelAll), 0);
    QVERIFY(cancelAll.retryable);

    QCOMPARE(queued.size(), 0);
    QCOMPARE(cancelled.size(), 0);
    QCOMPARE(f.balance(alice), balance);
    QCOMPARE(f.store->pendingIds(), QList<qint64>{waiting});
    QCOMPARE(f.service->queuePosition(waiting), 1);

    lock.release();
    QVERIFY(!f.service->cancelGeneration(waiting, alice).isError());
    QCOMPARE(f.generation(waiting).status, GenerationStatus::Cancelled);
    QCOMPARE(f.balance(alice), 1000);
}

void TestBusyDatabase::claimsWaitForTheDatabase()
{
    EngineFixture f(windowSettings());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 id = f.service->generateImage(f.request(alice)).id;
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    BusyWarnings refusals;
    auto lock = std::make_unique<WriteLock>(databasePath(f));
    QVERIFY(lock->isHeld());

    f.service->start();
    // Refused, and tried again.
    QTRY_VERIFY(BusyWarnings::count(QStringLiteral("Could not start generation %1").arg(id)) > 1);
    QCOMPARE(f.provider->started().size(), 0);
    QCOMPARE(f.generation(id).status, GenerationStatus::Pending);

    lock.reset();
    QVERIFY(finished.wait(5000)); // claimed on the next try, without anything else happening
    QCOMPARE(f.generation(id).attempts, 1);
    QCOMPARE(f.provider->started().size(), 1);
}

void TestBusyDatabase::recordsACompletionOnceTheDatabaseIsFree()
{
    EngineFixture f(windowSettings());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    QSignalSpy finished(f.service.get(), &ImageGenerationService::generationFinished);
    const qint64 id = startHangingJob(f, alice);
    QVERIFY(id > 0);
    BusyWarnings refusals;
    auto lock = std::make_unique<WriteLock>(databasePath(f));
    QVERIFY(lock->isHeld());

    f.provider->finishHanging(id);
    // The images are saved, the write that records them refused, and tried again.
    QTRY_VERIFY(BusyWarnings::count(QStringLiteral("as completed")) > 1);
    QCOMPARE(finished.size(), 0);
    QCOMPARE(f.generation(id).status, GenerationStatus::Processing);
    QVERIFY(f.service->runsHere(id));

    lock.reset();
    QVERIFY(finished.wait(5000));
    const Generation done = f.generation(id);
    QCOMPARE(done.status, GenerationStatus::Completed);
    QCOMPARE(done.attempts, 1);
    QVERIFY(QFile::exists(done.resultPaths.value(0)));
    QCOMPARE(f.balance(alice), 1000 - done.tokensCharged);
    QCOMPARE(f.provider->started().size(), 1); // paid once, run once
    QTRY_COMPARE(finished.size(), 1);
}

void TestBusyDatabase::recordsAFailureOnceTheDatabaseIsFree()
{
    EngineFixture f(windowSettings());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    QSignalSpy failed(f.service.get(), &ImageGenerationService::generationFailed);
    const qint64 id = startHangingJob(f, alice);
    QVERIFY(id > 0);
    BusyWarnings refusals;
    auto lock = std::make_unique<WriteLock>(databasePath(f));
    QVERIFY(lock->isHeld());

    f.provider->failHanging(
        id, GenerationError::make(Category::ContentPolicy, QStringLiteral("The prompt was refused.")));
    QTRY_VERIFY(BusyWarnings::count(QStringLiteral("as failed")) > 1);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(f.generation(id).status, GenerationStatus::Processing);

    lock.reset();
    QVERIFY(failed.wait(5000));
    const Generation done = f.generation(id);
    QCOMPARE(done.status, GenerationStatus::Failed);
    QCOMPARE(done.error.category, Category::ContentPolicy);
    QCOMPARE(f.balance(alice), 1000); // refunded once
    QCOMPARE(f.provider->started().size(), 1);
}

void TestBusyDatabase::recordsARetryOnceTheDatabaseIsFree()
{
    EngineFixture f(windowSettings());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    QSignalSpy retrying(f.service.get(), &ImageGenerationService::generationRetrying);
    const qint64 id = startHangingJob(f, alice);
    QVERIFY(id > 0);
    BusyWarnings refusals;
    auto lock = std::make_unique<WriteLock>(databasePath(f));
    QVERIFY(lock->isHeld());

    GenerationError limited = GenerationError::make(Category::RateLimit, QStringLiteral("Slow down."), 429);
    limited.retryAfterMs = 2000;
    f.provider->failHanging(id, limited);
    QTRY_VERIFY(BusyWarnings::count(QStringLiteral("as retry_scheduled")) > 1);
    QCOMPARE(retrying.size(), 0);

    lock.reset();
    QVERIFY(retrying.wait(5000));
    // What it retries after, told whole once the store took it.
    const GenerationError said = retrying.first().at(3).value<GenerationError>();
    QCOMPARE(said.category, Category::RateLimit);
    QCOMPARE(said.retryAfterMs, std::optional<qint64>(2000));
    QCOMPARE(retrying.first().at(2).toLongLong(), 2000);
    const Generation waiting = f.generation(id);
    QCOMPARE(waiting.status, GenerationStatus::Pending);
    QCOMPARE(waiting.error.category, Category::RateLimit);
    QCOMPARE(f.balance(alice), 1000 - waiting.tokensReserved); // still reserved, nothing charged
}

void TestBusyDatabase::aJobLostWhileItsEndWaitsLeavesNoFiles()
{
    EngineFixture f(windowSettings());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    QSignalSpy cancelled(f.service.get(), &ImageGenerationService::generationCancelled);
    const qint64 id = startHangingJob(f, alice);
    QVERIFY(id > 0);
    BusyWarnings refusals;
    auto lock = std::make_unique<WriteLock>(databasePath(f));
    QVERIFY(lock->isHeld());
    f.provider->finishHanging(id);
    QTRY_VERIFY(BusyWarnings::count(QStringLiteral("as completed")) > 0);
    lock.reset();

    // Cancelled by hand before the next try: the saved files go, the tokens come back.
    QVERIFY(!f.service->cancelGeneration(id, alice).isError());
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(f.generation(id).status, GenerationStatus::Cancelled);
    QCOMPARE(f.balance(alice), 1000);
    QDirIterator files(f.library->root(), QDir::Files, QDirIterator::Subdirectories);
    QVERIFY2(!files.hasNext(), qPrintable(files.hasNext() ? files.next() : QString()));
    QVERIFY(!f.service->runsHere(id));
}

void TestBusyDatabase::shutdownWaitsLongerRatherThanLoseAResult()
{
    EngineFixture f(windowSettings());
    const qint64 alice = f.addProfile(QStringLiteral("alice"));
    const qint64 id = startHangingJob(f, alice);
    QVERIFY(id > 0);

    // The other process commits a moment after the shutdown began: far longer than the window's own wait.
    // It is a thread of its own, not one of the pool that saves the images.
    std::promise<bool> locked;
    std::promise<void> shuttingDown;
    const QString path = databasePath(f);
    std::thread other([&locked, shutdown = shuttingDown.get_future(), path] {
        WriteLock lock(path);
        locked.set_value(lock.isHeld());
        shutdown.wait();
        QThread::msleep(10 * kShortBusyTimeoutMs); // holds the lock through several of the window's waits
    });
    QVERIFY(locked.get_future().get());
    BusyWarnings refusals;
    f.provider->finishHanging(id);
    QTRY_VERIFY(BusyWarnings::count(QStringLiteral("as completed")) > 1); // saved, its record refused

    shuttingDown.set_value();
    f.service->shutdown();
    other.join();
    const Generation done = f.generation(id);
    QCOMPARE(done.status, GenerationStatus::Completed);
    QVERIFY(QFile::exists(done.resultPaths.value(0)));
    QCOMPARE(f.balance(alice), 1000 - done.tokensCharged);
    QCOMPARE(f.store->busyTimeout(), kShortBusyTimeoutMs); // the window's wait again afterwards
}

QTEST_MAIN(TestBusyDatabase)
#include "tst_busydatabase.moc"
