#include "domain/modelcatalog.h"
#include "engine/openaiaccess.h"
#include "filesholding.h"
#include "providers/openai/openaipreferences.h"
#include "providers/openai/openaiprovider.h"
#include "secrets/memorysecretstore.h"
#include "unavailablesecretstore.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace atelier {

namespace {

using KeySource = OpenAiAccess::KeySource;

const QString Key = QStringLiteral("test-key-3f9a1c07b2d5");
const QString Unavailable = test::UnavailableSecretStore::message();

// Everything one OpenAiAccess works on, over a settings file in a temporary folder.
struct Setup
{
    explicit Setup(SecretStore &store, const QProcessEnvironment &environment = QProcessEnvironment())
        : secrets(store), preferences(settings, environment), access(secrets, preferences, provider)
    {}

    // Every file under the temporary folder that holds the text, after the settings were written out.
    QStringList filesHolding(const QString &text)
    {
        settings.sync();
        return test::filesHolding(dir.path(), text.toUtf8());
    }

    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("atelier.conf")), QSettings::IniFormat};
    SecretStore &secrets;
    ModelCatalog catalog = ModelCatalog::builtIn();
    OpenAiProvider provider{catalog, OpenAiSettings{}};
    OpenAiPreferences preferences;
    OpenAiAccess access;
};

// What the store holds under the key's name, once it has answered.
SecretStore::Result stored(SecretStore &secrets)
{
    QSignalSpy spy(&secrets, &SecretStore::readFinished);
    secrets.read(OpenAiAccess::secretName());
    if (!spy.wait())
        return {SecretStore::Status::Failed, {}, QStringLiteral("no answer")};
    return spy.at(0).at(1).value<SecretStore::Result>();
}

void put(SecretStore &secrets, const QString &key)
{
    QSignalSpy spy(&secrets, &SecretStore::writeFinished);
    secrets.write(OpenAiAccess::secretName(), key);
    QVERIFY(spy.wait());
}

QProcessEnvironment environmentWith(const QString &variable, const QString &value)
{
    QProcessEnvironment environment;
    environment.insert(variable, value);
    return environment;
}

} // namespace

class OpenAiAccessTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharesTheKeychainEntryWithTheCli();
    void loadsTheKeyFromTheKeychain();
    void loadsNothingWhenNoKeyIsSaved();
    void environmentWinsWithoutAskingTheKeychain();
    void unreadableKeychainIsSaidAndReachesTheProvider();
    void savesTheKeyInTheKeychainOnly();
    void refusesWhatIsNotShapedLikeAKey_data();
    void refusesWhatIsNotShapedLikeAKey();
    void keepsTheKeyForTheSessionWhenNoKeychainAnswers();
    void savingUnderTheEnvironmentKeepsUsingIt();
    void forgetsTheKey();
    void forgettingKeepsTheEnvironmentKey();
    void preferencesReachTheProviderWithTheKey();
    void aLateAnswerToAnOlderCallIsIgnored();
};

void OpenAiAccessTest::sharesTheKeychainEntryWithTheCli()
{
    // atelier-cli key set writes what the window reads: the entry must not drift.
    QCOMPARE(OpenAiAccess::keychainService(), QStringLiteral("Atelier"));
    QCOMPARE(OpenAiAccess::secretName(), QStringLiteral("openai-api-key"));
}

void OpenAiAccessTest::loadsTheKeyFromTheKeychain()
{
    MemorySecretStore secrets;
    put(secrets, Key);
    Setup setup(secrets);
    QSignalSpy changed(&setup.access, &OpenAiAccess::changed);
    setup.access.load();
    QVERIFY(setup.access.isBusy());
    QVERIFY(!setup.access.hasKey());
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::Keychain);
    QVERIFY(setup.access.hasKey());
    QVERIFY(setup.access.problem().isEmpty());
    QCOMPARE(setup.provider.settings().apiKey, Key);
    QVERIFY(changed.size() >= 2);
}

void OpenAiAccessTest::loadsNothingWhenNoKeyIsSaved()
{
    MemorySecretStore secrets;
    Setup setup(secrets);
    setup.access.load();
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::None);
    // Not found is no problem: there is simply no key yet.
    QVERIFY(setup.access.problem().isEmpty());
    QVERIFY(setup.provider.settings().apiKey.isEmpty());
    QVERIFY(setup.provider.settings().keyProblem.isEmpty());
}

void OpenAiAccessTest::environmentWinsWithoutAskingTheKeychain()
{
    MemorySecretStore secrets;
    put(secrets, Key);
    Setup setup(secrets,
                environmentWith(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-from-env-123")));
    QSignalSpy reads(&secrets, &SecretStore::readFinished);
    setup.access.load();
    QVERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::Environment);
    QCOMPARE(setup.provider.settings().apiKey, QStringLiteral("sk-from-env-123"));
    QVERIFY(!reads.wait(50));
}

void OpenAiAccessTest::unreadableKeychainIsSaidAndReachesTheProvider()
{
    test::UnavailableSecretStore secrets;
    Setup setup(secrets);
    setup.access.load();
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::None);
    QCOMPARE(setup.access.problem(), Unavailable);
    // A job that needs the key says why there is none.
    QCOMPARE(setup.provider.settings().keyProblem, Unavailable);
    QString whyNot;
    QVERIFY(!setup.provider.isReady(&whyNot));
    QVERIFY(whyNot.contains(Unavailable));
}

