#include "storage/migrations.h"
#include "storage/statement.h"
#include "storage/store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

Q_DECLARE_METATYPE(atelier::HistoryQuery)

using namespace atelier;
using Category = GenerationError::Category;

namespace {

const qint64 kT0 = QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
constexpr qint64 kHour = 60LL * 60 * 1000;

Generation request(qint64 profileId, const QString &prompt,
                   const QString &model = QStringLiteral("gpt-image-1"))
{
    Generation g;
    g.request.profileId = profileId;
    g.request.prompt = prompt;
    g.request.model = model;
    g.provider = model == QLatin1String("offline") ? QStringLiteral("offline") : QStringLiteral("openai");
    g.size = QStringLiteral("1024x1024");
    return g;
}

// The store's own connection (not the test's), to look at what it set on itself.
QSqlDatabase storeConnection(const QString &path)
{
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        const QSqlDatabase db = QSqlDatabase::database(name, false);
        if (name != QLatin1String("raw") && db.databaseName() == path)
            return db;
    }
    return {};
}

QVariant scalar(const QSqlDatabase &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return {};
    return query.value(0);
}

QList<qint64> ids(const QList<Generation> &generations)
{
    QList<qint64> list;
    for (const Generation &g : generations)
        list.append(g.id);
    return list;
}

QVariantMap details(const Store::Event &event)
{
    return QJsonDocument::fromJson(event.details.toUtf8()).object().toVariantMap();
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void freshDatabaseHasNewestSchema();
    void sameStatementReadsNested();
    void pragmasAreInEffect();
    void reopeningKeepsData();
    void openReportsUnusablePath();
    void profileNames_data();
    void profileNames();
    void profileNamesIgnoreCase();
    void renameProfile();
    void topUpValidation();
    void insertRoundTrips();
    void insufficientTokensWritesNothing();
    void completedLifecycle();
    void updateStepOnlyWhileProcessing();
    void failedAndCancelledAreRefunded();
    void compareAndSet_data();
    void compareAndSet();
    void scheduleRetryKeepsReservation();
    void handBackDoesNotCountTheAttempt();
    void retryStartsANewRun();
    void retryNeedsTokens();
    void recoverInterrupted();
    void generationsWithStatusInQueueOrder();
    void historyFilters_data();
    void historyFilters();
    void historyText_data();
    void historyText();
    void userStats();
    void recentDurations();
    void eventsNameTheActor();

private:
    qint64 profileWith(qint64 tokens, const QString &name = QStringLiteral("Ada"));
    qint64 insert(qint64 profileId, const QString &prompt, qint64 reserve, qint64 at,
                  const QString &model = QStringLiteral("gpt-image-1"));
    qint64 started(qint64 profileId, qint64 reserve, int attempt = 1);
    void historyFixture();
    int ledgerRows() const { return scalar(m_raw, QStringLiteral("SELECT COUNT(*) FROM ledger")).toInt(); }
    int eventRows() const { return scalar(m_raw, QStringLiteral("SELECT COUNT(*) FROM events")).toInt(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    QString m_path;
    QSqlDatabase m_raw; // a second connection to the same file, as the CLI would have
    QHash<QString, qint64> m_ids;
};

void TestStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("data/nested/atelier.sqlite"));
    m_store = std::make_unique<Store>();
    const GenerationError error = m_store->open(m_path);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    m_raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
    m_raw.setDatabaseName(m_path);
    QVERIFY(m_raw.open());
    m_ids.clear();
}

void TestStore::cleanup()
{
    m_raw.close();
    m_raw = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    m_store.reset();
    m_dir.reset();
}

qint64 TestStore::profileWith(qint64 tokens, const QString &name)
{
    GenerationError error;
    const std::optional<Profile> profile = m_store->createProfile(name, tokens, kT0, &error);
    if (!profile)
        qWarning() << error.message;
    return profile ? profile->id : 0;
}

qint64 TestStore::insert(qint64 profileId, const QString &prompt, qint64 reserve, qint64 at,
                         const QString &model)
{
    GenerationError error;
    const qint64 id = m_store->insertGeneration(request(profileId, prompt, model), reserve, at, &error);
    if (id == 0)
        qWarning() << error.message;
    return id;
}

qint64 TestStore::started(qint64 profileId, qint64 reserve, int attempt)
{
    const qint64 id = insert(profileId, QStringLiteral("a lighthouse"), reserve, kT0);
    return m_store->markStarted(id, 1, attempt, kT0 + 1000) ? id : 0;
}

void TestStore::freshDatabaseHasNewestSchema()
{
    QVERIFY(m_store->isOpen());
    QVERIFY(Migrations::latestVersion() >= 1);
    QCOMPARE(m_store->schemaVersion(), Migrations::latestVersion());
    QVERIFY(QFileInfo::exists(m_path));
    for (const char *table : {"profiles", "generations", "generations_fts", "ledger", "events"})
        QVERIFY2(scalar(m_raw, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = ?"),
                        {QString::fromLatin1(table)})
                         .toInt() == 1,
                 table);
}

void TestStore::pragmasAreInEffect()
{
    const QSqlDatabase db = storeConnection(m_path);
    QVERIFY(db.isValid());
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA synchronous")).toInt(), 1); // NORMAL
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA busy_timeout")).toInt(), 5000);
}

void TestStore::reopeningKeepsData()
{
    const qint64 profile = profileWith(100);
    const qint64 id = insert(profile, QStringLiteral("a fox"), 30, kT0);
    m_store.reset();

    Store again;
    QVERIFY(!again.open(m_path).isError());
    QCOMPARE(again.schemaVersion(), Migrations::latestVersion());
    QCOMPARE(again.ledger().balance(profile), 70);
    QCOMPARE(again.generation(id)->request.prompt, QStringLiteral("a fox"));

    // Two stores on one file in one process, each with its own connection.
    Store second;
    QVERIFY(!second.open(m_path).isError());
    QVERIFY(second.topUp(profile, 5, {}, kT0, nullptr));
    QCOMPARE(again.ledger().balance(profile), 75);
}

