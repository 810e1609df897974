#include "engine/imagegenerationservice.h"
#include "settings/settingsdialog.h"
#include "studiofixture.h"
#include "unavailablesecretstore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace atelier;

namespace {

const QString Key = QStringLiteral("test-key-3f9a1c07b2d5");
const QString Unavailable = test::UnavailableSecretStore::message();

template<typename T> T *child(const QWidget &parent, const QString &name)
{
    auto *found = parent.findChild<T *>(name);
    if (!found)
        qWarning() << "no" << name;
    return found;
}

QPushButton *button(const SettingsDialog &dialog, QDialogButtonBox::StandardButton which)
{
    return dialog.findChild<QDialogButtonBox *>()->button(which);
}

// Types into a field as a person does, so that the dialog hears of it.
void retype(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

SecretStore::Result stored(SecretStore &secrets)
{
    QSignalSpy spy(&secrets, &SecretStore::readFinished);
    secrets.read(OpenAiAccess::secretName());
    if (!spy.wait())
        return {SecretStore::Status::Failed, {}, QStringLiteral("no answer")};
    return spy.at(0).at(1).value<SecretStore::Result>();
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void savedKeyIsInTheKeychainAndNoFile();
    void keyTypedIsSavedWithOk();
    void forgetsTheKey();
    void keychainUnavailableKeepsKeyForSession();
    void environmentSettingsAreReadOnly();
    void badBaseUrlKeepsOkDisabled();
    void connectionSettingsAreSavedAndApplied();
    void queueLimitsApplyLive();
    void libraryFolderIsChecked();
    void promptDefaultsAreSaved();
    void cancelSavesNothing();
};

void TestSettingsDialog::savedKeyIsInTheKeychainAndNoFile()
{
    test::StudioFixture fixture;
    fixture.openAi.load();
    QTRY_VERIFY(!fixture.openAi.isBusy());
    SettingsDialog dialog(fixture.context);
    dialog.show();
    auto *key = child<QLineEdit>(dialog, QStringLiteral("keyEdit"));
    auto *save = child<QPushButton>(dialog, QStringLiteral("saveKey"));
    auto *state = child<QLabel>(dialog, QStringLiteral("keyState"));
    QVERIFY(key && save && state);
    QVERIFY(state->text().startsWith(QStringLiteral("No key")));
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    QVERIFY(!save->isEnabled());

    QTest::keyClicks(key, QStringLiteral("sk-12"));
    QVERIFY(!save->isEnabled());
    QVERIFY(child<QWidget>(dialog, QStringLiteral("keyProblem"))->isVisible());
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    retype(key, Key);
    QVERIFY(save->isEnabled());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(key->text().isEmpty());
    QTRY_COMPARE(fixture.openAi.keySource(), OpenAiAccess::KeySource::Keychain);
    QTRY_COMPARE(state->text(), QStringLiteral("Saved in the system keychain."));

    QCOMPARE(stored(fixture.secrets).secret, Key);
    QCOMPARE(fixture.openAiProvider.settings().apiKey, Key);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    fixture.settingsFile.sync();
    QCOMPARE(fixture.filesHolding(Key.toUtf8()), QStringList());
    QFile ini(fixture.settingsFile.fileName());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains(Key.toUtf8()));
}

void TestSettingsDialog::keyTypedIsSavedWithOk()
{
    test::StudioFixture fixture;
    SettingsDialog dialog(fixture.context);
    dialog.show();
    QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("keyEdit")), Key);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QTRY_COMPARE(fixture.openAi.keySource(), OpenAiAccess::KeySource::Keychain);
    QCOMPARE(stored(fixture.secrets).secret, Key);
    QCOMPARE(fixture.filesHolding(Key.toUtf8()), QStringList());
}

void TestSettingsDialog::forgetsTheKey()
{
    test::StudioFixture fixture;
    QVERIFY(fixture.openAi.saveKey(Key).isEmpty());
    QTRY_COMPARE(fixture.openAi.keySource(), OpenAiAccess::KeySource::Keychain);
    SettingsDialog dialog(fixture.context);
    dialog.show();
    auto *forget = child<QPushButton>(dialog, QStringLiteral("forgetKey"));
    QVERIFY(forget->isEnabled());
    QTest::mouseClick(forget, Qt::LeftButton);
    QTRY_VERIFY(!fixture.openAi.isBusy());
    QVERIFY(!fixture.openAi.hasKey());
    QVERIFY(!forget->isEnabled());
    QVERIFY(child<QLabel>(dialog, QStringLiteral("keyState"))->text().startsWith(QStringLiteral("No key")));
    QCOMPARE(stored(fixture.secrets).status, SecretStore::Status::NotFound);
}

