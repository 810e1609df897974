#include "cloud/cloudinaryuploader.h"
#include "engine/cloudaccess.h"
#include "engine/cloudsync.h"
#include "enginefixture.h"
#include "filesholding.h"
#include "secrets/memorysecretstore.h"
#include "unavailablesecretstore.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTest>

namespace atelier {

namespace {

using SecretSource = CloudAccess::SecretSource;

const QString Secret = QStringLiteral("kpW3-x9Qz_cloudinary7Secret");
const QString Cloud = QStringLiteral("demo-cloud");
const QString ApiKey = QStringLiteral("614335564976464");
const QString Unavailable = test::UnavailableSecretStore::message();

QProcessEnvironment environmentWith(const QString &variable, const QString &value)
{
    QProcessEnvironment environment;
    environment.insert(variable, value);
    return environment;
}

// Everything one CloudAccess works on: the settings file, a real uploader on a manual clock and the engine's
// cloud sync over a store, all in the fixture's temporary folder.
struct Setup
{
    explicit Setup(SecretStore &store, const QProcessEnvironment &environment = QProcessEnvironment())
        : secrets(store), preferences(settings, environment), access(secrets, preferences, uploader, sync)
    {}

    void setAccount(const QString &cloud = Cloud, const QString &key = ApiKey)
    {
        if (!cloud.isEmpty())
            QCOMPARE(preferences.set(QStringLiteral("cloudinary.cloud-name"), cloud), QString());
        if (!key.isEmpty())
            QCOMPARE(preferences.set(QStringLiteral("cloudinary.api-key"), key), QString());
    }

    // Every file under the temporary folder that holds the text, after the settings were written out.
    QStringList filesHolding(const QString &text)
    {
        settings.sync();
        return test::filesHolding(f.dir.path(), text.toUtf8());
    }

    test::EngineFixture f;
    QSettings settings{f.dir.filePath(QStringLiteral("atelier.conf")), QSettings::IniFormat};
    SecretStore &secrets;
    CloudinaryPreferences preferences;
    CloudinaryUploader uploader{f.clock, CloudinarySettings{}};
    CloudSync sync{*f.store, uploader, f.clock, RetryPolicy(f.settings.retry)};
    CloudAccess access;
};

// What the store holds under the secret's name, once it has answered.
SecretStore::Result stored(SecretStore &secrets)
{
    QSignalSpy spy(&secrets, &SecretStore::readFinished);
    secrets.read(CloudAccess::secretName());
    if (!spy.wait())
        return {SecretStore::Status::Failed, {}, QStringLiteral("no answer")};
    return spy.at(0).at(1).value<SecretStore::Result>();
}

void put(SecretStore &secrets, const QString &secret)
{
    QSignalSpy spy(&secrets, &SecretStore::writeFinished);
    secrets.write(CloudAccess::secretName(), secret);
    QVERIFY(spy.wait());
}

// Delivers every answer a store has already posted: a call that was made has answered afterwards.
void deliverPostedAnswers()
{
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

} // namespace

class CloudAccessTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharesTheKeychainEntryWithTheCli();
    void loadsTheSecretFromTheKeychain();
    void readyOnlyWithTheWholeAccount_data();
    void readyOnlyWithTheWholeAccount();
    void newResultsAreUploadedOnlyWhenSwitchedOn();
    void preferencesReachTheUploaderWithTheSecret();
    void environmentSecretWinsWithoutAskingTheKeychain();
    void refusesWhatIsNotShapedLikeASecret_data();
    void refusesWhatIsNotShapedLikeASecret();
    void savesTheSecretInTheKeychainOnly();
    void keepsTheSecretForTheSessionWithoutAKeychain();
    void missingSettingsAreNamedBeforeTheKeychainsTrouble();
    void forgetsTheSecret();
    void forgettingKeepsTheEnvironmentSecret();
};

void CloudAccessTest::sharesTheKeychainEntryWithTheCli()
{
    // `atelier-cli key set cloudinary` writes what the window reads: the entry must not drift.
    QCOMPARE(CloudAccess::secretName(), QStringLiteral("cloudinary-api-secret"));
}

void CloudAccessTest::loadsTheSecretFromTheKeychain()
{
    MemorySecretStore secrets;
    put(secrets, Secret);
    Setup setup(secrets);
    setup.setAccount();
    QSignalSpy changed(&setup.access, &CloudAccess::changed);
    setup.access.load();
    QVERIFY(setup.access.isBusy());
    QVERIFY(!setup.access.hasSecret());
    QVERIFY(!setup.sync.isReady());
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.secretSource(), SecretSource::Keychain);
    QVERIFY(setup.access.problem().isEmpty());
    QVERIFY2(setup.access.accountProblem().isEmpty(), qPrintable(setup.access.accountProblem()));
    const CloudinarySettings settings = setup.uploader.settings();
    QCOMPARE(settings.apiSecret, Secret);
    QCOMPARE(settings.cloudName, Cloud);
    QCOMPARE(settings.apiKey, ApiKey);
    QCOMPARE(settings.folder, QStringLiteral("atelier"));
    QVERIFY(setup.sync.isReady());
    // Uploads are off until switched on.
    QVERIFY(!setup.sync.uploadsNewResults());
    QVERIFY(changed.size() >= 2);
}

