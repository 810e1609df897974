#include "engine/enginesettings.h"
#include "engine/queuepreferences.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace atelier;

// The queue limits the window's Settings and `atelier-cli config` share.
class TestQueuePreferences : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaultsAreTheEngines();
    void setAndUnsetOneLimit();
    void refusalsChangeNothing_data();
    void refusalsChangeNothing();
    void theWindowsLimitsReadBack();
    void handEditedValuesAreBroughtIntoRange();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void TestQueuePreferences::init()
{
    QFile::remove(m_dir.filePath(QStringLiteral("atelier.ini")));
    m_settings =
        std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("atelier.ini")), QSettings::IniFormat);
}

void TestQueuePreferences::defaultsAreTheEngines()
{
    const QueuePreferences preferences(*m_settings);
    const QueueLimits engine = EngineSettings{}.limits;
    QCOMPARE(preferences.limits().global, engine.global);
    QCOMPARE(preferences.limits().forProvider(QStringLiteral("openai")),
             engine.forProvider(QStringLiteral("openai")));
    QCOMPARE(QueuePreferences::names(),
             (QStringList{QStringLiteral("queue.concurrency"), QStringLiteral("queue.concurrency.offline"),
                          QStringLiteral("queue.concurrency.openai")}));
    for (const PreferenceEntry &entry : preferences.entries())
        QCOMPARE(entry.source, QStringLiteral("default"));
}

void TestQueuePreferences::setAndUnsetOneLimit()
{
    QueuePreferences preferences(*m_settings);
    QCOMPARE(preferences.set(QStringLiteral("queue.concurrency"), QStringLiteral(" 8 ")), QString());
    QCOMPARE(preferences.set(QStringLiteral("queue.concurrency.openai"), QStringLiteral("6")), QString());
    QCOMPARE(preferences.limits().global, 8);
    QCOMPARE(preferences.limits().forProvider(QStringLiteral("openai")), 6);
    QCOMPARE(preferences.entries().first().source, QStringLiteral("settings"));
    // Another process reads the same file.
    QSettings again(m_settings->fileName(), QSettings::IniFormat);
    QCOMPARE(QueuePreferences(again).limits().forProvider(QStringLiteral("openai")), 6);

    QCOMPARE(preferences.unset(QStringLiteral("queue.concurrency.openai")), QString());
    QCOMPARE(preferences.limits().forProvider(QStringLiteral("openai")),
             EngineSettings{}.limits.forProvider(QStringLiteral("openai")));
    QCOMPARE(preferences.limits().global, 8);
}

void TestQueuePreferences::refusalsChangeNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("words");
    QTest::newRow("zero") << QStringLiteral("queue.concurrency") << QStringLiteral("0")
                          << QStringLiteral("from 1 to 32");
    QTest::newRow("too many") << QStringLiteral("queue.concurrency") << QStringLiteral("33")
                              << QStringLiteral("from 1 to 32");
    QTest::newRow("not a number") << QStringLiteral("queue.concurrency.openai") << QStringLiteral("lots")
                                  << QStringLiteral("'lots' is not");
    QTest::newRow("unknown provider") << QStringLiteral("queue.concurrency.midjourney") << QStringLiteral("2")
                                      << QStringLiteral("There is no setting");
    QTest::newRow("unknown name") << QStringLiteral("queue.speed") << QStringLiteral("2")
                                  << QStringLiteral("There is no setting");
}

void TestQueuePreferences::refusalsChangeNothing()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, words);
    QueuePreferences preferences(*m_settings);
    QCOMPARE(preferences.set(QStringLiteral("queue.concurrency"), QStringLiteral("5")), QString());
    const QString refusal = preferences.set(name, value);
    QVERIFY2(refusal.contains(words), qPrintable(refusal));
    QCOMPARE(preferences.limits().global, 5);
    QCOMPARE(preferences.limits().forProvider(QStringLiteral("openai")),
             EngineSettings{}.limits.forProvider(QStringLiteral("openai")));
}

void TestQueuePreferences::theWindowsLimitsReadBack()
{
    QueuePreferences preferences(*m_settings);
    preferences.setLimits(QueueLimits{6, 2, {{QStringLiteral("offline"), 1}, {QStringLiteral("openai"), 5}}});
    QCOMPARE(preferences.limits().global, 6);
    QCOMPARE(preferences.limits().forProvider(QStringLiteral("offline")), 1);
    QCOMPARE(preferences.limits().forProvider(QStringLiteral("openai")), 5);
    QCOMPARE(preferences.entries().last().value, QStringLiteral("5"));
}

void TestQueuePreferences::handEditedValuesAreBroughtIntoRange()
{
    m_settings->setValue(QStringLiteral("queue/global"), 500);
    m_settings->setValue(QStringLiteral("queue/providers"), QVariantMap{{QStringLiteral("openai"), -3}});
    const QueuePreferences preferences(*m_settings);
    QCOMPARE(preferences.limits().global, QueuePreferences::MaxLimit);
    QCOMPARE(preferences.limits().forProvider(QStringLiteral("openai")), 1);
}

QTEST_GUILESS_MAIN(TestQueuePreferences)
#include "tst_queuepreferences.moc"