void TestSettingsDialog::keychainUnavailableKeepsKeyForSession()
{
    test::StudioFixture fixture;
    test::UnavailableSecretStore keychain;
    OpenAiAccess access(keychain, fixture.preferences, fixture.openAiProvider);
    StudioContext context{fixture.service(), fixture.settings, access, fixture.cloud, fixture.profile};
    access.load();
    SettingsDialog dialog(context);
    dialog.show();
    auto *state = child<QLabel>(dialog, QStringLiteral("keyState"));
    // Reading already failed: said, and no key.
    QTRY_VERIFY(state->text().contains(Unavailable));
    QVERIFY(!access.hasKey());

    QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("keyEdit")), Key);
    QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveKey")), Qt::LeftButton);
    QTRY_COMPARE(access.keySource(), OpenAiAccess::KeySource::Session);
    QTRY_VERIFY(state->text().startsWith(QStringLiteral("For this session only")));
    QVERIFY(state->text().contains(Unavailable));
    QCOMPARE(fixture.openAiProvider.settings().apiKey, Key);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    fixture.settingsFile.sync();
    QCOMPARE(fixture.filesHolding(Key.toUtf8()), QStringList());
}

void TestSettingsDialog::environmentSettingsAreReadOnly()
{
    test::StudioFixture fixture;
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("https://proxy.example.com/v1"));
    environment.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("env-key-from-the-environment"));
    OpenAiPreferences preferences(fixture.settingsFile, environment);
    OpenAiAccess access(fixture.secrets, preferences, fixture.openAiProvider);
    StudioContext context{fixture.service(), fixture.settings, access, fixture.cloud, fixture.profile};
    access.load();
    SettingsDialog dialog(context);
    dialog.show();

    auto *baseUrl = child<QLineEdit>(dialog, QStringLiteral("baseUrl"));
    QVERIFY(baseUrl->isReadOnly());
    QCOMPARE(baseUrl->text(), QStringLiteral("https://proxy.example.com/v1"));
    auto *note = child<QLabel>(dialog, QStringLiteral("openai.base-url.environment"));
    QVERIFY(note && note->isVisible());
    QVERIFY(note->text().contains(QStringLiteral("OPENAI_BASE_URL")));
    QCOMPARE(child<QLabel>(dialog, QStringLiteral("keyState"))->text(),
             QStringLiteral("From OPENAI_API_KEY (the environment wins)."));

    QTest::mouseClick(button(dialog, QDialogButtonBox::Apply), Qt::LeftButton);
    // The variable's value is not copied into the settings.
    QVERIFY(!fixture.settingsFile.contains(QStringLiteral("openai/baseUrl")));
}

void TestSettingsDialog::badBaseUrlKeepsOkDisabled()
{
    test::StudioFixture fixture;
    SettingsDialog dialog(fixture.context);
    dialog.show();
    auto *baseUrl = child<QLineEdit>(dialog, QStringLiteral("baseUrl"));
    auto *problem = child<QWidget>(dialog, QStringLiteral("baseUrlProblem"));
    QVERIFY(!problem->isVisible());

    retype(baseUrl, QStringLiteral("http://images.example.com/v1"));
    QVERIFY(problem->isVisible());
    auto *reason = problem->findChildren<QLabel *>().constLast();
    QVERIFY2(reason->text().contains(QStringLiteral("plain http")), qPrintable(reason->text()));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());
    QVERIFY(child<QWidget>(dialog, QStringLiteral("dialogProblem"))->isVisible());
    QVERIFY(!dialog.apply());
    QVERIFY(!fixture.settingsFile.contains(QStringLiteral("openai/baseUrl")));

    retype(baseUrl, QStringLiteral("not a url"));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());

    retype(baseUrl, QStringLiteral("http://127.0.0.1:8080/v1"));
    QVERIFY(!problem->isVisible());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
}

void TestSettingsDialog::connectionSettingsAreSavedAndApplied()
{
    test::StudioFixture fixture;
    SettingsDialog dialog(fixture.context);
    dialog.show();
    retype(child<QLineEdit>(dialog, QStringLiteral("baseUrl")),
           QStringLiteral("https://proxy.example.com/v1/"));
    child<QSpinBox>(dialog, QStringLiteral("timeout"))->setValue(90);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(fixture.settingsFile.value(QStringLiteral("openai/baseUrl")).toString(),
             QStringLiteral("https://proxy.example.com/v1"));
    QCOMPARE(fixture.openAiProvider.settings().baseUrl, QUrl(QStringLiteral("https://proxy.example.com/v1")));
    QCOMPARE(fixture.openAiProvider.settings().transferTimeoutMs, 90'000);
    // Untouched fields stay unset, so a later change of the defaults reaches them.
    QVERIFY(!fixture.settingsFile.contains(QStringLiteral("openai/organization")));
}

void TestSettingsDialog::queueLimitsApplyLive()
{
    test::StudioFixture fixture;
    SettingsDialog dialog(fixture.context);
    dialog.show();
    child<QSpinBox>(dialog, QStringLiteral("globalLimit"))->setValue(6);
    child<QSpinBox>(dialog, QStringLiteral("offlineLimit"))->setValue(1);
    child<QSpinBox>(dialog, QStringLiteral("openaiLimit"))->setValue(5);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Apply), Qt::LeftButton);
    QVERIFY(dialog.isVisible());

    const QueueLimits live = fixture.service().queueLimits();
    QCOMPARE(live.global, 6);
    QCOMPARE(live.forProvider(QStringLiteral("offline")), 1);
    QCOMPARE(live.forProvider(QStringLiteral("openai")), 5);
    const QueueLimits saved = fixture.settings.queueLimits();
    QCOMPARE(saved.global, 6);
    QCOMPARE(saved.forProvider(QStringLiteral("offline")), 1);
    QCOMPARE(saved.forProvider(QStringLiteral("openai")), 5);
}