void OpenAiAccessTest::savesTheKeyInTheKeychainOnly()
{
    MemorySecretStore secrets;
    Setup setup(secrets);
    setup.access.load();
    QTRY_VERIFY(!setup.access.isBusy());
    QVERIFY(setup.access.saveKey(QStringLiteral("  ") + Key + QStringLiteral("\n")).isEmpty());
    QVERIFY(setup.access.isBusy());
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::Keychain);
    QCOMPARE(setup.provider.settings().apiKey, Key);
    QCOMPARE(stored(secrets).secret, Key);
    QCOMPARE(setup.filesHolding(Key), QStringList());
}

void OpenAiAccessTest::refusesWhatIsNotShapedLikeAKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << QStringLiteral("   ");
    QTest::newRow("too short") << QStringLiteral("sk-1234");
    QTest::newRow("two words") << QStringLiteral("sk-abcd efgh-1234");
    QTest::newRow("control character") << QStringLiteral("sk-abcd\x01") + QStringLiteral("efgh");
    QTest::newRow("too long") << QString(1025, QLatin1Char('k'));
}

void OpenAiAccessTest::refusesWhatIsNotShapedLikeAKey()
{
    QFETCH(QString, key);
    MemorySecretStore secrets;
    Setup setup(secrets);
    QSignalSpy writes(&secrets, &SecretStore::writeFinished);
    const QString problem = setup.access.saveKey(key);
    QVERIFY(!problem.isEmpty());
    QVERIFY(key.trimmed().isEmpty() || !problem.contains(key.trimmed()));
    QVERIFY(!setup.access.isBusy());
    QVERIFY(!writes.wait(50));
    QCOMPARE(setup.access.keySource(), KeySource::None);
}

void OpenAiAccessTest::keepsTheKeyForTheSessionWhenNoKeychainAnswers()
{
    test::UnavailableSecretStore secrets;
    Setup setup(secrets);
    QVERIFY(setup.access.saveKey(Key).isEmpty());
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::Session);
    QVERIFY(setup.access.hasKey());
    QCOMPARE(setup.access.problem(), Unavailable);
    QCOMPARE(setup.provider.settings().apiKey, Key);
    QVERIFY(setup.provider.isReady(nullptr));
    // Never a file instead.
    QCOMPARE(setup.filesHolding(Key), QStringList());
}

void OpenAiAccessTest::savingUnderTheEnvironmentKeepsUsingIt()
{
    MemorySecretStore secrets;
    Setup setup(secrets,
                environmentWith(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-from-env-123")));
    setup.access.load();
    QVERIFY(setup.access.saveKey(Key).isEmpty());
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::Environment);
    QCOMPARE(setup.provider.settings().apiKey, QStringLiteral("sk-from-env-123"));
    // Saved for the day the variable is gone.
    QCOMPARE(stored(secrets).secret, Key);
}

void OpenAiAccessTest::forgetsTheKey()
{
    MemorySecretStore secrets;
    Setup setup(secrets);
    QVERIFY(setup.access.saveKey(Key).isEmpty());
    QTRY_COMPARE(setup.access.keySource(), KeySource::Keychain);
    QSignalSpy removed(&secrets, &SecretStore::removeFinished);
    setup.access.forgetKey();
    // Gone from the provider at once, before the keychain answers.
    QVERIFY(!setup.access.hasKey());
    QVERIFY(setup.provider.settings().apiKey.isEmpty());
    QVERIFY(removed.wait());
    QTRY_VERIFY(!setup.access.isBusy());
    QVERIFY(setup.access.problem().isEmpty());
    QCOMPARE(stored(secrets).status, SecretStore::Status::NotFound);
}

void OpenAiAccessTest::forgettingKeepsTheEnvironmentKey()
{
    MemorySecretStore secrets;
    Setup setup(secrets,
                environmentWith(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-from-env-123")));
    setup.access.load();
    setup.access.forgetKey();
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::Environment);
    QCOMPARE(setup.provider.settings().apiKey, QStringLiteral("sk-from-env-123"));
}

void OpenAiAccessTest::preferencesReachTheProviderWithTheKey()
{
    MemorySecretStore secrets;
    put(secrets, Key);
    Setup setup(secrets);
    setup.access.load();
    QTRY_COMPARE(setup.access.keySource(), KeySource::Keychain);
    QVERIFY(setup.preferences
                .set(QStringLiteral("openai.base-url"), QStringLiteral("https://proxy.example.com/v1"))
                .isEmpty());
    QVERIFY(setup.preferences.set(QStringLiteral("openai.timeout"), QStringLiteral("120")).isEmpty());
    QSignalSpy changed(&setup.access, &OpenAiAccess::changed);
    setup.access.applyPreferences();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(setup.provider.settings().baseUrl, QUrl(QStringLiteral("https://proxy.example.com/v1")));
    QCOMPARE(setup.provider.settings().transferTimeoutMs, 120'000);
    QCOMPARE(setup.provider.settings().apiKey, Key);
}

void OpenAiAccessTest::aLateAnswerToAnOlderCallIsIgnored()
{
    MemorySecretStore secrets;
    Setup setup(secrets);
    // The read of load() answers "not found" after the save began: the save decides.
    setup.access.load();
    QVERIFY(setup.access.saveKey(Key).isEmpty());
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::Keychain);
    QCOMPARE(setup.provider.settings().apiKey, Key);

    // Saved then forgotten at once: the save's answer does not bring the key back.
    QVERIFY(setup.access.saveKey(Key).isEmpty());
    setup.access.forgetKey();
    QTRY_VERIFY(!setup.access.isBusy());
    QCOMPARE(setup.access.keySource(), KeySource::None);
    QVERIFY(setup.provider.settings().apiKey.isEmpty());
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::OpenAiAccessTest)
#include "tst_openaiaccess.moc"
