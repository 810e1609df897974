#include "cloud/cloudinarypreferences.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace atelier;

namespace {

const QString Upload = QStringLiteral("cloudinary.upload");
const QString CloudName = QStringLiteral("cloudinary.cloud-name");
const QString ApiKey = QStringLiteral("cloudinary.api-key");
const QString Folder = QStringLiteral("cloudinary.folder");
const QString Preset = QStringLiteral("cloudinary.upload-preset");
const QString Tags = QStringLiteral("cloudinary.tags");
const QString Signature = QStringLiteral("cloudinary.signature");
const QString DeleteRemote = QStringLiteral("cloudinary.delete-remote");
const QString Prefix = QStringLiteral("cloudinary.upload-prefix");

QProcessEnvironment environmentWith(const QString &variable, const QString &value)
{
    QProcessEnvironment environment;
    environment.insert(variable, value);
    return environment;
}

PreferenceEntry entry(const CloudinaryPreferences &preferences, const QString &name)
{
    for (const PreferenceEntry &entry : preferences.entries()) {
        if (entry.name == name)
            return entry;
    }
    return {};
}

} // namespace

class TestCloudinaryPreferences : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void namesAreTheOnesTheCliShows();
    void defaults();
    void savesAndReadsBackThroughTheFile();
    void normalisesWhatItSaves();
    void unsetGoesBackToTheDefault();
    void refusesBadValuesAndChangesNothing_data();
    void refusesBadValuesAndChangesNothing();
    void acceptsALoopbackPrefixOverPlainHttp();
    void cloudinaryUrlGivesTheAccount();
    void cloudinaryUrlWinsOverTheSettings();
    void cloudinaryUrlTakesEveryCloudNameTheSettingsTake();
    void malformedCloudinaryUrlIsIgnored_data();
    void malformedCloudinaryUrlIsIgnored();
    void uploadPrefixFromTheEnvironmentWins();
    void anUncheckedEnvironmentDoesNotBlockOtherSettings();
    void tagsAreSplitAndTrimmed();
    void handEditedOnOffIsReadAsOff();

private:
    QString settingsText();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void TestCloudinaryPreferences::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings =
        std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("atelier.conf")), QSettings::IniFormat);
}