void TestSettingsDialog::libraryFolderIsChecked()
{
    test::StudioFixture fixture;
    SettingsDialog dialog(fixture.context);
    dialog.show();
    auto *folder = child<QLineEdit>(dialog, QStringLiteral("libraryFolder"));
    auto *problem = child<QWidget>(dialog, QStringLiteral("libraryProblem"));
    QVERIFY(!folder->placeholderText().isEmpty());

    QFile file(fixture.engine.dir.filePath(QStringLiteral("notes.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    retype(folder, file.fileName());
    // On a tab not shown: said, if not visible yet.
    QVERIFY(!problem->isHidden());
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    retype(folder, QStringLiteral("relative/folder"));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    const QString chosen = fixture.engine.dir.filePath(QStringLiteral("My pictures"));
    retype(folder, chosen);
    QVERIFY(problem->isHidden());
    // The days deleted images stay in the trash; 0 reads "until emptied".
    auto *days = child<QSpinBox>(dialog, QStringLiteral("trashDays"));
    QCOMPARE(days->value(), 30);
    days->setValue(0);
    QCOMPARE(days->text(), QStringLiteral("until emptied"));
    days->setValue(14);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(fixture.settings.libraryFolder(), chosen);
    QCOMPARE(fixture.settings.trashDays(), 14);
}

void TestSettingsDialog::promptDefaultsAreSaved()
{
    test::StudioFixture fixture;
    SettingsDialog dialog(fixture.context);
    dialog.show();
    auto *model = child<QComboBox>(dialog, QStringLiteral("defaultModel"));
    auto *aspect = child<QComboBox>(dialog, QStringLiteral("defaultAspectRatio"));
    auto *quality = child<QComboBox>(dialog, QStringLiteral("defaultQuality"));
    auto *count = child<QSpinBox>(dialog, QStringLiteral("defaultImageCount"));
    QCOMPARE(model->currentData().toString(), fixture.service().catalog().defaultModel());
    QCOMPARE(aspect->count(), ModelCatalog::aspectRatios().size());

    // The qualities and the number of images follow the model.
    model->setCurrentIndex(model->findData(QStringLiteral("dall-e-3")));
    QStringList qualities;
    for (int i = 0; i < quality->count(); ++i)
        qualities << quality->itemData(i).toString();
    QCOMPARE(qualities, fixture.service().catalog().model(QStringLiteral("dall-e-3"))->qualities);
    QCOMPARE(count->maximum(), 1);

    model->setCurrentIndex(model->findData(QStringLiteral("gpt-image-1")));
    aspect->setCurrentIndex(aspect->findData(QStringLiteral("16:9")));
    quality->setCurrentIndex(quality->findData(QStringLiteral("high")));
    count->setValue(3);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);

    const GenerationRequest defaults = fixture.settings.promptDefaults();
    QCOMPARE(defaults.model, QStringLiteral("gpt-image-1"));
    QCOMPARE(defaults.aspectRatio, QStringLiteral("16:9"));
    QCOMPARE(defaults.quality, QStringLiteral("high"));
    QCOMPARE(defaults.imageCount, 3);

    // A second opening shows what was saved.
    SettingsDialog again(fixture.context);
    QCOMPARE(child<QComboBox>(again, QStringLiteral("defaultModel"))->currentData().toString(),
             QStringLiteral("gpt-image-1"));
    QCOMPARE(child<QComboBox>(again, QStringLiteral("defaultQuality"))->currentData().toString(),
             QStringLiteral("high"));
    QCOMPARE(child<QSpinBox>(again, QStringLiteral("defaultImageCount"))->value(), 3);
}

void TestSettingsDialog::cancelSavesNothing()
{
    test::StudioFixture fixture;
    const QueueLimits before = fixture.service().queueLimits();
    SettingsDialog dialog(fixture.context);
    dialog.show();
    child<QSpinBox>(dialog, QStringLiteral("globalLimit"))->setValue(before.global + 3);
    auto *model = child<QComboBox>(dialog, QStringLiteral("defaultModel"));
    model->setCurrentIndex(model->findData(QStringLiteral("gpt-image-1")));
    retype(child<QLineEdit>(dialog, QStringLiteral("baseUrl")),
           QStringLiteral("https://proxy.example.com/v1"));
    retype(child<QLineEdit>(dialog, QStringLiteral("libraryFolder")), fixture.engine.dir.path());
    child<QSpinBox>(dialog, QStringLiteral("trashDays"))->setValue(3);
    QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("keyEdit")), Key);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    QCOMPARE(fixture.service().queueLimits().global, before.global);
    fixture.settingsFile.sync();
    QCOMPARE(fixture.settingsFile.allKeys(), QStringList());
    QCOMPARE(stored(fixture.secrets).status, SecretStore::Status::NotFound);
    QVERIFY(!fixture.openAi.hasKey());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
