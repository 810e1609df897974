#include "settings/keyhintbanner.h"
#include "studiofixture.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

using namespace atelier;

namespace {
const QString Key = QStringLiteral("test-key-3f9a1c07b2d5");
} // namespace

class TestKeyHintBanner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTheKey();
    void staysHiddenWhileTheKeychainHasAKey();
    void dismissedForTheSession();
    void buttonsAskForSettingsAndOffline();
};

void TestKeyHintBanner::followsTheKey()
{
    test::StudioFixture fixture;
    QWidget window;
    auto *banner = new KeyHintBanner(fixture.context, &window);
    (new QVBoxLayout(&window))->addWidget(banner);
    window.show();
    fixture.openAi.load();
    QTRY_VERIFY(banner->isVisible());

    QVERIFY(fixture.openAi.saveKey(Key).isEmpty());
    QTRY_VERIFY(!fixture.openAi.isBusy());
    QVERIFY(fixture.openAi.hasKey());
    QVERIFY(!banner->isVisible());

    fixture.openAi.forgetKey();
    QTRY_VERIFY(banner->isVisible());
}

void TestKeyHintBanner::staysHiddenWhileTheKeychainHasAKey()
{
    test::StudioFixture fixture;
    QSignalSpy written(&fixture.secrets, &SecretStore::writeFinished);
    fixture.secrets.write(OpenAiAccess::secretName(), Key);
    QVERIFY(written.wait());

    QWidget window;
    auto *banner = new KeyHintBanner(fixture.context, &window);
    (new QVBoxLayout(&window))->addWidget(banner);
    fixture.openAi.load();
    window.show();
    // Not even shown while the keychain is asked, since the key may well be there.
    QVERIFY(!banner->isVisible());
    QTRY_VERIFY(!fixture.openAi.isBusy());
    QVERIFY(fixture.openAi.hasKey());
    QVERIFY(!banner->isVisible());
}

void TestKeyHintBanner::dismissedForTheSession()
{
    test::StudioFixture fixture;
    QWidget window;
    auto *banner = new KeyHintBanner(fixture.context, &window);
    (new QVBoxLayout(&window))->addWidget(banner);
    window.show();
    fixture.openAi.load();
    QTRY_VERIFY(banner->isVisible());
    QTest::mouseClick(banner->findChild<QToolButton *>(QStringLiteral("dismissKeyHint")), Qt::LeftButton);
    QVERIFY(!banner->isVisible());

    QVERIFY(fixture.openAi.saveKey(Key).isEmpty());
    QTRY_VERIFY(fixture.openAi.hasKey());
    fixture.openAi.forgetKey();
    QTRY_VERIFY(!fixture.openAi.isBusy());
    QVERIFY(!banner->isVisible());
}

void TestKeyHintBanner::buttonsAskForSettingsAndOffline()
{
    test::StudioFixture fixture;
    KeyHintBanner banner(fixture.context);
    banner.show();
    QSignalSpy settings(&banner, &KeyHintBanner::settingsRequested);
    QSignalSpy offline(&banner, &KeyHintBanner::offlineRequested);
    QTest::mouseClick(banner.findChild<QPushButton *>(QStringLiteral("openSettings")), Qt::LeftButton);
    QCOMPARE(settings.size(), 1);
    QCOMPARE(offline.size(), 0);
    QTest::mouseClick(banner.findChild<QPushButton *>(QStringLiteral("useOffline")), Qt::LeftButton);
    QCOMPARE(offline.size(), 1);
    QCOMPARE(settings.size(), 1);
}

QTEST_MAIN(TestKeyHintBanner)
#include "tst_keyhintbanner.moc"
