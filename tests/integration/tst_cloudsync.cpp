#include "cloud/cloudinaryuploader.h"
#include "engine/cloudsync.h"
#include "enginefixture.h"
#include "fakecloudinaryserver.h"
#include "writelock.h"

#include <QCoreApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

namespace atelier {

using test::EngineFixture;
using test::FakeCloudinaryServer;
using test::ScriptedProvider;
using Fault = FakeCloudinaryServer::Fault;
using State = CloudCopy::State;

namespace {

const QString Cloud = QStringLiteral("demo-cloud");
const QString ApiKey = QStringLiteral("614335564976464");
const QString Secret = QStringLiteral("test-secret-for-the-fake");

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// An engine whose results go to the fake Cloudinary: the uploader and the sync are built over the fixture's
// store and clock, and again after a restart.
struct CloudEngine
{
    CloudEngine()
    {
        QVERIFY(server.listen());
        server.setClock(&f.clock);
        profile = f.addProfile(QStringLiteral("ada"));
        attach();
    }

    void attach()
    {
        CloudinarySettings settings;
        settings.cloudName = Cloud;
        settings.apiKey = ApiKey;
        settings.apiSecret = Secret;
        settings.folder = QStringLiteral("atelier");
        settings.baseUrl = server.baseUrl();
        settings.transferTimeoutMs = 2000;
        uploader = std::make_unique<CloudinaryUploader>(f.clock, settings);
        RetryPolicy::Settings retry = f.settings.retry;
        retry.baseDelayMs = 5; // a retry follows at once; the count of attempts is what is checked
        sync = std::make_unique<CloudSync>(*f.store, *uploader, f.clock, RetryPolicy(retry));
        sync->setTags({QStringLiteral("ai-generated"), QStringLiteral("{model}")});
        sync->setAccount(true, true);
        f.service->setCloudSync(sync.get());
    }

    void restart()
    {
        sync.reset();
        uploader.reset();
        f.reopen();
        attach();
    }

    // Starts the engine and a generation whose upload the fake takes and never answers; its id once the
    // request is on the wire, 0 when it did not get there.
    qint64 submitWithStalledUpload()
    {
        server.failNext(1, Fault::Stall);
        QSignalSpy received(&server, &FakeCloudinaryServer::requestReceived);
        f.service->start();
        const qint64 id = submit();
        return received.wait() ? id : 0;
    }

    qint64 submit()
    {
        const auto submission = f.service->generateImage(f.request(profile));
        return submission.id;
    }

    EngineFixture f;
    FakeCloudinaryServer server{Cloud, ApiKey, Secret};
    std::unique_ptr<CloudinaryUploader> uploader;
    std::unique_ptr<CloudSync> sync;
    qint64 profile = 0;
};

int uploadsIn(const FakeCloudinaryServer &server)
{
    int count = 0;
    for (const auto &request : server.requests())
        count += request.path.endsWith("/image/upload") ? 1 : 0;
    return count;
}

} // namespace

class CloudSyncTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resultIsUploadedBeforeItIsAnnounced()
    {
        CloudEngine e;
        QSignalSpy finished(e.f.service.get(), &ImageGenerationService::generationFinished);
        QSignalSpy progress(e.f.service.get(), &ImageGenerationService::progressChanged);
        e.f.service->start();
        const qint64 id = e.submit();
        QVERIFY(finished.wait());
        const Generation done = finished.at(0).at(0).value<Generation>();
        QCOMPARE(done.id, id);
        QCOMPARE(done.status, GenerationStatus::Completed);
        QCOMPARE(done.cloud.state, State::Uploaded);
        QCOMPARE(done.cloud.assets.size(), 1);
        const CloudAsset asset = done.cloud.assets.first();
        // The folder, this data folder's tag, the generation and the file: nothing of the prompt, since the
        // delivery URL is public.
        const QString tag = e.f.store->cloudCopies().storeTag();
        QCOMPARE(tag.size(), 12);
        QCOMPARE(asset.publicId, QStringLiteral("atelier/%1-%2-1").arg(tag).arg(id));
        QVERIFY(!asset.secureUrl.contains(QLatin1String("lighthouse")));
        QVERIFY(asset.secureUrl.startsWith(QStringLiteral("https://res.cloudinary.com/demo-cloud/")));
        QVERIFY(asset.version > 0);
        // The cloud holds the very bytes of the local file.
        QCOMPARE(e.server.stored(asset.publicId), fileBytes(done.resultPaths.first()));
        const auto fields = e.server.requests().constLast().fields;
        QCOMPARE(fields.value(QStringLiteral("tags")), QStringLiteral("ai-generated,gpt-image-1"));
        bool sawUploadStep = false;
        for (const QList<QVariant> &arguments : std::as_const(progress))
            sawUploadStep |=
                arguments.at(0).value<Progress>().step == QLatin1String("Uploading to cloud storage");
        QVERIFY(sawUploadStep);
        QCOMPARE(e.f.store->cloudCopies().pending(), QList<qint64>());
    }

