#include "profiles/profilenamedialog.h"
#include "profiles/profileswitcher.h"
#include "profiles/topupdialog.h"
#include "studiofixture.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace atelier;
using test::StudioFixture;

class TestProfiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsProfilesAndBalance();
    void createsProfileAndMakesItCurrent();
    void renamesCurrentProfile();
    void refusesTakenTooLongAndEmptyNames();
    void showsServiceRefusal();
    void topUpWritesLedgerAndUpdatesBalance();
    void followsTheCurrentProfile();

private:
    template<typename Dialog> static Dialog *openDialog(ProfileSwitcher &switcher, const QString &action);
    static QPushButton *okButton(QDialog *dialog);
    static QComboBox *combo(ProfileSwitcher &switcher);
    static QString balance(ProfileSwitcher &switcher);
};

void TestProfiles::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

template<typename Dialog> Dialog *TestProfiles::openDialog(ProfileSwitcher &switcher, const QString &action)
{
    auto *trigger = switcher.findChild<QAction *>(action);
    if (!trigger || !trigger->isEnabled())
        return nullptr;
    trigger->trigger();
    auto *dialog = switcher.findChild<Dialog *>();
    return dialog && dialog->isVisible() ? dialog : nullptr;
}

QPushButton *TestProfiles::okButton(QDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

QComboBox *TestProfiles::combo(ProfileSwitcher &switcher)
{
    return switcher.findChild<QComboBox *>(QStringLiteral("profileCombo"));
}

QString TestProfiles::balance(ProfileSwitcher &switcher)
{
    return switcher.findChild<QLabel *>(QStringLiteral("balanceLabel"))->text();
}

void TestProfiles::showsProfilesAndBalance()
{
    StudioFixture fixture;
    ProfileSwitcher switcher(fixture.context);
    QCOMPARE(combo(switcher)->count(), 1);
    QCOMPARE(combo(switcher)->currentText(), QStringLiteral("Ana"));
    QCOMPARE(balance(switcher), QStringLiteral("1,000 tokens"));
}

void TestProfiles::createsProfileAndMakesItCurrent()
{
    StudioFixture fixture;
    ProfileSwitcher switcher(fixture.context);
    switcher.show();
    auto *dialog = openDialog<ProfileNameDialog>(switcher, QStringLiteral("newProfileAction"));
    QVERIFY(dialog);
    QVERIFY(!okButton(dialog)->isEnabled());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("  Bruno "));
    QVERIFY(okButton(dialog)->isEnabled());
    QSignalSpy changed(&fixture.profile, &CurrentProfile::changedTo);
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);

    const std::optional<Profile> bruno = fixture.service().profileByName(QStringLiteral("Bruno"));
    QVERIFY(bruno);
    QCOMPARE(fixture.profile.id(), bruno->id);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(combo(switcher)->count(), 2);
    QCOMPARE(combo(switcher)->currentText(), QStringLiteral("Bruno"));
    QCOMPARE(balance(switcher), QStringLiteral("0 tokens")); // the fixture's engine grants nothing
    QTRY_VERIFY(!switcher.findChild<ProfileNameDialog *>());
}

void TestProfiles::renamesCurrentProfile()
{
    StudioFixture fixture;
    ProfileSwitcher switcher(fixture.context);
    switcher.show();
    auto *dialog = openDialog<ProfileNameDialog>(switcher, QStringLiteral("renameProfileAction"));
    QVERIFY(dialog);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    QCOMPARE(name->text(), QStringLiteral("Ana"));
    QVERIFY(!okButton(dialog)->isEnabled()); // nothing to rename yet
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("Ana Lima"));
    QVERIFY(okButton(dialog)->isEnabled());
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);

    QCOMPARE(fixture.service().profile(fixture.profile.id())->name, QStringLiteral("Ana Lima"));
    QCOMPARE(combo(switcher)->count(), 1);
    QCOMPARE(combo(switcher)->currentText(), QStringLiteral("Ana Lima"));
}