QString TestCloudinaryPreferences::settingsText()
{
    m_settings->sync();
    QFile file(m_settings->fileName());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void TestCloudinaryPreferences::namesAreTheOnesTheCliShows()
{
    // `atelier-cli config set` and the Settings window use these names; scripts depend on them.
    QCOMPARE(CloudinaryPreferences::names(),
             QStringList({Upload, CloudName, ApiKey, Folder, Preset, Tags, Signature, DeleteRemote, Prefix}));
}

void TestCloudinaryPreferences::defaults()
{
    const CloudinaryPreferences preferences(*m_settings, QProcessEnvironment());
    QVERIFY(!preferences.uploadsEnabled());
    QVERIFY(!preferences.deletesRemote());
    const CloudinarySettings settings = preferences.effective();
    QVERIFY(settings.cloudName.isEmpty());
    QVERIFY(settings.apiKey.isEmpty());
    QVERIFY(settings.apiSecret.isEmpty());
    QCOMPARE(settings.folder, QStringLiteral("atelier"));
    QVERIFY(settings.uploadPreset.isEmpty());
    QCOMPARE(settings.algorithm, CloudinarySignature::Algorithm::Sha1);
    QCOMPARE(settings.baseUrl, QUrl(QStringLiteral("https://api.cloudinary.com")));
    QCOMPARE(preferences.tags(), QStringList({QStringLiteral("ai-generated"), QStringLiteral("{model}")}));
    QVERIFY(preferences.environmentSecret().isEmpty());

    const QList<PreferenceEntry> entries = preferences.entries();
    QCOMPARE(entries.size(), CloudinaryPreferences::names().size());
    for (const PreferenceEntry &entry : entries)
        QCOMPARE(entry.source, QStringLiteral("default"));
    QCOMPARE(entry(preferences, Upload).value, QStringLiteral("off"));
    QCOMPARE(entry(preferences, Tags).value, QStringLiteral("ai-generated, {model}"));
    QCOMPARE(entry(preferences, Signature).value, QStringLiteral("sha1"));
    QCOMPARE(entry(preferences, DeleteRemote).value, QStringLiteral("off"));
    QCOMPARE(entry(preferences, Prefix).value, QStringLiteral("https://api.cloudinary.com"));
    // Nothing is written until something is set.
    QVERIFY(!settingsText().contains(QStringLiteral("cloudinary")));
}

void TestCloudinaryPreferences::savesAndReadsBackThroughTheFile()
{
    CloudinaryPreferences preferences(*m_settings, QProcessEnvironment());
    QCOMPARE(preferences.set(Upload, QStringLiteral("on")), QString());
    QCOMPARE(preferences.set(CloudName, QStringLiteral("studio-cloud_2")), QString());
    QCOMPARE(preferences.set(ApiKey, QStringLiteral("614335564976464")), QString());
    QCOMPARE(preferences.set(Folder, QStringLiteral("renders/2024")), QString());
    QCOMPARE(preferences.set(Preset, QStringLiteral("ai_results")), QString());
    QCOMPARE(preferences.set(Tags, QStringLiteral("poster, {model}")), QString());
    QCOMPARE(preferences.set(Signature, QStringLiteral("sha256")), QString());
    QCOMPARE(preferences.set(DeleteRemote, QStringLiteral("yes")), QString());
    QCOMPARE(preferences.set(Prefix, QStringLiteral("https://api-eu.cloudinary.com")), QString());

    // Read back by another instance over the same file, as the next run of the program would.
    QSettings again(m_settings->fileName(), QSettings::IniFormat);
    const CloudinaryPreferences reread(again, QProcessEnvironment());
    QVERIFY(reread.uploadsEnabled());
    QVERIFY(reread.deletesRemote());
    const CloudinarySettings settings = reread.effective();
    QCOMPARE(settings.cloudName, QStringLiteral("studio-cloud_2"));
    QCOMPARE(settings.apiKey, QStringLiteral("614335564976464"));
    QCOMPARE(settings.folder, QStringLiteral("renders/2024"));
    QCOMPARE(settings.uploadPreset, QStringLiteral("ai_results"));
    QCOMPARE(settings.algorithm, CloudinarySignature::Algorithm::Sha256);
    QCOMPARE(settings.baseUrl, QUrl(QStringLiteral("https://api-eu.cloudinary.com")));
    // The secret is never a setting; the tags travel per generation, not in the settings value.
    QVERIFY(settings.apiSecret.isEmpty());
    QCOMPARE(reread.tags(), QStringList({QStringLiteral("poster"), QStringLiteral("{model}")}));
    for (const PreferenceEntry &entry : reread.entries())
        QCOMPARE(entry.source, QStringLiteral("settings"));
}

void TestCloudinaryPreferences::normalisesWhatItSaves()
{
    CloudinaryPreferences preferences(*m_settings, QProcessEnvironment());
    QCOMPARE(preferences.set(Upload, QStringLiteral(" TRUE ")), QString());
    QCOMPARE(entry(preferences, Upload).value, QStringLiteral("on"));
    QCOMPARE(preferences.set(Upload, QStringLiteral("No")), QString());
    QCOMPARE(entry(preferences, Upload).value, QStringLiteral("off"));
    QVERIFY(!preferences.uploadsEnabled());
    QCOMPARE(preferences.set(Signature, QStringLiteral("SHA256")), QString());
    QCOMPARE(entry(preferences, Signature).value, QStringLiteral("sha256"));
    QCOMPARE(preferences.set(Folder, QStringLiteral("  campaign  ")), QString());
    QCOMPARE(preferences.effective().folder, QStringLiteral("campaign"));
}

void TestCloudinaryPreferences::unsetGoesBackToTheDefault()
{
    CloudinaryPreferences preferences(*m_settings, QProcessEnvironment());
    QCOMPARE(preferences.set(Folder, QStringLiteral("elsewhere")), QString());
    QCOMPARE(preferences.set(Upload, QStringLiteral("on")), QString());
    QCOMPARE(preferences.unset(Folder), QString());
    QCOMPARE(preferences.unset(Upload), QString());
    QCOMPARE(preferences.effective().folder, QStringLiteral("atelier"));
    QVERIFY(!preferences.uploadsEnabled());
    QCOMPARE(entry(preferences, Folder).source, QStringLiteral("default"));

    QSettings again(m_settings->fileName(), QSettings::IniFormat);
    QCOMPARE(CloudinaryPreferences(again, QProcessEnvironment()).effective().folder,
             QStringLiteral("atelier"));
    QVERIFY(!settingsText().contains(QStringLiteral("elsewhere")));

    const QString unknown = preferences.unset(QStringLiteral("cloudinary.secret"));
    QVERIFY2(unknown.contains(QStringLiteral("There is no setting 'cloudinary.secret'")),
             qPrintable(unknown));
}

void TestCloudinaryPreferences::refusesBadValuesAndChangesNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem");

    QTest::newRow("unknown setting") << "cloudinary.api-secret"
                                     << "abc"
                                     << "There is no setting 'cloudinary.api-secret'";
    QTest::newRow("another service's setting") << "openai.base-url"
                                               << "https://x.example.com"
                                               << "There is no setting";
    QTest::newRow("empty") << "cloudinary.folder"
                           << "   "
                           << "needs a value";
    QTest::newRow("upload neither on nor off") << "cloudinary.upload"
                                               << "sometimes"
                                               << "on or off";
    QTest::newRow("delete-remote neither on nor off") << "cloudinary.delete-remote"
                                                      << "1"
                                                      << "on or off";
    QTest::newRow("unknown signature") << "cloudinary.signature"
                                       << "md5"
                                       << "sha1 or sha256";
    QTest::newRow("cloud name with a slash") << "cloudinary.cloud-name"
                                             << "demo/other"
                                             << "only letters, digits";
    QTest::newRow("cloud name with a space") << "cloudinary.cloud-name"
                                             << "my cloud"
                                             << "only letters, digits";
    QTest::newRow("folder with an ampersand") << "cloudinary.folder"
                                              << "a&b"
                                              << "folder may not contain '&'";
    QTest::newRow("preset with an ampersand") << "cloudinary.upload-preset"
                                              << "p&q"
                                              << "upload preset may not contain '&'";
    QTest::newRow("tag with an ampersand") << "cloudinary.tags"
                                           << "ai, r&d"
                                           << "tags may not contain '&'";
    QTest::newRow("plain http to a remote host") << "cloudinary.upload-prefix"
                                                 << "http://api.example.com"
                                                 << "plain http is refused";
    QTest::newRow("prefix not an address") << "cloudinary.upload-prefix"
                                           << "api.cloudinary.com"
                                           << "not a valid http or https address";
    QTest::newRow("prefix with credentials") << "cloudinary.upload-prefix"
                                             << "https://key:secret@api.cloudinary.com"
                                             << "no user name, password";
    QTest::newRow("two lines") << "cloudinary.folder"
                               << "atelier\nother"
                               << "one line";
    QTest::newRow("two-line key") << "cloudinary.api-key"
                                  << "1234\n5678"
                                  << "one line";
    QTest::newRow("too long") << "cloudinary.upload-preset" << QString(201, QLatin1Char('p')) << "one line";
}

