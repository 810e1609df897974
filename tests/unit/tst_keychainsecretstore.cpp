#include "secrets/keychainsecretstore.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <algorithm>

namespace atelier {

namespace {

using Status = SecretStore::Status;

const QString Service = QStringLiteral("AtelierTest");
const QString Name = QStringLiteral("openai-api-key");
constexpr int TimeoutMs = 10'000;

// Everything logged while the tests run, to prove the secret never reaches a log line.
QStringList loggedMessages;
QtMessageHandler previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    loggedMessages.append(message);
    previousHandler(type, context, message);
}

SecretStore::Result resultAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(1).value<SecretStore::Result>();
}

} // namespace

// The keychain as a headless machine or CI has it: no D-Bus session bus. The home and XDG folders point into
// a temporary folder so that a file written by QtKeychain would be seen.
class KeychainSecretStoreTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void displayName();
    void writeEndsUnavailable();
    void readEndsUnavailableOrNotFound();
    void removeEndsUnavailableOrOk();
    void oneSignalPerCallInOrder();
    void noFileAndNoLogHoldsTheSecret();

private:
    QTemporaryDir m_home;
    // Unique per run and not shaped like a real key.
    const QString m_secret = QStringLiteral("canary-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
};

void KeychainSecretStoreTest::initTestCase()
{
    QVERIFY(m_home.isValid());
    const QString runtime = m_home.filePath(QStringLiteral("runtime"));
    QVERIFY(QDir().mkpath(runtime));
    QVERIFY(QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    // Before the first job: QtKeychain picks its backend, and Qt and GLib find the bus, once per process.
    qputenv("HOME", QFile::encodeName(m_home.path()));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("cache"))));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime)); // no "bus" socket in it
    // No X11 autolaunch of a bus (dbus-launch) and no desktop to pick KWallet by.
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION",
                             "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID"})
        qunsetenv(name);
    // ATELIER_TEST_SESSION_BUS, set by CTest for a second run, is a bus address that leads nowhere;
    // without it there is no address at all.
    if (const QByteArray bus = qgetenv("ATELIER_TEST_SESSION_BUS"); bus.isEmpty())
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    else
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);

    previousHandler = qInstallMessageHandler(recordMessage);
}

void KeychainSecretStoreTest::displayName()
{
    QCOMPARE(KeychainSecretStore(Service).displayName(), QStringLiteral("the system keychain"));
}

void KeychainSecretStoreTest::writeEndsUnavailable()
{
    KeychainSecretStore store(Service, TimeoutMs);
    QSignalSpy written(&store, &SecretStore::writeFinished);
    QElapsedTimer clock;
    clock.start();
    store.write(Name, m_secret);
    QCOMPARE(written.count(), 0);
    QVERIFY(written.wait(2 * TimeoutMs));
    qInfo() << "answered after" << clock.elapsed() << "ms";

    QCOMPARE(written.at(0).at(0).toString(), Name);
    const SecretStore::Result result = resultAt(written, 0);
    QCOMPARE(result.status, Status::Unavailable);
    QVERIFY(result.secret.isEmpty());
    // The reason, not the time-out: without a bus the answer comes at once.
    QVERIFY2(result.message.contains(QLatin1String("no D-Bus session")), qPrintable(result.message));
    QVERIFY2(result.message.contains(QLatin1String("nothing was saved")), qPrintable(result.message));
    QVERIFY(!result.message.contains(m_secret));
    QVERIFY(clock.elapsed() < TimeoutMs);
    // No time-out is left to report a second time.
    QVERIFY(store.findChildren<QTimer *>().isEmpty());
}

void KeychainSecretStoreTest::readEndsUnavailableOrNotFound()
{
    KeychainSecretStore store(Service, TimeoutMs);
    QSignalSpy read(&store, &SecretStore::readFinished);
    store.read(Name);
    QCOMPARE(read.count(), 0);
    QVERIFY(read.wait(2 * TimeoutMs));

    const SecretStore::Result result = resultAt(read, 0);
    QVERIFY2(result.status == Status::Unavailable || result.status == Status::NotFound,
             qPrintable(result.message));
    QVERIFY(result.secret.isEmpty());
    if (result.status == Status::Unavailable)
        QVERIFY2(result.message.contains(QLatin1String("no D-Bus session")), qPrintable(result.message));
    QVERIFY(store.findChildren<QTimer *>().isEmpty());
}

void KeychainSecretStoreTest::removeEndsUnavailableOrOk()
{
    KeychainSecretStore store(Service, TimeoutMs);
    QSignalSpy removed(&store, &SecretStore::removeFinished);
    store.remove(Name);
    QCOMPARE(removed.count(), 0);
    QVERIFY(removed.wait(2 * TimeoutMs));

    const SecretStore::Result result = resultAt(removed, 0);
    QVERIFY2(result.status == Status::Unavailable || result.status == Status::Ok, qPrintable(result.message));
    if (result.status == Status::Unavailable)
        QVERIFY2(result.message.contains(QLatin1String("nothing was removed")), qPrintable(result.message));
}

void KeychainSecretStoreTest::oneSignalPerCallInOrder()
{
    KeychainSecretStore store(Service, TimeoutMs);
    QStringList events;
    const auto record = [&events](const QString &kind) {
        return [&events, kind](const QString &name) { events.append(kind + QLatin1Char(' ') + name); };
    };
    connect(&store, &SecretStore::writeFinished, this, record(QStringLiteral("write")));
    connect(&store, &SecretStore::readFinished, this, record(QStringLiteral("read")));
    connect(&store, &SecretStore::removeFinished, this, record(QStringLiteral("remove")));

    store.write(QStringLiteral("a"), m_secret);
    store.read(QStringLiteral("b"));
    store.remove(QStringLiteral("c"));

    const QStringList expected{QStringLiteral("write a"), QStringLiteral("read b"),
                               QStringLiteral("remove c")};
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), expected.size(), 2 * TimeoutMs);
    QCOMPARE(events, expected);
    QVERIFY(store.findChildren<QTimer *>().isEmpty());
}

void KeychainSecretStoreTest::noFileAndNoLogHoldsTheSecret()
{
    // Runs last: every test before wrote the secret.
    QStringList files;
    QDirIterator it(m_home.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(m_secret.toUtf8()), qPrintable(file.fileName()));
        files.append(file.fileName());
    }
    qInfo() << "files under the temporary home:" << files;

    // The store did log what QtKeychain answered.
    QVERIFY(std::any_of(loggedMessages.cbegin(), loggedMessages.cend(), [](const QString &message) {
        return message.contains(QLatin1String("QtKeychain"));
    }));
    for (const QString &message : std::as_const(loggedMessages))
        QVERIFY2(!message.contains(m_secret), qPrintable(message));
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::KeychainSecretStoreTest)

#include "tst_keychainsecretstore.moc"