void CloudAccessTest::readyOnlyWithTheWholeAccount_data()
{
    QTest::addColumn<QString>("cloud");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("problem");

    QTest::newRow("no cloud name") << QString() << ApiKey << Secret << "cloud name";
    QTest::newRow("no API key") << Cloud << QString() << Secret << "API key";
    QTest::newRow("no secret") << Cloud << ApiKey << QString() << "API secret";
    QTest::newRow("nothing") << QString() << QString() << QString() << "cloud name";
    QTest::newRow("everything") << Cloud << ApiKey << Secret << QString();
}

void CloudAccessTest::readyOnlyWithTheWholeAccount()
{
    QFETCH(QString, cloud);
    QFETCH(QString, key);
    QFETCH(QString, secret);
    QFETCH(QString, problem);
    MemorySecretStore secrets;
    if (!secret.isEmpty())
        put(secrets, secret);
    Setup setup(secrets);
    setup.setAccount(cloud, key);
    QCOMPARE(setup.preferences.set(QStringLiteral("cloudinary.upload"), QStringLiteral("on")), QString());
    setup.access.load();
    QTRY_VERIFY(!setup.access.isBusy());

    QCOMPARE(setup.sync.isReady(), problem.isEmpty());
    // Switched on, but nothing goes out without a whole account.
    QCOMPARE(setup.sync.uploadsNewResults(), problem.isEmpty());
    const QString accountProblem = setup.access.accountProblem();
    if (problem.isEmpty())
        QVERIFY2(accountProblem.isEmpty(), qPrintable(accountProblem));
    else
        QVERIFY2(accountProblem.contains(problem), qPrintable(accountProblem));
    QCOMPARE(setup.uploader.settings().apiSecret, secret);
}

void CloudAccessTest::newResultsAreUploadedOnlyWhenSwitchedOn()
{
    MemorySecretStore secrets;
    put(secrets, Secret);
    Setup setup(secrets);
    setup.setAccount();
    setup.access.load();
    QTRY_VERIFY(!setup.access.isBusy());
    QVERIFY(setup.sync.isReady());
    QVERIFY(!setup.sync.uploadsNewResults());

    QSignalSpy changed(&setup.access, &CloudAccess::changed);
    QCOMPARE(setup.preferences.set(QStringLiteral("cloudinary.upload"), QStringLiteral("on")), QString());
    // A saved setting reaches the engine when the preferences are applied, not before.
    QVERIFY(!setup.sync.uploadsNewResults());
    setup.access.applyPreferences();
    QCOMPARE(changed.size(), 1);
    QVERIFY(setup.sync.uploadsNewResults());

    QCOMPARE(setup.preferences.set(QStringLiteral("cloudinary.upload"), QStringLiteral("off")), QString());
    setup.access.applyPreferences();
    QVERIFY(!setup.sync.uploadsNewResults());
    // Switching uploads off does not take the account away: `upload ID` still works.
    QVERIFY(setup.sync.isReady());
}