void TestCloudinaryPreferences::refusesBadValuesAndChangesNothing()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    CloudinaryPreferences preferences(*m_settings, QProcessEnvironment());
    QCOMPARE(preferences.set(CloudName, QStringLiteral("kept-cloud")), QString());
    QCOMPARE(preferences.set(Folder, QStringLiteral("kept-folder")), QString());
    QCOMPARE(preferences.set(Upload, QStringLiteral("on")), QString());
    const QString before = settingsText();
    const QList<PreferenceEntry> entriesBefore = preferences.entries();

    const QString error = preferences.set(name, value);
    QVERIFY2(error.contains(problem), qPrintable(error));
    QCOMPARE(settingsText(), before);
    for (qsizetype i = 0; i < entriesBefore.size(); ++i) {
        QCOMPARE(preferences.entries().at(i).value, entriesBefore.at(i).value);
        QCOMPARE(preferences.entries().at(i).source, entriesBefore.at(i).source);
    }
    // One line of words for a person.
    QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
}

void TestCloudinaryPreferences::acceptsALoopbackPrefixOverPlainHttp()
{
    // A local fake (or proxy) on loopback needs no TLS.
    CloudinaryPreferences preferences(*m_settings, QProcessEnvironment());
    QCOMPARE(preferences.set(Prefix, QStringLiteral("http://127.0.0.1:8123")), QString());
    QCOMPARE(preferences.effective().baseUrl, QUrl(QStringLiteral("http://127.0.0.1:8123")));
    QCOMPARE(preferences.set(Prefix, QStringLiteral("http://localhost:9000")), QString());
    QCOMPARE(preferences.effective().baseUrl, QUrl(QStringLiteral("http://localhost:9000")));
}