void TestStore::openReportsUnusablePath()
{
    QFile blocker(m_dir->filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Store store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Could not create the folder ")));
    const GenerationError error = store.open(m_dir->filePath(QStringLiteral("file/atelier.sqlite")));
    QCOMPARE(error.category, Category::Storage);
    QVERIFY(!error.message.isEmpty());
    QVERIFY(!store.isOpen());
}

void TestStore::profileNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("stored"); // empty: refused
    QTest::newRow("plain") << QStringLiteral("Ada") << QStringLiteral("Ada");
    QTest::newRow("trimmed") << QStringLiteral("  Grace Hopper \t") << QStringLiteral("Grace Hopper");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("blank") << QStringLiteral("   ") << QString();
    QTest::newRow("64 characters") << QString(64, QLatin1Char('x')) << QString(64, QLatin1Char('x'));
    QTest::newRow("65 characters") << QString(65, QLatin1Char('x')) << QString();
}

void TestStore::profileNames()
{
    QFETCH(QString, name);
    QFETCH(QString, stored);
    GenerationError error;
    const std::optional<Profile> profile = m_store->createProfile(name, 500, kT0, &error);
    if (stored.isEmpty()) {
        QVERIFY(!profile);
        QCOMPARE(error.category, Category::Validation);
        QVERIFY(!error.message.isEmpty());
        QCOMPARE(m_store->profiles().size(), 0);
        QCOMPARE(ledgerRows(), 0);
        QCOMPARE(eventRows(), 0);
        return;
    }
    QVERIFY(profile);
    QCOMPARE(profile->name, stored);
    QCOMPARE(profile->balance, 500);
    QCOMPARE(m_store->profile(profile->id)->name, stored);
    QCOMPARE(m_store->profile(profile->id)->createdAt, QDateTime::fromMSecsSinceEpoch(kT0, Qt::UTC));
    QCOMPARE(m_store->ledger().entries(profile->id).size(), 1);
    QCOMPARE(m_store->ledger().entries(profile->id).first().kind, LedgerEntry::Kind::Grant);
}

void TestStore::profileNamesIgnoreCase()
{
    QVERIFY(profileWith(0, QStringLiteral("Alice")) > 0);
    QCOMPARE(ledgerRows(), 0); // no grant entry for a grant of 0
    GenerationError error;
    QVERIFY(!m_store->createProfile(QStringLiteral(" alice "), 10, kT0, &error));
    QCOMPARE(error.category, Category::Validation);
    QCOMPARE(error.message, QStringLiteral("A profile named \"alice\" already exists."));
    QCOMPARE(m_store->profiles().size(), 1);
    QCOMPARE(m_store->profileByName(QStringLiteral("ALICE"))->name, QStringLiteral("Alice"));
    QVERIFY(!m_store->profileByName(QStringLiteral("Bob")));
}

void TestStore::renameProfile()
{
    const qint64 ada = profileWith(0, QStringLiteral("Ada"));
    profileWith(0, QStringLiteral("Grace"));
    GenerationError error;
    QVERIFY(!m_store->renameProfile(ada, QStringLiteral("GRACE"), &error));
    QCOMPARE(error.message, QStringLiteral("A profile named \"GRACE\" already exists."));
    QVERIFY(!m_store->renameProfile(ada, QStringLiteral(" "), &error));
    QCOMPARE(error.category, Category::Validation);
    QVERIFY(!m_store->renameProfile(ada, QString(65, QLatin1Char('y')), &error));
    QVERIFY(!m_store->renameProfile(999, QStringLiteral("Nobody"), &error));
    QCOMPARE(error.category, Category::Validation);
    QCOMPARE(m_store->profile(ada)->name, QStringLiteral("Ada"));

    QVERIFY(m_store->renameProfile(ada, QStringLiteral(" ADA "), &error)); // its own name in another case
    QCOMPARE(m_store->profile(ada)->name, QStringLiteral("ADA"));
    QVERIFY(m_store->renameProfile(ada, QStringLiteral("Lovelace"), &error));
    QCOMPARE(m_store->profileByName(QStringLiteral("lovelace"))->id, ada);
    const Store::Event event = m_store->events(ada, 1).first();
    QCOMPARE(event.kind, QStringLiteral("profile_renamed"));
    QCOMPARE(details(event).value(QStringLiteral("from")).toString(), QStringLiteral("ADA"));
}

void TestStore::topUpValidation()
{
    const qint64 profile = profileWith(10);
    GenerationError error;
    for (const qint64 amount : {0LL, -5LL}) {
        QVERIFY(!m_store->topUp(profile, amount, {}, kT0, &error));
        QCOMPARE(error.category, Category::Validation);
    }
    QVERIFY(!m_store->topUp(12345, 10, {}, kT0, &error));
    QCOMPARE(error.category, Category::Validation);
    QCOMPARE(ledgerRows(), 1);
    QVERIFY(m_store->topUp(profile, 25, QStringLiteral("gift"), kT0 + 5, &error));
    QCOMPARE(m_store->ledger().balance(profile), 35);
    const LedgerEntry entry = m_store->ledger().entries(profile).first();
    QCOMPARE(entry.kind, LedgerEntry::Kind::TopUp);
    QCOMPARE(entry.amount, 25);
    QCOMPARE(entry.note, QStringLiteral("gift"));
    QCOMPARE(entry.at.toMSecsSinceEpoch(), kT0 + 5);
}

