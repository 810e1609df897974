#include "secrets/memorysecretstore.h"

#include <QSignalSpy>
#include <QTest>

namespace atelier {

namespace {

using Status = SecretStore::Status;

const QString Name = QStringLiteral("openai-api-key");

SecretStore::Result resultAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(1).value<SecretStore::Result>();
}

} // namespace

class MemorySecretStoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void displayName();
    void writeThenRead();
    void overwrite();
    void remove();
    void readNotFound();
    void removeNotFoundIsOk();
    void signalsComeAfterTheCall();
    void oneSignalPerCallInOrder();
    void storesAreSeparate();
};

void MemorySecretStoreTest::displayName()
{
    QCOMPARE(MemorySecretStore().displayName(), QStringLiteral("memory (this session only)"));
}

void MemorySecretStoreTest::writeThenRead()
{
    MemorySecretStore store;
    QSignalSpy written(&store, &SecretStore::writeFinished);
    QSignalSpy read(&store, &SecretStore::readFinished);

    store.write(Name, QStringLiteral("first value"));
    QVERIFY(written.wait());
    QCOMPARE(written.at(0).at(0).toString(), Name);
    QVERIFY(resultAt(written, 0).isOk());
    QVERIFY(resultAt(written, 0).secret.isEmpty());

    store.read(Name);
    QVERIFY(read.wait());
    QCOMPARE(read.at(0).at(0).toString(), Name);
    const SecretStore::Result result = resultAt(read, 0);
    QCOMPARE(result.status, Status::Ok);
    QCOMPARE(result.secret, QStringLiteral("first value"));
    QVERIFY(result.message.isEmpty());
}

void MemorySecretStoreTest::overwrite()
{
    MemorySecretStore store;
    QSignalSpy read(&store, &SecretStore::readFinished);
    store.write(Name, QStringLiteral("first value"));
    store.write(Name, QStringLiteral("second value"));
    store.read(Name);
    QVERIFY(read.wait());
    QCOMPARE(resultAt(read, 0).secret, QStringLiteral("second value"));
}

void MemorySecretStoreTest::remove()
{
    MemorySecretStore store;
    QSignalSpy removed(&store, &SecretStore::removeFinished);
    QSignalSpy read(&store, &SecretStore::readFinished);
    store.write(Name, QStringLiteral("a value"));
    store.remove(Name);
    QVERIFY(removed.wait());
    QVERIFY(resultAt(removed, 0).isOk());

    store.read(Name);
    QVERIFY(read.wait());
    QCOMPARE(resultAt(read, 0).status, Status::NotFound);
}

void MemorySecretStoreTest::readNotFound()
{
    MemorySecretStore store;
    QSignalSpy read(&store, &SecretStore::readFinished);
    store.read(Name);
    QVERIFY(read.wait());
    const SecretStore::Result result = resultAt(read, 0);
    QCOMPARE(result.status, Status::NotFound);
    QVERIFY(!result.isOk());
    QVERIFY(result.secret.isEmpty());
    QVERIFY2(result.message.contains(Name), qPrintable(result.message));
}

void MemorySecretStoreTest::removeNotFoundIsOk()
{
    MemorySecretStore store;
    QSignalSpy removed(&store, &SecretStore::removeFinished);
    store.remove(Name);
    QVERIFY(removed.wait());
    QVERIFY(resultAt(removed, 0).isOk());
}

void MemorySecretStoreTest::signalsComeAfterTheCall()
{
    MemorySecretStore store;
    QSignalSpy written(&store, &SecretStore::writeFinished);
    QSignalSpy read(&store, &SecretStore::readFinished);
    QSignalSpy removed(&store, &SecretStore::removeFinished);

    store.write(Name, QStringLiteral("a value"));
    QCOMPARE(written.count(), 0);
    store.read(Name);
    QCOMPARE(read.count(), 0);
    store.remove(Name);
    QCOMPARE(removed.count(), 0);

    // Connected after calling, still in time.
    QTRY_COMPARE(written.count() + read.count() + removed.count(), 3);
}

void MemorySecretStoreTest::oneSignalPerCallInOrder()
{
    MemorySecretStore store;
    QStringList events;
    const auto record = [&events](const QString &kind) {
        return [&events, kind](const QString &name, const SecretStore::Result &result) {
            events.append(QStringLiteral("%1 %2 %3").arg(kind, name, result.secret));
        };
    };
    connect(&store, &SecretStore::writeFinished, this, record(QStringLiteral("write")));
    connect(&store, &SecretStore::readFinished, this, record(QStringLiteral("read")));
    connect(&store, &SecretStore::removeFinished, this, record(QStringLiteral("remove")));

    store.write(QStringLiteral("a"), QStringLiteral("1"));
    store.write(QStringLiteral("b"), QStringLiteral("2"));
    store.read(QStringLiteral("a"));
    store.remove(QStringLiteral("a"));
    store.read(QStringLiteral("b"));
    store.read(QStringLiteral("a"));

    const QStringList expected{QStringLiteral("write a "), QStringLiteral("write b "),
                               QStringLiteral("read a 1"), QStringLiteral("remove a "),
                               QStringLiteral("read b 2"), QStringLiteral("read a ")};
    QTRY_COMPARE(events.size(), expected.size());
    QCOMPARE(events, expected);
    // Nothing more comes once the event loop has run again.
    QCoreApplication::processEvents();
    QCOMPARE(events, expected);
}

void MemorySecretStoreTest::storesAreSeparate()
{
    MemorySecretStore one;
    MemorySecretStore other;
    QSignalSpy read(&other, &SecretStore::readFinished);
    one.write(Name, QStringLiteral("a value"));
    other.read(Name);
    QVERIFY(read.wait());
    QCOMPARE(resultAt(read, 0).status, Status::NotFound);
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::MemorySecretStoreTest)

#include "tst_memorysecretstore.moc"