void TestCloudinaryPreferences::cloudinaryUrlGivesTheAccount()
{
    const CloudinaryPreferences preferences(
        *m_settings, environmentWith(QStringLiteral("CLOUDINARY_URL"),
                                     QStringLiteral(" cloudinary://874837483274837:a676b67565c6767a@demo ")));
    const CloudinarySettings settings = preferences.effective();
    QCOMPARE(settings.cloudName, QStringLiteral("demo"));
    QCOMPARE(settings.apiKey, QStringLiteral("874837483274837"));
    // The secret is handed out separately and never through the settings or the entries.
    QVERIFY(settings.apiSecret.isEmpty());
    QCOMPARE(preferences.environmentSecret(), QStringLiteral("a676b67565c6767a"));
    QCOMPARE(entry(preferences, CloudName).source, QStringLiteral("CLOUDINARY_URL"));
    QCOMPARE(entry(preferences, ApiKey).source, QStringLiteral("CLOUDINARY_URL"));
    QCOMPARE(entry(preferences, CloudName).value, QStringLiteral("demo"));
    QCOMPARE(entry(preferences, Folder).source, QStringLiteral("default"));
    for (const PreferenceEntry &entry : preferences.entries())
        QVERIFY2(!entry.value.contains(QStringLiteral("a676b67565c6767a")), qPrintable(entry.name));
    // Nothing from the environment is written to the file.
    QVERIFY(!settingsText().contains(QStringLiteral("874837483274837")));
}

void TestCloudinaryPreferences::cloudinaryUrlWinsOverTheSettings()
{
    CloudinaryPreferences saved(*m_settings, QProcessEnvironment());
    QCOMPARE(saved.set(CloudName, QStringLiteral("saved-cloud")), QString());
    QCOMPARE(saved.set(ApiKey, QStringLiteral("111111111111111")), QString());

    CloudinaryPreferences preferences(
        *m_settings,
        environmentWith(QStringLiteral("CLOUDINARY_URL"),
                        QStringLiteral("cloudinary://222222222222222:env-secret-1234@env-cloud")));
    QCOMPARE(preferences.effective().cloudName, QStringLiteral("env-cloud"));
    QCOMPARE(preferences.effective().apiKey, QStringLiteral("222222222222222"));
    // A setting saved meanwhile is kept for the day the variable is gone.
    QCOMPARE(preferences.set(CloudName, QStringLiteral("newer-cloud")), QString());
    QCOMPARE(preferences.effective().cloudName, QStringLiteral("env-cloud"));
    QCOMPARE(CloudinaryPreferences(*m_settings, QProcessEnvironment()).effective().cloudName,
             QStringLiteral("newer-cloud"));
}

void TestCloudinaryPreferences::cloudinaryUrlTakesEveryCloudNameTheSettingsTake()
{
    // Cloud names hold letters, digits, '-' and '_'; a secret may hold '-' and '_' as well.
    CloudinaryPreferences saved(*m_settings, QProcessEnvironment());
    QCOMPARE(saved.set(CloudName, QStringLiteral("studio_cloud-2")), QString());
    const CloudinaryPreferences preferences(
        *m_settings, environmentWith(QStringLiteral("CLOUDINARY_URL"),
                                     QStringLiteral("cloudinary://874837483274837:a-b_c-1234@my_cloud-3")));
    QCOMPARE(preferences.effective().cloudName, QStringLiteral("my_cloud-3"));
    QCOMPARE(preferences.environmentSecret(), QStringLiteral("a-b_c-1234"));
    QCOMPARE(entry(preferences, CloudName).source, QStringLiteral("CLOUDINARY_URL"));
}

void TestCloudinaryPreferences::malformedCloudinaryUrlIsIgnored_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("another scheme") << "https://874837483274837:secret-1234@demo";
    QTest::newRow("no cloud name") << "cloudinary://874837483274837:secret-1234@";
    QTest::newRow("not a URL") << "874837483274837:secret-1234@demo";
    QTest::newRow("bad port") << "cloudinary://874837483274837:secret-1234";
    QTest::newRow("space in it") << "cloudinary://8748 37483274837:secret-1234@demo";
}

void TestCloudinaryPreferences::malformedCloudinaryUrlIsIgnored()
{
    QFETCH(QString, url);
    CloudinaryPreferences saved(*m_settings, QProcessEnvironment());
    QCOMPARE(saved.set(CloudName, QStringLiteral("saved-cloud")), QString());

    const CloudinaryPreferences preferences(*m_settings,
                                            environmentWith(QStringLiteral("CLOUDINARY_URL"), url));
    QCOMPARE(preferences.effective().cloudName, QStringLiteral("saved-cloud"));
    QVERIFY(preferences.effective().apiKey.isEmpty());
    QVERIFY(preferences.environmentSecret().isEmpty());
    QCOMPARE(entry(preferences, CloudName).source, QStringLiteral("settings"));
    QCOMPARE(entry(preferences, ApiKey).source, QStringLiteral("default"));
}