void TestStore::insertRoundTrips()
{
    const qint64 profile = profileWith(100);
    Generation g = request(profile, QStringLiteral("a heron"));
    g.request.customPrompt = QStringLiteral("ink wash");
    g.request.style = QStringLiteral("vivid");
    g.request.quality = QStringLiteral("high");
    g.request.aspectRatio = QStringLiteral("16:9");
    g.request.size = QStringLiteral("1536x1024");
    g.request.productImages = {QStringLiteral("/tmp/a.png")};
    g.request.modelImages = {QStringLiteral("/tmp/b.png"), QStringLiteral("/tmp/c.webp")};
    g.request.imageCount = 2;
    g.request.parameters = {{QStringLiteral("background"), QStringLiteral("transparent")},
                            {QStringLiteral("seed"), 42}};
    g.status = GenerationStatus::Completed; // ignored: a new generation is always pending
    g.resultPaths = {QStringLiteral("ignored")};
    GenerationError error;
    const qint64 id = m_store->insertGeneration(g, 40, kT0, &error);
    QVERIFY2(id > 0, qPrintable(error.message));

    const Generation stored = *m_store->generation(id);
    QCOMPARE(stored.request, g.request);
    QCOMPARE(stored.provider, QStringLiteral("openai"));
    QCOMPARE(stored.size, QStringLiteral("1024x1024"));
    QCOMPARE(stored.status, GenerationStatus::Pending);
    QCOMPARE(stored.run, 1);
    QCOMPARE(stored.attempts, 0);
    QCOMPARE(stored.createdAt, QDateTime::fromMSecsSinceEpoch(kT0, Qt::UTC));
    QCOMPARE(stored.queuedAt, stored.createdAt);
    QVERIFY(!stored.startedAt.isValid() && !stored.finishedAt.isValid() && !stored.notBefore.isValid());
    QVERIFY(!stored.error.isError());
    QVERIFY(stored.resultPaths.isEmpty());
    QCOMPARE(stored.tokensReserved, 40);
    QCOMPARE(m_store->ledger().balance(profile), 60);
    QCOMPARE(m_store->ledger().heldFor(id, 1), 40);
    QCOMPARE(m_store->events(profile, 1).first().kind, QStringLiteral("queued"));
    QVERIFY(!m_store->generation(id + 1));

    // A free generation reserves nothing and writes no ledger entry.
    const int rows = ledgerRows();
    QVERIFY(insert(profile, QStringLiteral("free"), 0, kT0, QStringLiteral("offline")) > 0);
    QCOMPARE(ledgerRows(), rows);
    QVERIFY(!m_store->insertGeneration(request(777, QStringLiteral("x")), 0, kT0, &error));
    QCOMPARE(error.category, Category::Validation);
}

void TestStore::insufficientTokensWritesNothing()
{
    const qint64 profile = profileWith(12);
    const int ledger = ledgerRows();
    const int events = eventRows();
    GenerationError error;
    QCOMPARE(m_store->insertGeneration(request(profile, QStringLiteral("a whale")), 40, kT0, &error), 0);
    QCOMPARE(error.category, Category::InsufficientTokens);
    QCOMPARE(error.message, QStringLiteral("Not enough tokens: the balance is 12 and this costs 40."));
    QCOMPARE(scalar(m_raw, QStringLiteral("SELECT COUNT(*) FROM generations")).toInt(), 0);
    QCOMPARE(ledgerRows(), ledger);
    QCOMPARE(eventRows(), events);
    QCOMPARE(m_store->ledger().balance(profile), 12);
    QVERIFY(insert(profile, QStringLiteral("exactly enough"), 12, kT0) > 0);
    QCOMPARE(m_store->ledger().balance(profile), 0);
}

void TestStore::completedLifecycle()
{
    const qint64 profile = profileWith(100);
    const qint64 id = insert(profile, QStringLiteral("a kite"), 40, kT0);
    QVERIFY(m_store->markStarted(id, 1, 1, kT0 + 1000));
    Generation g = *m_store->generation(id);
    QCOMPARE(g.status, GenerationStatus::Processing);
    QCOMPARE(g.attempts, 1);
    QCOMPARE(g.step, QStringLiteral("Starting"));
    QCOMPARE(g.startedAt.toMSecsSinceEpoch(), kT0 + 1000);
    QVERIFY(m_store->updateStep(id, 1, 60, QStringLiteral("Rendering")));
    QCOMPARE(m_store->generation(id)->progress, 60);

    const QStringList paths{QStringLiteral("/pictures/1.png"), QStringLiteral("/pictures/2.png")};
    QVERIFY(m_store->markCompleted(id, 1, paths, 25, kT0 + 5000));
    g = *m_store->generation(id);
    QCOMPARE(g.status, GenerationStatus::Completed);
    QCOMPARE(g.resultPaths, paths);
    QCOMPARE(g.progress, 100);
    QCOMPARE(g.step, QStringLiteral("Done"));
    QCOMPARE(g.processingMs(), 4000);
    QCOMPARE(g.tokensCharged, 25);
    QCOMPARE(m_store->ledger().balance(profile), 75);
    QCOMPARE(m_store->ledger().heldFor(id, 1), 0);
    const LedgerEntry settle = m_store->ledger().entries(profile).first();
    QCOMPARE(settle.kind, LedgerEntry::Kind::Settle);
    QCOMPARE(settle.amount, 15);
    QCOMPARE(settle.generationId, id);
    QCOMPARE(settle.run, 1);
}

void TestStore::updateStepOnlyWhileProcessing()
{
    const qint64 profile = profileWith(100);
    const qint64 id = insert(profile, QStringLiteral("a moth"), 0, kT0);
    QVERIFY(!m_store->updateStep(id, 1, 10, QStringLiteral("early")));
    QVERIFY(m_store->markStarted(id, 1, 1, kT0));
    QVERIFY(!m_store->updateStep(id, 2, 10, QStringLiteral("wrong run")));
    QVERIFY(m_store->updateStep(id, 1, 10, QStringLiteral("Sketching")));
    QCOMPARE(m_store->generation(id)->step, QStringLiteral("Sketching"));
}