void TestProfiles::refusesTakenTooLongAndEmptyNames()
{
    StudioFixture fixture;
    GenerationError error;
    QVERIFY(fixture.service().createProfile(QStringLiteral("Bruno"), &error));
    ProfileSwitcher switcher(fixture.context);
    switcher.show();
    auto *dialog = openDialog<ProfileNameDialog>(switcher, QStringLiteral("newProfileAction"));
    QVERIFY(dialog);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("problemLabel"));

    QTest::keyClicks(name, QStringLiteral("Bruno"));
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QStringLiteral("already a profile called “Bruno”")),
             qPrintable(problem->text()));

    QTest::keyClick(name, Qt::Key_A);
    QVERIFY(okButton(dialog)->isEnabled());
    QVERIFY(!problem->isVisible());

    name->clear();
    QTest::keyClicks(name, QString(65, QLatin1Char('x')));
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY2(problem->text().contains(QLatin1String("at most 64")), qPrintable(problem->text()));

    name->selectAll();
    QTest::keyClick(name, Qt::Key_Backspace);
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY(problem->isVisible());

    // Pressing Enter with OK disabled creates nothing.
    QTest::keyClick(name, Qt::Key_Return);
    QCOMPARE(fixture.service().profiles().size(), 2);
    QVERIFY(dialog->isVisible());
}

void TestProfiles::showsServiceRefusal()
{
    StudioFixture fixture;
    ProfileSwitcher switcher(fixture.context);
    switcher.show();
    auto *dialog = openDialog<ProfileNameDialog>(switcher, QStringLiteral("newProfileAction"));
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("Carla"));
    QVERIFY(okButton(dialog)->isEnabled());
    // Another process (the command line) takes the name behind the window's back: no signal reaches it.
    QVERIFY(fixture.engine.addProfile(QStringLiteral("Carla")) > 0);
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);

    QVERIFY(dialog->isVisible());
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("problemLabel"));
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QLatin1String("already exists")), qPrintable(problem->text()));
    QCOMPARE(fixture.profile.profile().name, QStringLiteral("Ana"));
}

void TestProfiles::topUpWritesLedgerAndUpdatesBalance()
{
    StudioFixture fixture;
    const qint64 ana = fixture.profile.id();
    ProfileSwitcher switcher(fixture.context);
    switcher.show();
    auto *dialog = openDialog<TopUpDialog>(switcher, QStringLiteral("topUpAction"));
    QVERIFY(dialog);
    auto *amount = dialog->findChild<QSpinBox *>(QStringLiteral("amountSpin"));
    QCOMPARE(amount->minimum(), 1);
    amount->setValue(250);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("noteEdit")), QStringLiteral("birthday"));
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("balanceBefore"))->text(),
             QStringLiteral("1,000 tokens"));
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("balanceAfter"))->text(),
             QStringLiteral("1,250 tokens"));
    const int entriesBefore = fixture.service().ledgerEntries(ana).size();
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);

    const QList<LedgerEntry> entries = fixture.service().ledgerEntries(ana);
    QCOMPARE(entries.size(), entriesBefore + 1);
    const auto topUp = std::find_if(entries.cbegin(), entries.cend(), [](const LedgerEntry &entry) {
        return entry.kind == LedgerEntry::Kind::TopUp;
    });
    QVERIFY(topUp != entries.cend());
    QCOMPARE(topUp->amount, 250);
    QCOMPARE(topUp->note, QStringLiteral("birthday"));
    QCOMPARE(fixture.engine.balance(ana), 1250);
    QCOMPARE(balance(switcher), QStringLiteral("1,250 tokens"));
    QTRY_VERIFY(!switcher.findChild<TopUpDialog *>());
}

void TestProfiles::followsTheCurrentProfile()
{
    StudioFixture fixture;
    const qint64 ana = fixture.profile.id();
    GenerationError error;
    const std::optional<Profile> bruno = fixture.service().createProfile(QStringLiteral("Bruno"), &error);
    QVERIFY(bruno);
    QVERIFY(!fixture.service().topUp(bruno->id, 40, QString()).isError());
    ProfileSwitcher switcher(fixture.context);
    switcher.show();
    QCOMPARE(combo(switcher)->count(), 2);

    // Picking in the combo changes the window's profile...
    QSignalSpy changed(&fixture.profile, &CurrentProfile::changedTo);
    QTest::keyClick(combo(switcher), Qt::Key_Down);
    QCOMPARE(fixture.profile.id(), bruno->id);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(balance(switcher), QStringLiteral("40 tokens"));

    // ...and a change made elsewhere shows in the combo.
    fixture.profile.setId(ana);
    QCOMPARE(combo(switcher)->currentText(), QStringLiteral("Ana"));
    QCOMPARE(balance(switcher), QStringLiteral("1,000 tokens"));

    // Balances of other profiles do not touch the label.
    QVERIFY(!fixture.service().topUp(bruno->id, 5, QString()).isError());
    QCOMPARE(balance(switcher), QStringLiteral("1,000 tokens"));
    QVERIFY(!fixture.service().topUp(ana, 1, QString()).isError());
    QCOMPARE(balance(switcher), QStringLiteral("1,001 tokens"));
}

QTEST_MAIN(TestProfiles)
#include "tst_profiles.moc"