void TestCloudinaryPreferences::uploadPrefixFromTheEnvironmentWins()
{
    CloudinaryPreferences saved(*m_settings, QProcessEnvironment());
    QCOMPARE(saved.set(Prefix, QStringLiteral("https://api-eu.cloudinary.com")), QString());

    const CloudinaryPreferences preferences(*m_settings,
                                            environmentWith(QStringLiteral("CLOUDINARY_UPLOAD_PREFIX"),
                                                            QStringLiteral(" http://127.0.0.1:4567 ")));
    QCOMPARE(preferences.effective().baseUrl, QUrl(QStringLiteral("http://127.0.0.1:4567")));
    QCOMPARE(entry(preferences, Prefix).source, QStringLiteral("CLOUDINARY_UPLOAD_PREFIX"));
    QCOMPARE(entry(preferences, Prefix).value, QStringLiteral("http://127.0.0.1:4567"));
    // It does not give an account.
    QCOMPARE(entry(preferences, CloudName).source, QStringLiteral("default"));
}

void TestCloudinaryPreferences::anUncheckedEnvironmentDoesNotBlockOtherSettings()
{
    // The environment is not checked when it is set (the uploader refuses it then); a good folder, preset,
    // tag list or cloud name is still saved, and a bad one is still refused for its own fault.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("CLOUDINARY_UPLOAD_PREFIX"), QStringLiteral("http://10.0.0.1:8080"));
    environment.insert(QStringLiteral("CLOUDINARY_URL"),
                       QStringLiteral("cloudinary://1234:secret-1234@my.cloud"));
    CloudinaryPreferences preferences(*m_settings, environment);
    QCOMPARE(preferences.effective().cloudName, QStringLiteral("my.cloud"));
    QCOMPARE(preferences.set(Folder, QStringLiteral("renders")), QString());
    QCOMPARE(preferences.set(Preset, QStringLiteral("ai_results")), QString());
    QCOMPARE(preferences.set(Tags, QStringLiteral("poster, {model}")), QString());
    QCOMPARE(preferences.set(CloudName, QStringLiteral("saved-cloud")), QString());
    QCOMPARE(preferences.set(Prefix, QStringLiteral("https://api-eu.cloudinary.com")), QString());
    QSettings again(m_settings->fileName(), QSettings::IniFormat);
    const CloudinarySettings saved = CloudinaryPreferences(again, QProcessEnvironment()).effective();
    QCOMPARE(saved.folder, QStringLiteral("renders"));
    QCOMPARE(saved.cloudName, QStringLiteral("saved-cloud"));
    QCOMPARE(saved.baseUrl, QUrl(QStringLiteral("https://api-eu.cloudinary.com")));

    const QString refused = preferences.set(Folder, QStringLiteral("a&b"));
    QVERIFY2(refused.contains(QStringLiteral("folder may not contain '&'")), qPrintable(refused));
}

void TestCloudinaryPreferences::tagsAreSplitAndTrimmed()
{
    CloudinaryPreferences preferences(*m_settings, QProcessEnvironment());
    QCOMPARE(preferences.set(Tags, QStringLiteral(" summer ,, {model} ,  poster  ,")), QString());
    QCOMPARE(preferences.tags(),
             QStringList({QStringLiteral("summer"), QStringLiteral("{model}"), QStringLiteral("poster")}));
    QCOMPARE(preferences.set(Tags, QStringLiteral("single")), QString());
    QCOMPARE(preferences.tags(), QStringList({QStringLiteral("single")}));
    QCOMPARE(preferences.unset(Tags), QString());
    QCOMPARE(preferences.tags(), QStringList({QStringLiteral("ai-generated"), QStringLiteral("{model}")}));
}

void TestCloudinaryPreferences::handEditedOnOffIsReadAsOff()
{
    // A settings file edited by hand with nonsense does not switch uploads on.
    m_settings->setValue(QStringLiteral("cloudinary/upload"), QStringLiteral("perhaps"));
    m_settings->setValue(QStringLiteral("cloudinary/delete-remote"), QStringLiteral("2"));
    const CloudinaryPreferences preferences(*m_settings, QProcessEnvironment());
    QVERIFY(!preferences.uploadsEnabled());
    QVERIFY(!preferences.deletesRemote());
    m_settings->setValue(QStringLiteral("cloudinary/upload"), QStringLiteral("yes"));
    QVERIFY(preferences.uploadsEnabled());
}

QTEST_GUILESS_MAIN(TestCloudinaryPreferences)
#include "tst_cloudinarypreferences.moc"