void TestStore::failedAndCancelledAreRefunded()
{
    const qint64 profile = profileWith(100);
    const qint64 running = started(profile, 30);
    const qint64 waiting = insert(profile, QStringLiteral("a bear"), 20, kT0);
    QCOMPARE(m_store->ledger().balance(profile), 50);

    const GenerationError refused =
        GenerationError::make(Category::ContentPolicy, QStringLiteral("Refused."), 400);
    QVERIFY(m_store->markFailed(running, 1, refused, kT0 + 2000));
    Generation g = *m_store->generation(running);
    QCOMPARE(g.status, GenerationStatus::Failed);
    QCOMPARE(g.error.category, Category::ContentPolicy);
    QCOMPARE(g.error.message, QStringLiteral("Refused."));
    QCOMPARE(g.error.httpStatus, 400);
    QCOMPARE(g.finishedAt.toMSecsSinceEpoch(), kT0 + 2000);
    QCOMPARE(m_store->ledger().balance(profile), 80);

    QVERIFY(m_store->markCancelled(waiting, 1, kT0 + 3000));
    g = *m_store->generation(waiting);
    QCOMPARE(g.status, GenerationStatus::Cancelled);
    QCOMPARE(g.error.category, Category::Cancelled);
    QCOMPARE(m_store->ledger().balance(profile), 100);
    QCOMPARE(m_store->ledger().entries(profile).first().kind, LedgerEntry::Kind::Refund);
}

void TestStore::compareAndSet_data()
{
    QTest::addColumn<QString>("from"); // the state the generation is put in
    QTest::addColumn<QString>("transition");
    for (const char *transition : {"started", "completed", "scheduleRetry", "handBack"})
        QTest::newRow(qPrintable(QStringLiteral("%1 on cancelled").arg(QLatin1String(transition))))
            << QStringLiteral("cancelled") << QString::fromLatin1(transition);
    QTest::newRow("started on processing") << QStringLiteral("processing") << QStringLiteral("started");
    QTest::newRow("started on completed") << QStringLiteral("completed") << QStringLiteral("started");
    QTest::newRow("completed on pending") << QStringLiteral("pending") << QStringLiteral("completed");
    QTest::newRow("completed on failed") << QStringLiteral("failed") << QStringLiteral("completed");
    QTest::newRow("failed on completed") << QStringLiteral("completed") << QStringLiteral("failed");
    QTest::newRow("failed on cancelled") << QStringLiteral("cancelled") << QStringLiteral("failed");
    QTest::newRow("cancelled on failed") << QStringLiteral("failed") << QStringLiteral("cancelled");
    QTest::newRow("cancelled on completed") << QStringLiteral("completed") << QStringLiteral("cancelled");
    QTest::newRow("scheduleRetry on pending") << QStringLiteral("pending") << QStringLiteral("scheduleRetry");
    QTest::newRow("handBack on pending") << QStringLiteral("pending") << QStringLiteral("handBack");
    QTest::newRow("retry on pending") << QStringLiteral("pending") << QStringLiteral("retry");
    QTest::newRow("retry on processing") << QStringLiteral("processing") << QStringLiteral("retry");
    QTest::newRow("retry on completed") << QStringLiteral("completed") << QStringLiteral("retry");
    QTest::newRow("completed, wrong run")
        << QStringLiteral("processing") << QStringLiteral("completed run 2");
    QTest::newRow("cancelled, wrong run") << QStringLiteral("pending") << QStringLiteral("cancelled run 2");
}

void TestStore::compareAndSet()
{
    QFETCH(QString, from);
    QFETCH(QString, transition);
    const qint64 profile = profileWith(100);
    const qint64 id = insert(profile, QStringLiteral("a heron"), 40, kT0);
    if (from != QLatin1String("pending"))
        QVERIFY(m_store->markStarted(id, 1, 1, kT0 + 1));
    if (from == QLatin1String("completed"))
        QVERIFY(m_store->markCompleted(id, 1, {}, 40, kT0 + 2));
    else if (from == QLatin1String("failed"))
        QVERIFY(m_store->markFailed(id, 1, GenerationError::make(Category::Server, QStringLiteral("500")),
                                    kT0 + 2));
    else if (from == QLatin1String("cancelled"))
        QVERIFY(m_store->markCancelled(id, 1, kT0 + 2));

    const Generation before = *m_store->generation(id);
    const int ledger = ledgerRows();
    const int events = eventRows();
    const qint64 balance = m_store->ledger().balance(profile);
    const qint64 at = kT0 + 10'000;
    const GenerationError error = GenerationError::make(Category::Timeout, QStringLiteral("Too slow."));
    bool changed = true;
    if (transition == QLatin1String("started"))
        changed = m_store->markStarted(id, 1, 2, at);
    else if (transition == QLatin1String("completed"))
        changed = m_store->markCompleted(id, 1, {QStringLiteral("/x.png")}, 10, at);
    else if (transition == QLatin1String("completed run 2"))
        changed = m_store->markCompleted(id, 2, {QStringLiteral("/x.png")}, 10, at);
    else if (transition == QLatin1String("failed"))
        changed = m_store->markFailed(id, 1, error, at);
    else if (transition == QLatin1String("cancelled"))
        changed = m_store->markCancelled(id, 1, at);
    else if (transition == QLatin1String("cancelled run 2"))
        changed = m_store->markCancelled(id, 2, at);
    else if (transition == QLatin1String("scheduleRetry"))
        changed = m_store->scheduleRetry(id, 1, error, at + 5000, at);
    else if (transition == QLatin1String("handBack"))
        changed = m_store->handBack(id, 1, at);
    else if (transition == QLatin1String("retry")) {
        GenerationError refused;
        changed = m_store->retry(id, 10, at, &refused);
        QCOMPARE(refused.category, Category::Validation);
    }
    QVERIFY(!changed);
    const Generation after = *m_store->generation(id);
    QCOMPARE(after.status, before.status);
    QCOMPARE(after.run, before.run);
    QCOMPARE(after.attempts, before.attempts);
    QCOMPARE(after.queuedAt, before.queuedAt);
    QCOMPARE(after.finishedAt, before.finishedAt);
    QCOMPARE(after.resultPaths, before.resultPaths);
    QCOMPARE(after.error.category, before.error.category);
    QCOMPARE(ledgerRows(), ledger);
    QCOMPARE(eventRows(), events);
    QCOMPARE(m_store->ledger().balance(profile), balance);
}