    void anUploadIsRecordedOnceABusyDatabaseIsFree()
    {
        CloudEngine e;
        e.f.store->setBusyTimeout(20); // the window's short wait, shorter still
        QSignalSpy finished(e.f.service.get(), &ImageGenerationService::generationFinished);
        QSignalSpy uploaded(e.uploader.get(), &CloudinaryUploader::uploaded);
        // Another process takes the database while the file is on its way to the cloud.
        std::unique_ptr<test::WriteLock> lock;
        connect(&e.server, &FakeCloudinaryServer::requestReceived, this, [&lock, &e] {
            if (!lock)
                lock = std::make_unique<test::WriteLock>(e.f.store->path());
        });
        e.f.service->start();
        const qint64 id = e.submit();
        QVERIFY(uploaded.wait());
        QVERIFY(lock && lock->isHeld());
        // In the cloud, but the record of it refused: still this process's upload, not announced yet.
        QCOMPARE(e.f.generation(id).cloud.state, State::Pending);
        QVERIFY(e.sync->isUploading(id));
        QCOMPARE(finished.size(), 0);

        lock->release();
        QVERIFY(finished.wait());
        QCOMPARE(finished.first().first().value<Generation>().cloud.state, State::Uploaded);
        QCOMPARE(e.f.generation(id).cloud.assets.size(), 1);
        QCOMPARE(uploadsIn(e.server), 1); // sent once
        QVERIFY(!e.sync->isUploading(id));
    }