void CloudAccessTest::preferencesReachTheUploaderWithTheSecret()
{
    MemorySecretStore secrets;
    put(secrets, Secret);
    Setup setup(secrets);
    setup.setAccount();
    setup.access.load();
    QTRY_COMPARE(setup.access.secretSource(), SecretSource::Keychain);
    QCOMPARE(setup.preferences.set(QStringLiteral("cloudinary.folder"), QStringLiteral("renders")),
             QString());
    QCOMPARE(setup.preferences.set(QStringLiteral("cloudinary.signature"), QStringLiteral("sha256")),
             QString());
    QCOMPARE(setup.preferences.set(QStringLiteral("cloudinary.upload-prefix"),
                                   QStringLiteral("http://127.0.0.1:9")),
             QString());
    setup.access.applyPreferences();
    const CloudinarySettings settings = setup.uploader.settings();
    QCOMPARE(settings.folder, QStringLiteral("renders"));
    QCOMPARE(settings.algorithm, CloudinarySignature::Algorithm::Sha256);
    QCOMPARE(settings.baseUrl, QUrl(QStringLiteral("http://127.0.0.1:9")));
    QCOMPARE(settings.apiSecret, Secret);
    QVERIFY(setup.sync.isReady());
    QCOMPARE(setup.filesHolding(Secret), QStringList());
}

void CloudAccessTest::environmentSecretWinsWithoutAskingTheKeychain()
{
    MemorySecretStore secrets;
    put(secrets, Secret);
    Setup setup(secrets,
                environmentWith(QStringLiteral("CLOUDINARY_URL"),
                                QStringLiteral("cloudinary://222222222222222:env-secret-5678@env-cloud")));
    QSignalSpy reads(&secrets, &SecretStore::readFinished);
    setup.access.load();
    // Taken at once: there is nothing to wait for.
    QVERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.secretSource(), SecretSource::Environment);
    const CloudinarySettings settings = setup.uploader.settings();
    QCOMPARE(settings.apiSecret, QStringLiteral("env-secret-5678"));
    QCOMPARE(settings.cloudName, QStringLiteral("env-cloud"));
    QCOMPARE(settings.apiKey, QStringLiteral("222222222222222"));
    QVERIFY(setup.sync.isReady());
    deliverPostedAnswers();
    QCOMPARE(reads.size(), 0);
    QCOMPARE(setup.uploader.settings().apiSecret, QStringLiteral("env-secret-5678"));
    QCOMPARE(setup.filesHolding(QStringLiteral("env-secret-5678")), QStringList());
}

void CloudAccessTest::refusesWhatIsNotShapedLikeASecret_data()
{
    QTest::addColumn<QString>("secret");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << QStringLiteral("   ");
    QTest::newRow("two words") << QStringLiteral("abcd1234 efgh5678");
    QTest::newRow("a pasted line with a tab") << QStringLiteral("secret:\tabcd1234efgh");
    QTest::newRow("two lines") << QStringLiteral("abcd1234\nefgh5678");
    QTest::newRow("too short") << QStringLiteral("abc");
}

void CloudAccessTest::refusesWhatIsNotShapedLikeASecret()
{
    QFETCH(QString, secret);
    MemorySecretStore secrets;
    Setup setup(secrets);
    setup.setAccount();
    QSignalSpy writes(&secrets, &SecretStore::writeFinished);
    const QString problem = setup.access.saveSecret(secret);
    QVERIFY(!problem.isEmpty());
    // The refusal never repeats what was typed.
    QVERIFY(secret.trimmed().isEmpty() || !problem.contains(secret.trimmed()));
    QVERIFY(!setup.access.isBusy());
    deliverPostedAnswers();
    QCOMPARE(writes.size(), 0);
    QVERIFY(!setup.access.hasSecret());
    QVERIFY(!setup.sync.isReady());
    QCOMPARE(stored(secrets).status, SecretStore::Status::NotFound);
}