void TestStore::scheduleRetryKeepsReservation()
{
    const qint64 profile = profileWith(100);
    const qint64 id = started(profile, 40);
    const GenerationError limited =
        GenerationError::make(Category::RateLimit, QStringLiteral("Slow down."), 429);
    QVERIFY(m_store->scheduleRetry(id, 1, limited, kT0 + 9000, kT0 + 4000));
    Generation g = *m_store->generation(id);
    QCOMPARE(g.status, GenerationStatus::Pending);
    QCOMPARE(g.notBefore.toMSecsSinceEpoch(), kT0 + 9000);
    QCOMPARE(g.queuedAt.toMSecsSinceEpoch(), kT0 + 4000);
    QCOMPARE(g.error.category, Category::RateLimit);
    QCOMPARE(g.error.httpStatus, 429);
    QVERIFY(g.error.retryable);
    QCOMPARE(g.attempts, 1);
    QCOMPARE(m_store->ledger().heldFor(id, 1), 40);
    QCOMPARE(m_store->ledger().balance(profile), 60);
    const Store::Event event = m_store->events(profile, 1).first();
    QCOMPARE(event.kind, QStringLiteral("retry_scheduled"));
    QCOMPARE(details(event).value(QStringLiteral("attempt")).toInt(), 1);
    QCOMPARE(details(event).value(QStringLiteral("category")).toString(), QStringLiteral("rate_limit"));

    QVERIFY(m_store->markStarted(id, 1, 2, kT0 + 9000));
    g = *m_store->generation(id);
    QCOMPARE(g.attempts, 2);
    QCOMPARE(g.error.category, Category::RateLimit); // still shown while the next attempt runs
    QVERIFY(m_store->markCompleted(id, 1, {QStringLiteral("/a.png")}, 40, kT0 + 12'000));
    g = *m_store->generation(id);
    QVERIFY(!g.error.isError());
    QVERIFY(!g.notBefore.isValid());
    QCOMPARE(m_store->ledger().balance(profile), 60);
}

void TestStore::handBackDoesNotCountTheAttempt()
{
    const qint64 profile = profileWith(100);
    const qint64 id = started(profile, 40, 2);
    const int ledger = ledgerRows();
    QVERIFY(m_store->handBack(id, 1, kT0 + 7000));
    const Generation g = *m_store->generation(id);
    QCOMPARE(g.status, GenerationStatus::Pending);
    QCOMPARE(g.attempts, 1);
    QCOMPARE(g.queuedAt.toMSecsSinceEpoch(), kT0);
    QCOMPARE(ledgerRows(), ledger);
    QCOMPARE(m_store->ledger().heldFor(id, 1), 40);
}

void TestStore::retryStartsANewRun()
{
    const qint64 profile = profileWith(100);
    const qint64 id = started(profile, 40);
    QVERIFY(m_store->markFailed(id, 1, GenerationError::make(Category::Server, QStringLiteral("Boom."), 500),
                                kT0 + 3000));
    GenerationError error;
    QVERIFY(m_store->retry(id, 35, kT0 + 60'000, &error));
    const Generation g = *m_store->generation(id);
    QCOMPARE(g.status, GenerationStatus::Pending);
    QCOMPARE(g.run, 2);
    QCOMPARE(g.attempts, 0);
    QCOMPARE(g.progress, 0);
    QCOMPARE(g.step, QString());
    QVERIFY(!g.error.isError());
    QVERIFY(!g.startedAt.isValid() && !g.finishedAt.isValid() && !g.notBefore.isValid());
    QVERIFY(g.resultPaths.isEmpty());
    QCOMPARE(g.queuedAt.toMSecsSinceEpoch(), kT0 + 60'000);
    QCOMPARE(g.createdAt.toMSecsSinceEpoch(), kT0);
    QCOMPARE(g.tokensReserved, 35);
    QCOMPARE(g.tokensCharged, 0);
    QCOMPARE(m_store->ledger().balance(profile), 65);
    QCOMPARE(m_store->ledger().heldFor(id, 1), 0);
    QCOMPARE(m_store->ledger().heldFor(id, 2), 35);
    QCOMPARE(m_store->events(profile, 1).first().kind, QStringLiteral("retried"));

    // The old run's transitions no longer apply; the new run's do.
    QVERIFY(!m_store->markStarted(id, 1, 1, kT0 + 61'000));
    QVERIFY(m_store->markStarted(id, 2, 1, kT0 + 61'000));
    QVERIFY(m_store->markCancelled(id, 2, kT0 + 62'000));
    QCOMPARE(m_store->ledger().balance(profile), 100);
    QVERIFY(m_store->retry(id, 0, kT0 + 70'000, &error));
    QCOMPARE(m_store->generation(id)->run, 3);
}

void TestStore::retryNeedsTokens()
{
    const qint64 profile = profileWith(50);
    const qint64 id = insert(profile, QStringLiteral("an owl"), 50, kT0);
    QVERIFY(m_store->markCancelled(id, 1, kT0 + 1));
    QVERIFY(insert(profile, QStringLiteral("a second owl"), 45, kT0 + 2) > 0);
    const int ledger = ledgerRows();
    const int events = eventRows();
    GenerationError error;
    QVERIFY(!m_store->retry(id, 40, kT0 + 3, &error));
    QCOMPARE(error.category, Category::InsufficientTokens);
    QCOMPARE(error.message, QStringLiteral("Not enough tokens: the balance is 5 and this costs 40."));
    const Generation g = *m_store->generation(id);
    QCOMPARE(g.status, GenerationStatus::Cancelled);
    QCOMPARE(g.run, 1);
    QCOMPARE(ledgerRows(), ledger);
    QCOMPARE(eventRows(), events);
    QVERIFY(!m_store->retry(4242, 1, kT0, &error));
    QCOMPARE(error.category, Category::Validation);
}

void TestStore::recoverInterrupted()
{
    const qint64 profile = profileWith(100);
    const qint64 early = started(profile, 10, 1);
    const qint64 spent = started(profile, 20, 3);
    const qint64 waiting = insert(profile, QStringLiteral("queued"), 30, kT0 + 5);
    QCOMPARE(m_store->ledger().balance(profile), 40);

    const RecoveryReport report = m_store->recoverInterrupted(3, kT0 + 100'000);
    QCOMPARE(report.requeued, QList<qint64>{early});
    QCOMPARE(report.failed, QList<qint64>{spent});

    Generation g = *m_store->generation(early);
    QCOMPARE(g.status, GenerationStatus::Pending);
    QCOMPARE(g.attempts, 1);
    QCOMPARE(g.queuedAt.toMSecsSinceEpoch(), kT0);
    QCOMPARE(m_store->ledger().heldFor(early, 1), 10);

    g = *m_store->generation(spent);
    QCOMPARE(g.status, GenerationStatus::Failed);
    QCOMPARE(g.error.category, Category::Internal);
    QCOMPARE(g.error.message,
             QStringLiteral("Atelier stopped while this was running, and it had no attempts left."));
    QCOMPARE(g.finishedAt.toMSecsSinceEpoch(), kT0 + 100'000);
    QCOMPARE(m_store->ledger().heldFor(spent, 1), 0);
    QCOMPARE(m_store->generation(waiting)->status, GenerationStatus::Pending);
    QCOMPARE(m_store->ledger().balance(profile), 60);

    const int ledger = ledgerRows();
    const int events = eventRows();
    const RecoveryReport again = m_store->recoverInterrupted(3, kT0 + 200'000);
    QVERIFY(again.requeued.isEmpty() && again.failed.isEmpty());
    QCOMPARE(ledgerRows(), ledger);
    QCOMPARE(eventRows(), events);
}

void TestStore::generationsWithStatusInQueueOrder()
{
    const qint64 profile = profileWith(100);
    const qint64 later = insert(profile, QStringLiteral("b"), 0, kT0 + 10);
    const qint64 first = insert(profile, QStringLiteral("a"), 0, kT0);
    const qint64 tie = insert(profile, QStringLiteral("c"), 0, kT0 + 10);
    const qint64 running = insert(profile, QStringLiteral("d"), 0, kT0 + 1);
    QVERIFY(m_store->markStarted(running, 1, 1, kT0 + 20));
    QCOMPARE(ids(m_store->generationsWithStatus(GenerationStatus::Pending)),
             (QList<qint64>{first, later, tie}));
    QCOMPARE(ids(m_store->generationsWithStatus(GenerationStatus::Processing)), QList<qint64>{running});
    QVERIFY(m_store->generationsWithStatus(GenerationStatus::Failed).isEmpty());
}

// Five generations an hour apart, newest last, in every status; and one of another profile.
void TestStore::historyFixture()
{
    const qint64 profile = profileWith(1000);
    const qint64 other = profileWith(1000, QStringLiteral("Other"));
    m_ids[QStringLiteral("profile")] = profile;
    const auto add = [&](const QString &key, const QString &prompt, const QString &model, int hours) {
        m_ids[key] = insert(profile, prompt, 0, kT0 + hours * kHour, model);
    };
    add(QStringLiteral("h1"), QStringLiteral("A red cat on the roof"), QStringLiteral("gpt-image-1"), 0);
    Generation dog = request(profile, QStringLiteral("Blue dog in the park"), QStringLiteral("offline"));
    dog.request.customPrompt = QStringLiteral("Watercolor style");
    m_ids[QStringLiteral("h2")] = m_store->insertGeneration(dog, 0, kT0 + kHour, nullptr);
    add(QStringLiteral("h3"), QStringLiteral("Catalog cover, café at night"), QStringLiteral("gpt-image-1"),
        2);
    add(QStringLiteral("h4"), QStringLiteral("a OR b test"), QStringLiteral("offline"), 3);
    add(QStringLiteral("h5"), QStringLiteral("Red car"), QStringLiteral("gpt-image-1"), 4);
    QVERIFY(insert(other, QStringLiteral("red cat"), 0, kT0) > 0);

    QVERIFY(m_store->markStarted(m_ids[QStringLiteral("h1")], 1, 1, kT0));
    QVERIFY(m_store->markCompleted(m_ids[QStringLiteral("h1")], 1, {}, 0, kT0 + 1));
    QVERIFY(m_store->markFailed(m_ids[QStringLiteral("h2")], 1, GenerationError::make(Category::Network, {}),
                                kT0));
    QVERIFY(m_store->markCancelled(m_ids[QStringLiteral("h4")], 1, kT0));
}

void TestStore::historyFilters_data()
{
    QTest::addColumn<HistoryQuery>("query");
    QTest::addColumn<QStringList>("expected"); // in the order returned
    QTest::addColumn<int>("count");            // without paging
    const auto at = [](int hours) { return QDateTime::fromMSecsSinceEpoch(kT0 + hours * kHour, Qt::UTC); };
    const QStringList all{QStringLiteral("h5"), QStringLiteral("h4"), QStringLiteral("h3"),
                          QStringLiteral("h2"), QStringLiteral("h1")};
    HistoryQuery q;
    QTest::newRow("everything, newest first") << q << all << 5;
    q.newestFirst = false;
    QTest::newRow("oldest first") << q << QStringList{all.crbegin(), all.crend()} << 5;
    q = {};
    q.limit = 2;
    q.offset = 1;
    QTest::newRow("second page") << q << QStringList{QStringLiteral("h4"), QStringLiteral("h3")} << 5;
    q.offset = 4;
    QTest::newRow("last page") << q << QStringList{QStringLiteral("h1")} << 5;
    q.offset = 10;
    QTest::newRow("past the end") << q << QStringList{} << 5;
    q = {};
    q.statuses = {GenerationStatus::Pending};
    QTest::newRow("pending") << q << QStringList{QStringLiteral("h5"), QStringLiteral("h3")} << 2;
    q.statuses = {GenerationStatus::Failed, GenerationStatus::Cancelled};
    QTest::newRow("failed or cancelled") << q << QStringList{QStringLiteral("h4"), QStringLiteral("h2")} << 2;
    q = {};
    q.model = QStringLiteral("offline");
    QTest::newRow("model") << q << QStringList{QStringLiteral("h4"), QStringLiteral("h2")} << 2;
    q.text = QStringLiteral("b");
    QTest::newRow("model and text") << q << QStringList{QStringLiteral("h4"), QStringLiteral("h2")} << 2;
    q = {};
    q.from = at(1);
    q.to = at(3);
    QTest::newRow("from inclusive, to exclusive")
        << q << QStringList{QStringLiteral("h3"), QStringLiteral("h2")} << 2;
    q.to = {};
    q.limit = 1;
    QTest::newRow("from, paged") << q << QStringList{QStringLiteral("h5")} << 4;
    q = {};
    q.statuses = {GenerationStatus::Pending, GenerationStatus::Completed};
    q.model = QStringLiteral("gpt-image-1");
    q.text = QStringLiteral("red");
    q.to = at(4);
    QTest::newRow("all filters") << q << QStringList{QStringLiteral("h1")} << 1;
}

void TestStore::historyFilters()
{
    QFETCH(HistoryQuery, query);
    QFETCH(QStringList, expected);
    QFETCH(int, count);
    historyFixture();
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    const qint64 profile = m_ids[QStringLiteral("profile")];
    QList<qint64> expectedIds;
    for (const QString &key : std::as_const(expected))
        expectedIds.append(m_ids[key]);
    QCOMPARE(ids(m_store->history(profile, query)), expectedIds);
    QCOMPARE(m_store->historyCount(profile, query), count);
}

void TestStore::historyText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    const QStringList all{QStringLiteral("h5"), QStringLiteral("h4"), QStringLiteral("h3"),
                          QStringLiteral("h2"), QStringLiteral("h1")};
    QTest::newRow("prefix") << QStringLiteral("cat")
                            << QStringList{QStringLiteral("h3"), QStringLiteral("h1")};
    QTest::newRow("two prefixes") << QStringLiteral("red ca")
                                  << QStringList{QStringLiteral("h5"), QStringLiteral("h1")};
    QTest::newRow("any case, all words") << QStringLiteral("CAT roof") << QStringList{QStringLiteral("h1")};
    QTest::newRow("custom prompt") << QStringLiteral("watercol") << QStringList{QStringLiteral("h2")};
    QTest::newRow("without accents") << QStringLiteral("cafe") << QStringList{QStringLiteral("h3")};
    QTest::newRow("with accents") << QStringLiteral("Café") << QStringList{QStringLiteral("h3")};
    QTest::newRow("no match") << QStringLiteral("zebra") << QStringList{};
    QTest::newRow("quote and operators") << QStringLiteral("\"a OR b*") << QStringList{QStringLiteral("h4")};
    QTest::newRow("NEAR(") << QStringLiteral("NEAR(") << QStringList{};
    QTest::newRow("NEAR(cat") << QStringLiteral("NEAR(cat") << QStringList{};
    QTest::newRow("AND is a word") << QStringLiteral("AND") << QStringList{};
    QTest::newRow("column filter is text") << QStringLiteral("prompt:cat") << QStringList{};
    QTest::newRow("minus") << QStringLiteral("-cat")
                           << QStringList{QStringLiteral("h3"), QStringLiteral("h1")};
    QTest::newRow("punctuation only is ignored") << QStringLiteral("\" * ( ) :") << all;
    QTest::newRow("blank is ignored") << QStringLiteral(" \t ") << all;
}

void TestStore::historyText()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    historyFixture();
    // A query SQLite refused would also come back empty: make any logged failure count.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    HistoryQuery query;
    query.text = text;
    QList<qint64> expectedIds;
    for (const QString &key : std::as_const(expected))
        expectedIds.append(m_ids[key]);
    const qint64 profile = m_ids[QStringLiteral("profile")];
    QCOMPARE(ids(m_store->history(profile, query)), expectedIds);
    QCOMPARE(m_store->historyCount(profile, query), expectedIds.size());
}

void TestStore::userStats()
{
    const qint64 profile = profileWith(1000);
    const qint64 other = profileWith(1000, QStringLiteral("Other"));
    const auto day = [](int d, int h, int m = 0) {
        return QDateTime(QDate(2024, 3, d), QTime(h, m), Qt::UTC).toMSecsSinceEpoch();
    };
    const auto complete = [&](qint64 id, qint64 startMs, qint64 ms, qint64 charged) {
        QVERIFY(m_store->markStarted(id, 1, 1, startMs));
        QVERIFY(m_store->markCompleted(id, 1, {}, charged, startMs + ms));
    };
    const QString a = QStringLiteral("model-a");
    const qint64 g1 = insert(profile, QStringLiteral("one"), 10, day(8, 10), a);
    complete(g1, day(8, 10) + 1000, 4000, 8);
    const qint64 g2 =
        insert(profile, QStringLiteral("two"), 20, day(9, 0) + 24 * kHour - 1, QStringLiteral("model-b"));
    complete(g2, day(10, 1), 2000, 15);
    const qint64 g3 = insert(profile, QStringLiteral("three"), 10, day(10, 0), a);
    QVERIFY(m_store->markFailed(g3, 1, GenerationError::make(Category::Server, {}), day(10, 1)));
    const qint64 g4 = insert(profile, QStringLiteral("four"), 10, day(10, 8), a);
    QVERIFY(m_store->markCancelled(g4, 1, day(10, 9)));
    insert(profile, QStringLiteral("five"), 30, day(10, 9), QStringLiteral("model-c"));
    const qint64 g6 = insert(profile, QStringLiteral("six"), 40, day(10, 10), QStringLiteral("model-b"));
    QVERIFY(m_store->markStarted(g6, 1, 1, day(10, 11)));
    const qint64 g7 = insert(profile, QStringLiteral("seven"), 5, day(5, 12), QStringLiteral("model-d"));
    complete(g7, day(5, 12), 3000, 5);
    insert(profile, QStringLiteral("eight"), 0, day(1, 12), QStringLiteral("model-f"));
    insert(profile, QStringLiteral("nine"), 0, day(1, 12), QStringLiteral("model-e"));
    insert(other, QStringLiteral("elsewhere"), 100, day(10, 10), a);

    const UserStats stats = m_store->userStats(profile, 3, day(10, 12));
    QCOMPARE(stats.profileId, profile);
    QCOMPARE(stats.total, 9);
    QCOMPARE(stats.completed, 3);
    QCOMPARE(stats.failed, 1);
    QCOMPARE(stats.cancelled, 1);
    QCOMPARE(stats.active, 4);
    QCOMPARE(stats.averageProcessingMs, 3000); // (4000 + 2000 + 3000) / 3
    QCOMPARE(stats.tokensUsed, 28);            // 8 + 15 + 5
    QCOMPARE(stats.balance, 1000 - 8 - 15 - 30 - 40 - 5);
    QCOMPARE(stats.successRate(), 3.0 / 5.0);
    const QList<QPair<QString, int>> popular{{a, 3},
                                             {QStringLiteral("model-b"), 2},
                                             {QStringLiteral("model-c"), 1},
                                             {QStringLiteral("model-d"), 1},
                                             {QStringLiteral("model-e"), 1}};
    QCOMPARE(stats.popularModels, popular);
    const QList<QPair<QDate, int>> perDay{
        {QDate(2024, 3, 8), 1}, {QDate(2024, 3, 9), 1}, {QDate(2024, 3, 10), 4}};
    QCOMPARE(stats.perDay, perDay);

    const UserStats week = m_store->userStats(profile, 7, day(10, 12));
    QCOMPARE(week.perDay.size(), 7);
    QCOMPARE(week.perDay.first(), (QPair<QDate, int>{QDate(2024, 3, 4), 0}));
    QCOMPARE(week.perDay.at(1), (QPair<QDate, int>{QDate(2024, 3, 5), 1}));

    const UserStats empty = m_store->userStats(999, 2, day(10, 12));
    QCOMPARE(empty.total, 0);
    QCOMPARE(empty.averageProcessingMs, 0);
    QVERIFY(empty.popularModels.isEmpty());
    QCOMPARE(empty.perDay.size(), 2);
}

void TestStore::recentDurations()
{
    const qint64 profile = profileWith(100);
    const qint64 first = insert(profile, QStringLiteral("first"), 0, kT0);
    QVERIFY(m_store->markStarted(first, 1, 1, kT0 + 500));
    QVERIFY(m_store->markCompleted(first, 1, {}, 0, kT0 + 4500));
    const qint64 second = insert(profile, QStringLiteral("second"), 0, kT0 + 1000, QStringLiteral("offline"));
    QVERIFY(m_store->markStarted(second, 1, 1, kT0 + 3000));
    QVERIFY(m_store->markCompleted(second, 1, {}, 0, kT0 + 5000));
    const qint64 failed = started(profile, 0);
    QVERIFY(m_store->markFailed(failed, 1, GenerationError::make(Category::Server, {}), kT0 + 9000));

    const QList<DurationSample> samples = m_store->recentDurations(10);
    QCOMPARE(samples.size(), 2);
    QCOMPARE(samples.at(0).model, QStringLiteral("offline"));
    QCOMPARE(samples.at(0).provider, QStringLiteral("offline"));
    QCOMPARE(samples.at(0).size, QStringLiteral("1024x1024"));
    QCOMPARE(samples.at(0).processingMs, 2000);
    QCOMPARE(samples.at(0).waitMs, 2000);
    QCOMPARE(samples.at(1).processingMs, 4000);
    QCOMPARE(samples.at(1).waitMs, 500);
    QCOMPARE(m_store->recentDurations(1).size(), 1);
}

void TestStore::eventsNameTheActor()
{
    m_store->setActor(QStringLiteral("cli"));
    const qint64 profile = profileWith(100);
    const qint64 id = insert(profile, QStringLiteral("a crane"), 10, kT0 + 1);
    QVERIFY(m_store->markStarted(id, 1, 2, kT0 + 2));
    QVERIFY(m_store->markFailed(
        id, 1, GenerationError::make(Category::RateLimit, QStringLiteral("Busy."), 429), kT0 + 3));
    m_store->setActor(QStringLiteral("desktop"));
    QVERIFY(m_store->topUp(profile, 5, QStringLiteral("thanks"), kT0 + 4, nullptr));

    const QList<Store::Event> events = m_store->events(profile, 10);
    QStringList kinds;
    for (const Store::Event &event : events)
        kinds.append(event.kind);
    QCOMPARE(kinds, (QStringList{QStringLiteral("topup"), QStringLiteral("failed"), QStringLiteral("started"),
                                 QStringLiteral("queued"), QStringLiteral("profile_created")}));
    QCOMPARE(events.at(0).actor, QStringLiteral("desktop"));
    QCOMPARE(events.at(1).actor, QStringLiteral("cli"));
    QCOMPARE(events.at(1).at, kT0 + 3);
    QCOMPARE(events.at(1).profileId, profile);
    QCOMPARE(events.at(1).generationId, id);
    const QVariantMap failed = details(events.at(1));
    QCOMPARE(failed.value(QStringLiteral("run")).toInt(), 1);
    QCOMPARE(failed.value(QStringLiteral("attempt")).toInt(), 2);
    QCOMPARE(failed.value(QStringLiteral("category")).toString(), QStringLiteral("rate_limit"));
    QCOMPARE(failed.value(QStringLiteral("httpStatus")).toInt(), 429);
    QCOMPARE(m_store->events(profile, 2).size(), 2);
    QVERIFY(m_store->events(999, 10).isEmpty());
}

void TestStore::sameStatementReadsNested()
{
    // Reading the same SQL again while its rows are still being read must not reset the outer reader.
    for (int i = 0; i < 3; ++i)
        QVERIFY(m_store->createProfile(QStringLiteral("p%1").arg(i), 0, 1000, nullptr));
    const QSqlDatabase db = storeConnection(m_path);
    const QString sql = QStringLiteral("SELECT id FROM profiles ORDER BY id");
    Statement outer(db);
    QVERIFY(outer.exec(sql));
    int outerRows = 0;
    while (outer.next()) {
        ++outerRows;
        Statement inner(db);
        QVERIFY(inner.exec(sql));
        int innerRows = 0;
        while (inner.next())
            ++innerRows;
        QCOMPARE(innerRows, 3);
    }
    QCOMPARE(outerRows, 3);
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
