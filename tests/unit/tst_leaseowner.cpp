#include "engine/leaseowner.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSysInfo>
#include <QTest>

using namespace atelier;

class TestLeaseOwner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesThisProcessAndHost();
    void ownersMadeHereAreAliveWhileTheyLast();
    void aStoppedProcessOnThisHostIsGone();
    void aLiveProcessIsNotGone();
    void onlyCertaintyCounts_data();
    void onlyCertaintyCounts();
};

namespace {
QString ownerOf(qint64 pid, const QString &place = LeaseOwner::placeHere())
{
    return QStringLiteral("%1-0b6f3c1e-7d2a-4c55-9a41-3e8f2b7d9c10@%2").arg(pid).arg(place);
}
} // namespace

void TestLeaseOwner::namesThisProcessAndHost()
{
    const LeaseOwner owner;
    QVERIFY(owner.id().startsWith(QString::number(QCoreApplication::applicationPid()) + QLatin1Char('-')));
    QVERIFY(owner.id().endsWith(QLatin1Char('@') + LeaseOwner::placeHere()));
    QVERIFY(LeaseOwner::placeHere().startsWith(QSysInfo::machineHostName() + QLatin1Char('/')));
    QVERIFY(owner.id() != LeaseOwner().id()); // each engine its own
}

void TestLeaseOwner::ownersMadeHereAreAliveWhileTheyLast()
{
    QString id;
    {
        const LeaseOwner owner;
        id = owner.id();
        QVERIFY(!LeaseOwner::isGone(id));
    }
    QVERIFY(LeaseOwner::isGone(id)); // its engine is gone
    // This process's id, but made by an earlier process that had the same id (a restart in a container).
    QVERIFY(LeaseOwner::isGone(ownerOf(QCoreApplication::applicationPid())));
}

void TestLeaseOwner::aStoppedProcessOnThisHostIsGone()
{
    QProcess child;
    child.start(QStringLiteral("true"), {});
    QVERIFY(child.waitForStarted());
    const qint64 pid = child.processId();
    QVERIFY(child.waitForFinished());
    QVERIFY(LeaseOwner::isGone(ownerOf(pid)));
    // The same process id on another machine sharing the data folder may well run, as in another container
    // of the same host name.
    QVERIFY(!LeaseOwner::isGone(ownerOf(pid, QStringLiteral("another-host/0a1b2c3d4e5f"))));
    QVERIFY(!LeaseOwner::isGone(ownerOf(pid, QSysInfo::machineHostName() + QStringLiteral("/0a1b2c3d4e5f"))));
    QVERIFY(
        !LeaseOwner::isGone(ownerOf(pid, QSysInfo::machineHostName()))); // before places had a fingerprint
}

void TestLeaseOwner::aLiveProcessIsNotGone()
{
    QProcess child;
    child.start(QStringLiteral("sleep"), {QStringLiteral("30")});
    QVERIFY(child.waitForStarted());
    const qint64 pid = child.processId();
    QVERIFY(!LeaseOwner::isGone(ownerOf(pid)));
    child.kill();
    QVERIFY(child.waitForFinished());
    QVERIFY(LeaseOwner::isGone(ownerOf(pid)));
}

void TestLeaseOwner::onlyCertaintyCounts_data()
{
    QTest::addColumn<QString>("owner");
    QTest::newRow("empty") << QString();
    QTest::newRow("before hosts were named") << QStringLiteral("999999-0b6f3c1e");
    QTest::newRow("no process id") << QStringLiteral("-0b6f3c1e@") + LeaseOwner::placeHere();
    QTest::newRow("not a number") << QStringLiteral("abc-0b6f3c1e@") + LeaseOwner::placeHere();
    QTest::newRow("a test's name") << QStringLiteral("owner-a");
}

void TestLeaseOwner::onlyCertaintyCounts()
{
    QFETCH(QString, owner);
    QVERIFY(!LeaseOwner::isGone(owner));
}

QTEST_GUILESS_MAIN(TestLeaseOwner)
#include "tst_leaseowner.moc"