    void transientFailuresAreRetried()
    {
        CloudEngine e;
        e.server.failNext(2, Fault::ServerError);
        QSignalSpy finished(e.f.service.get(), &ImageGenerationService::generationFinished);
        e.f.service->start();
        e.submit();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.at(0).at(0).value<Generation>().cloud.state, State::Uploaded);
        QCOMPARE(uploadsIn(e.server), 3);
    }

    void failedUploadKeepsTheImageAndCanBeRetriedAlone()
    {
        CloudEngine e;
        e.server.failNext(1, Fault::Unauthorized); // not transient: no retry
        QSignalSpy finished(e.f.service.get(), &ImageGenerationService::generationFinished);
        e.f.service->start();
        const qint64 id = e.submit();
        QVERIFY(finished.wait());
        const Generation done = finished.at(0).at(0).value<Generation>();
        QCOMPARE(done.status, GenerationStatus::Completed);
        QCOMPARE(done.cloud.state, State::Failed);
        QVERIFY(!done.cloud.error.isEmpty());
        QVERIFY(!done.cloud.error.contains(Secret));
        QVERIFY(QFile::exists(done.resultPaths.first()));
        QCOMPARE(uploadsIn(e.server), 1);
        // The tokens are settled as for any completed generation.
        QCOMPARE(e.f.balance(e.profile), 1000 - done.tokensCharged);

        QSignalSpy changed(e.f.service.get(), &ImageGenerationService::cloudCopyChanged);
        QCOMPARE(e.f.service->uploadGeneration(id, e.profile + 1).category,
                 GenerationError::Category::Permission);
        QVERIFY(!e.f.service->uploadGeneration(id, e.profile).isError());
        QTRY_COMPARE(e.f.generation(id).cloud.state, State::Uploaded);
        QCOMPARE(changed.constLast().at(0).value<Generation>().cloud.state, State::Uploaded);
        QCOMPARE(finished.size(), 1); // announced once
    }

    void uploadCutShortIsResumedOnTheNextStart()
    {
        CloudEngine e;
        const qint64 id = e.submitWithStalledUpload();
        QVERIFY(id);
        QCOMPARE(e.f.generation(id).cloud.state, State::Pending);
        e.restart(); // the process died while the upload was on the wire
        QCOMPARE(e.f.store->cloudCopies().pending(), QList<qint64>{id});
        e.f.service->start();
        QTRY_COMPARE(e.f.generation(id).cloud.state, State::Uploaded);
        QCOMPARE(e.f.generation(id).status, GenerationStatus::Completed);
    }

    void anUploadUnderWayElsewhereIsNotSentTwice()
    {
        CloudEngine e;
        const qint64 id = e.submitWithStalledUpload();
        QVERIFY(id);
        // A second process starts on the same data folder while the first still sends the copy.
        CloudSync second(*e.f.store, *e.uploader, e.f.clock, RetryPolicy(e.f.settings.retry));
        second.setAccount(true, true);
        QSignalSpy ended(&second, &CloudSync::ended);
        second.resume();
        QCOMPARE(ended.size(), 1);
        QVERIFY(!second.isUploading(id));
        QCOMPARE(uploadsIn(e.server), 1);
        QCOMPARE(e.f.generation(id).cloud.state, State::Pending);
    }

    void deletingCanDestroyTheRemoteCopy()
    {
        CloudEngine e;
        QSignalSpy finished(e.f.service.get(), &ImageGenerationService::generationFinished);
        e.f.service->start();
        const qint64 kept = e.submit();
        QVERIFY(finished.wait());
        const qint64 destroyed = e.submit();
        QVERIFY(finished.wait());
        const QString keptId = e.f.generation(kept).cloud.assets.first().publicId;
        const QString destroyedId = e.f.generation(destroyed).cloud.assets.first().publicId;

        QVERIFY(!e.f.service->deleteGeneration(kept, e.profile).isError());
        e.sync->setDeletesRemote(true);
        QVERIFY(!e.f.service->deleteGeneration(destroyed, e.profile).isError());
        QTRY_VERIFY(!e.server.storedIds().contains(destroyedId));
        QVERIFY(e.server.storedIds().contains(keptId));
    }

    void remoteRemovalFailureIsSaid()
    {
        CloudEngine e;
        QSignalSpy finished(e.f.service.get(), &ImageGenerationService::generationFinished);
        e.f.service->start();
        const qint64 id = e.submit();
        QVERIFY(finished.wait());
        e.server.failNext(1, Fault::Unauthorized);
        QSignalSpy failed(e.f.service.get(), &ImageGenerationService::remoteRemovalFailed);
        e.sync->setDeletesRemote(true);
        const QString publicId = e.f.generation(id).cloud.assets.first().publicId;
        QVERIFY(!e.f.service->deleteGeneration(id, e.profile).isError());
        QVERIFY(failed.wait());
        QCOMPARE(failed.at(0).at(0).toLongLong(), id);
        // Not forgotten: the next start destroys it.
        QCOMPARE(e.f.store->cloudCopies().removing().size(), 1);
        e.restart();
        e.sync->setDeletesRemote(true);
        e.f.service->start();
        QTRY_VERIFY(e.f.store->cloudCopies().removing().isEmpty());
        QVERIFY(!e.server.storedIds().contains(publicId));
    }

    void deletingDuringAnUploadDestroysWhatMayHaveArrived()
    {
        CloudEngine e;
        e.sync->setDeletesRemote(true);
        const qint64 id = e.submitWithStalledUpload();
        QVERIFY(id);
        QCOMPARE(e.f.generation(id).cloud.state, State::Pending);
        QVERIFY(!e.f.service->deleteGeneration(id, e.profile).isError());
        // The name the file was being given is destroyed; "not found" counts as gone.
        const QString expected =
            QStringLiteral("atelier/%1-%2-1").arg(e.f.store->cloudCopies().storeTag()).arg(id);
        QTRY_VERIFY(
            std::any_of(e.server.requests().cbegin(), e.server.requests().cend(), [&](const auto &request) {
                return request.path.endsWith("/image/destroy") &&
                       request.fields.value(QStringLiteral("public_id")) == expected;
            }));
        QTRY_VERIFY(e.f.store->cloudCopies().removing().isEmpty());
    }

    void leftoverWorkWaitsForAReadyAccount()
    {
        CloudEngine e;
        const qint64 id = e.submitWithStalledUpload();
        QVERIFY(id);
        e.restart();
        // A process without the secret (no keychain, say) leaves the upload alone rather than failing it.
        e.sync->setAccount(false, true, QStringLiteral("no secret"));
        const qsizetype sent = e.server.requests().size();
        e.f.service->start();
        QCoreApplication::processEvents();
        QCOMPARE(e.server.requests().size(), sent);
        QCOMPARE(e.f.generation(id).cloud.state, State::Pending);
        e.sync->setAccount(true, true);
        QTRY_COMPARE(e.f.generation(id).cloud.state, State::Uploaded);
    }

    void aFailedReuploadKeepsTheCopiesAlreadyThere()
    {
        CloudEngine e;
        QSignalSpy finished(e.f.service.get(), &ImageGenerationService::generationFinished);
        e.f.service->start();
        const qint64 id = e.submit();
        QVERIFY(finished.wait());
        const QList<CloudAsset> before = e.f.generation(id).cloud.assets;
        e.server.failNext(1, Fault::Unauthorized);
        QVERIFY(!e.f.service->uploadGeneration(id, e.profile).isError());
        QTRY_COMPARE(e.f.generation(id).cloud.state, State::Failed);
        QCOMPARE(e.f.generation(id).cloud.assets, before);
    }

    void withoutAnAccountNothingIsUploaded()
    {
        CloudEngine e;
        e.sync->setAccount(false, true);
        QSignalSpy finished(e.f.service.get(), &ImageGenerationService::generationFinished);
        e.f.service->start();
        const qint64 id = e.submit();
        QVERIFY(finished.wait());
        QCOMPARE(finished.at(0).at(0).value<Generation>().cloud.state, State::None);
        QCOMPARE(uploadsIn(e.server), 0);
        const GenerationError refused = e.f.service->uploadGeneration(id, e.profile);
        QCOMPARE(refused.category, GenerationError::Category::Validation);
        QVERIFY(refused.message.contains(QLatin1String("Settings")));
    }
};

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::CloudSyncTest)
#include "tst_cloudsync.moc"
