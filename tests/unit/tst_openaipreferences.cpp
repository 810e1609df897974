#include "providers/openai/openaipreferences.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace atelier;

class TestOpenAiPreferences : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void defaults();
    void savesAndReads();
    void refusesBadValuesAndChangesNothing_data();
    void refusesBadValuesAndChangesNothing();
    void environmentWins();
    void unsetGoesBackToTheDefault();
    void handEditedTimeoutOutOfRangeIsIgnored();

private:
    QString settingsText();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void TestOpenAiPreferences::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings =
        std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("atelier.conf")), QSettings::IniFormat);
}

QString TestOpenAiPreferences::settingsText()
{
    m_settings->sync();
    QFile file(m_settings->fileName());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void TestOpenAiPreferences::defaults()
{
    const OpenAiPreferences preferences(*m_settings, QProcessEnvironment());
    const OpenAiSettings settings = preferences.effective();
    QCOMPARE(settings.baseUrl, QUrl(QStringLiteral("https://api.openai.com/v1")));
    QCOMPARE(settings.transferTimeoutMs, 600'000);
    QVERIFY(settings.organization.isEmpty());
    const QList<OpenAiPreferences::Entry> entries = preferences.entries();
    QCOMPARE(entries.size(), OpenAiPreferences::names().size());
    for (const OpenAiPreferences::Entry &entry : entries)
        QCOMPARE(entry.source, QStringLiteral("default"));
}

void TestOpenAiPreferences::savesAndReads()
{
    OpenAiPreferences preferences(*m_settings, QProcessEnvironment());
    QCOMPARE(
        preferences.set(QStringLiteral("openai.base-url"), QStringLiteral(" https://llm.example.com/v1/ ")),
        QString());
    QCOMPARE(preferences.set(QStringLiteral("openai.organization"), QStringLiteral("org-studio")), QString());
    QCOMPARE(preferences.set(QStringLiteral("openai.project"), QStringLiteral("proj_posters")), QString());
    QCOMPARE(preferences.set(QStringLiteral("openai.timeout"), QStringLiteral("120")), QString());
    QCOMPARE(preferences.set(QStringLiteral("openai.base-url"), QStringLiteral("http://127.0.0.1:8080/v1")),
             QString());

    // Read back by another instance over the same file, as the next run of the program would.
    QSettings again(m_settings->fileName(), QSettings::IniFormat);
    const OpenAiSettings settings = OpenAiPreferences(again, QProcessEnvironment()).effective();
    QCOMPARE(settings.baseUrl, QUrl(QStringLiteral("http://127.0.0.1:8080/v1")));
    QCOMPARE(settings.organization, QStringLiteral("org-studio"));
    QCOMPARE(settings.project, QStringLiteral("proj_posters"));
    QCOMPARE(settings.transferTimeoutMs, 120'000);
    for (const OpenAiPreferences::Entry &entry : OpenAiPreferences(again, QProcessEnvironment()).entries())
        QCOMPARE(entry.source, QStringLiteral("settings"));
}

void TestOpenAiPreferences::refusesBadValuesAndChangesNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem");

    QTest::newRow("unknown setting") << "openai.key"
                                     << "x"
                                     << "There is no setting 'openai.key'";
    QTest::newRow("empty") << "openai.project"
                           << "  "
                           << "needs a value";
    QTest::newRow("plain http to a remote host") << "openai.base-url"
                                                 << "http://llm.example.com/v1"
                                                 << "plain http is refused";
    QTest::newRow("not a URL") << "openai.base-url"
                               << "api.openai.com"
                               << "is not a valid http or https address";
    QTest::newRow("ftp") << "openai.base-url"
                         << "ftp://example.com/v1"
                         << "is not a valid http or https address";
    QTest::newRow("credentials in the URL") << "openai.base-url"
                                            << "https://me:secret@example.com/v1"
                                            << "no user name, password";
    QTest::newRow("timeout too short") << "openai.timeout"
                                       << "5"
                                       << "from 10 to 3600";
    QTest::newRow("timeout not a number") << "openai.timeout"
                                          << "ten minutes"
                                          << "from 10 to 3600";
    QTest::newRow("two lines") << "openai.organization"
                               << "org\nother"
                               << "one line";
}

void TestOpenAiPreferences::refusesBadValuesAndChangesNothing()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    OpenAiPreferences preferences(*m_settings, QProcessEnvironment());
    QCOMPARE(preferences.set(QStringLiteral("openai.project"), QStringLiteral("proj_kept")), QString());
    const QString before = settingsText();

    const QString error = preferences.set(name, value);
    QVERIFY2(error.contains(problem), qPrintable(error));
    QCOMPARE(settingsText(), before);
    QVERIFY2(!error.contains(QStringLiteral("secret")), qPrintable(error));
}

void TestOpenAiPreferences::environmentWins()
{
    OpenAiPreferences saved(*m_settings, QProcessEnvironment());
    QCOMPARE(saved.set(QStringLiteral("openai.base-url"), QStringLiteral("https://saved.example.com/v1")),
             QString());
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("http://localhost:9999/v1"));
    environment.insert(QStringLiteral("OPENAI_ORG_ID"), QStringLiteral("org-env"));
    environment.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("key-from-the-environment"));

    const OpenAiPreferences preferences(*m_settings, environment);
    const OpenAiSettings settings = preferences.effective();
    QCOMPARE(settings.baseUrl, QUrl(QStringLiteral("http://localhost:9999/v1")));
    QCOMPARE(settings.organization, QStringLiteral("org-env"));
    // The key is not a preference: the caller takes it from the keychain or the environment itself.
    QVERIFY(settings.apiKey.isEmpty());
    const QList<OpenAiPreferences::Entry> entries = preferences.entries();
    QCOMPARE(entries.at(0).source, QStringLiteral("OPENAI_BASE_URL"));
    QCOMPARE(entries.at(1).source, QStringLiteral("OPENAI_ORG_ID"));
    QCOMPARE(entries.at(2).source, QStringLiteral("default"));
    QVERIFY(!settingsText().contains(QStringLiteral("key-from-the-environment")));
}

void TestOpenAiPreferences::unsetGoesBackToTheDefault()
{
    OpenAiPreferences preferences(*m_settings, QProcessEnvironment());
    QCOMPARE(preferences.set(QStringLiteral("openai.timeout"), QStringLiteral("30")), QString());
    QCOMPARE(preferences.effective().transferTimeoutMs, 30'000);
    QCOMPARE(preferences.unset(QStringLiteral("openai.timeout")), QString());
    QCOMPARE(preferences.effective().transferTimeoutMs, 600'000);
    QCOMPARE(preferences.entries().at(3).source, QStringLiteral("default"));
    QVERIFY(
        preferences.unset(QStringLiteral("openai.colour")).contains(QStringLiteral("There is no setting")));
}

void TestOpenAiPreferences::handEditedTimeoutOutOfRangeIsIgnored()
{
    m_settings->setValue(QStringLiteral("openai/transferTimeoutSeconds"), 1);
    QCOMPARE(OpenAiPreferences(*m_settings, QProcessEnvironment()).effective().transferTimeoutMs, 600'000);
}

QTEST_GUILESS_MAIN(TestOpenAiPreferences)
#include "tst_openaipreferences.moc"