void CloudAccessTest::savesTheSecretInTheKeychainOnly()
{
    MemorySecretStore secrets;
    Setup setup(secrets);
    setup.setAccount();
    setup.access.load();
    QTRY_VERIFY(!setup.access.isBusy());
    QVERIFY(!setup.sync.isReady());
    QVERIFY(setup.access.saveSecret(QStringLiteral("  ") + Secret + QStringLiteral("\n")).isEmpty());
    QVERIFY(setup.access.isBusy());
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.secretSource(), SecretSource::Keychain);
    QCOMPARE(setup.uploader.settings().apiSecret, Secret);
    QVERIFY(setup.sync.isReady());
    QCOMPARE(stored(secrets).secret, Secret);
    QCOMPARE(setup.filesHolding(Secret), QStringList());
}

void CloudAccessTest::keepsTheSecretForTheSessionWithoutAKeychain()
{
    test::UnavailableSecretStore secrets;
    Setup setup(secrets);
    setup.setAccount();
    setup.access.load();
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.secretSource(), SecretSource::None);
    QCOMPARE(setup.access.problem(), Unavailable);
    // Why the account cannot be used says that the keychain did not answer, not only that a secret is
    // missing.
    QCOMPARE(setup.access.accountProblem(), Unavailable);
    QVERIFY(!setup.sync.isReady());

    QVERIFY(setup.access.saveSecret(Secret).isEmpty());
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.secretSource(), SecretSource::Session);
    QVERIFY(setup.access.hasSecret());
    QCOMPARE(setup.access.problem(), Unavailable);
    QVERIFY(!setup.access.problem().contains(Secret));
    QCOMPARE(setup.uploader.settings().apiSecret, Secret);
    QVERIFY(setup.sync.isReady());
    QVERIFY2(setup.access.accountProblem().isEmpty(), qPrintable(setup.access.accountProblem()));
    // Never a file instead.
    QCOMPARE(setup.filesHolding(Secret), QStringList());
}

void CloudAccessTest::missingSettingsAreNamedBeforeTheKeychainsTrouble()
{
    // Saving a secret would not help yet: say first what the settings lack.
    test::UnavailableSecretStore secrets;
    Setup setup(secrets);
    setup.setAccount(QString(), ApiKey);
    setup.access.load();
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.problem(), Unavailable);
    QVERIFY2(setup.access.accountProblem().contains(QStringLiteral("cloud name")),
             qPrintable(setup.access.accountProblem()));
    setup.setAccount(Cloud, QString());
    QCOMPARE(setup.access.accountProblem(), Unavailable);
}

void CloudAccessTest::forgetsTheSecret()
{
    MemorySecretStore secrets;
    Setup setup(secrets);
    setup.setAccount();
    QCOMPARE(setup.preferences.set(QStringLiteral("cloudinary.upload"), QStringLiteral("on")), QString());
    QVERIFY(setup.access.saveSecret(Secret).isEmpty());
    QTRY_COMPARE(setup.access.secretSource(), SecretSource::Keychain);
    QVERIFY(setup.sync.uploadsNewResults());

    QSignalSpy removed(&secrets, &SecretStore::removeFinished);
    setup.access.forgetSecret();
    // Gone from the uploader and the engine at once, before the keychain answers.
    QVERIFY(!setup.access.hasSecret());
    QVERIFY(setup.uploader.settings().apiSecret.isEmpty());
    QVERIFY(!setup.sync.isReady());
    QVERIFY(!setup.sync.uploadsNewResults());
    QVERIFY(removed.wait());
    QTRY_VERIFY(!setup.access.isBusy());
    QVERIFY(setup.access.problem().isEmpty());
    QCOMPARE(stored(secrets).status, SecretStore::Status::NotFound);
    QCOMPARE(setup.filesHolding(Secret), QStringList());
}

void CloudAccessTest::forgettingKeepsTheEnvironmentSecret()
{
    MemorySecretStore secrets;
    Setup setup(secrets,
                environmentWith(QStringLiteral("CLOUDINARY_URL"),
                                QStringLiteral("cloudinary://222222222222222:env-secret-5678@env-cloud")));
    setup.access.load();
    setup.access.forgetSecret();
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.secretSource(), SecretSource::Environment);
    QCOMPARE(setup.uploader.settings().apiSecret, QStringLiteral("env-secret-5678"));
    QVERIFY(setup.sync.isReady());
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::CloudAccessTest)
#include "tst_cloudaccess.moc"
