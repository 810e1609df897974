#include "storage/store.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace atelier;
using Category = GenerationError::Category;
using Kind = LedgerEntry::Kind;

namespace {

constexpr qint64 kT0 = 1'700'000'000'000LL;

Generation request(qint64 profileId)
{
    Generation g;
    g.request.profileId = profileId;
    g.request.prompt = QStringLiteral("a lantern");
    g.request.model = QStringLiteral("gpt-image-1");
    return g;
}

} // namespace

class TestLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void grantAndTopUp();
    void amountsMustBePositive();
    void reserveOncePerRun();
    void settleReturnsTheUnusedPart();
    void settleTakesAnOverrun();
    void refundReturnsTheHold();
    void nothingToSettleWithoutAReservation();
    void heldFor();
    void entriesNewestFirst();
    void unknownGenerationIsAStorageError();
    void entriesCannotBeChanged();
    void randomOperationsKeepTheBooks();

private:
    qint64 profileWith(qint64 tokens, const QString &name = QStringLiteral("Ada"));
    qint64 generation(qint64 profileId, qint64 reserve);
    qint64 sumOfEntries(qint64 profileId) const;
    qint64 rawSum(qint64 profileId) const;
    int rawCount() const;
    // Tries to change or remove an entry behind the store's back; returns whether the database allowed it.
    bool tamper(const QString &sql, qint64 entryId);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    QSqlDatabase m_raw;
};

void TestLedger::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString path = m_dir->filePath(QStringLiteral("atelier.sqlite"));
    m_store = std::make_unique<Store>();
    QVERIFY(!m_store->open(path).isError());
    m_raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
    m_raw.setDatabaseName(path);
    QVERIFY(m_raw.open());
}

void TestLedger::cleanup()
{
    m_raw.close();
    m_raw = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    m_store.reset();
    m_dir.reset();
}

qint64 TestLedger::profileWith(qint64 tokens, const QString &name)
{
    const std::optional<Profile> profile = m_store->createProfile(name, tokens, kT0, nullptr);
    return profile ? profile->id : 0;
}

qint64 TestLedger::generation(qint64 profileId, qint64 reserve)
{
    return m_store->insertGeneration(request(profileId), reserve, kT0, nullptr);
}

qint64 TestLedger::sumOfEntries(qint64 profileId) const
{
    qint64 sum = 0;
    const QList<LedgerEntry> entries = m_store->ledger().entries(profileId, 1'000'000);
    for (const LedgerEntry &entry : entries)
        sum += entry.amount;
    return sum;
}

qint64 TestLedger::rawSum(qint64 profileId) const
{
    QSqlQuery query(m_raw);
    query.prepare(QStringLiteral("SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE profile_id = ?"));
    query.addBindValue(profileId);
    return query.exec() && query.next() ? query.value(0).toLongLong() : -1;
}

int TestLedger::rawCount() const
{
    QSqlQuery query(m_raw);
    return query.exec(QStringLiteral("SELECT COUNT(*) FROM ledger")) && query.next() ? query.value(0).toInt()
                                                                                     : -1;
}

bool TestLedger::tamper(const QString &sql, qint64 entryId)
{
    QSqlQuery query(m_raw);
    query.prepare(sql);
    query.addBindValue(entryId);
    const bool allowed = query.exec();
    if (!allowed && !query.lastError().databaseText().contains(QLatin1String("append-only")))
        qWarning() << "refused for another reason:" << query.lastError().text();
    return allowed;
}

void TestLedger::grantAndTopUp()
{
    const qint64 profile = profileWith(100);
    Ledger &ledger = m_store->ledger();
    GenerationError error;
    QVERIFY(ledger.grant(profile, 50, QStringLiteral("welcome back"), kT0 + 1, &error));
    QVERIFY(
        ledger.grant(profile, 50, QStringLiteral("welcome back"), kT0 + 1, &error)); // grants repeat freely
    QVERIFY(ledger.topUp(profile, 7, {}, kT0 + 2, &error));
    QVERIFY(!error.isError());
    QCOMPARE(ledger.balance(profile), 207);
    const QList<LedgerEntry> entries = ledger.entries(profile);
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries.at(0).kind, Kind::TopUp);
    QCOMPARE(entries.at(0).generationId, 0);
    QCOMPARE(entries.at(0).run, 0);
    QCOMPARE(entries.at(1).note, QStringLiteral("welcome back"));
    QCOMPARE(entries.at(1).at, QDateTime::fromMSecsSinceEpoch(kT0 + 1, Qt::UTC));
    QCOMPARE(entries.at(3).kind, Kind::Grant);
}

void TestLedger::amountsMustBePositive()
{
    const qint64 profile = profileWith(100);
    const qint64 id = generation(profile, 0);
    Ledger &ledger = m_store->ledger();
    const int rows = rawCount();
    GenerationError error;
    QVERIFY(!ledger.grant(profile, 0, {}, kT0, &error));
    QCOMPARE(error.category, Category::Validation);
    error = {};
    QVERIFY(!ledger.topUp(profile, -1, {}, kT0, &error));
    QCOMPARE(error.category, Category::Validation);
    error = {};
    QVERIFY(!ledger.reserve(profile, id, 1, 0, kT0, &error));
    QCOMPARE(error.category, Category::Validation);
    QVERIFY(ledger.reserve(profile, id, 1, 10, kT0, nullptr));
    error = {};
    QVERIFY(!ledger.settle(id, 1, -3, kT0, &error));
    QCOMPARE(error.category, Category::Validation);
    QCOMPARE(rawCount(), rows + 1);
}

void TestLedger::reserveOncePerRun()
{
    const qint64 profile = profileWith(100);
    const qint64 id = generation(profile, 30); // the store reserves run 1
    Ledger &ledger = m_store->ledger();
    GenerationError error;
    QVERIFY(!ledger.reserve(profile, id, 1, 30, kT0, &error));
    QVERIFY(!ledger.reserve(profile, id, 1, 99, kT0, &error));
    QVERIFY(!error.isError());
    QCOMPARE(ledger.balance(profile), 70);
    QVERIFY(ledger.reserve(profile, id, 2, 20, kT0, &error));
    QCOMPARE(ledger.balance(profile), 50);
    QCOMPARE(ledger.entries(profile).first().amount, -20);
    QCOMPARE(ledger.entries(profile).first().run, 2);
}

void TestLedger::settleReturnsTheUnusedPart()
{
    const qint64 profile = profileWith(100);
    const qint64 id = generation(profile, 40);
    Ledger &ledger = m_store->ledger();
    GenerationError error;
    QVERIFY(ledger.settle(id, 1, 25, kT0, &error));
    QCOMPARE(ledger.balance(profile), 75);
    QCOMPARE(ledger.entries(profile).first().kind, Kind::Settle);
    QCOMPARE(ledger.entries(profile).first().amount, 15);
    QVERIFY(!ledger.settle(id, 1, 25, kT0, &error)); // a replay
    QVERIFY(!ledger.settle(id, 1, 0, kT0, &error));
    QVERIFY(!ledger.refund(id, 1, kT0, &error)); // already settled
    QVERIFY(!error.isError());
    QCOMPARE(ledger.balance(profile), 75);
}

void TestLedger::settleTakesAnOverrun()
{
    const qint64 profile = profileWith(100);
    const qint64 id = generation(profile, 40);
    QVERIFY(m_store->ledger().settle(id, 1, 55, kT0, nullptr));
    QCOMPARE(m_store->ledger().entries(profile).first().amount, -15);
    QCOMPARE(m_store->ledger().balance(profile), 45);
}

void TestLedger::refundReturnsTheHold()
{
    const qint64 profile = profileWith(100);
    const qint64 id = generation(profile, 40);
    Ledger &ledger = m_store->ledger();
    GenerationError error;
    QVERIFY(ledger.refund(id, 1, kT0, &error));
    QCOMPARE(ledger.entries(profile).first().amount, 40);
    QCOMPARE(ledger.balance(profile), 100);
    QVERIFY(!ledger.refund(id, 1, kT0, &error));
    QVERIFY(!ledger.settle(id, 1, 10, kT0, &error));
    QVERIFY(!error.isError());
    QCOMPARE(ledger.balance(profile), 100);
}

void TestLedger::nothingToSettleWithoutAReservation()
{
    const qint64 profile = profileWith(100);
    const qint64 id = generation(profile, 0); // free: nothing reserved
    const int rows = rawCount();
    GenerationError error;
    QVERIFY(!m_store->ledger().settle(id, 1, 0, kT0, &error));
    QVERIFY(!m_store->ledger().refund(id, 1, kT0, &error));
    QVERIFY(!m_store->ledger().refund(id + 50, 1, kT0, &error));
    QVERIFY(!error.isError());
    QCOMPARE(rawCount(), rows);
}

void TestLedger::heldFor()
{
    const qint64 profile = profileWith(100);
    const qint64 settled = generation(profile, 10);
    const qint64 refunded = generation(profile, 20);
    const qint64 held = generation(profile, 30);
    Ledger &ledger = m_store->ledger();
    QVERIFY(ledger.settle(settled, 1, 10, kT0, nullptr));
    QVERIFY(ledger.refund(refunded, 1, kT0, nullptr));
    QCOMPARE(ledger.heldFor(settled, 1), 0);
    QCOMPARE(ledger.heldFor(refunded, 1), 0);
    QCOMPARE(ledger.heldFor(held, 1), 30);
    QCOMPARE(ledger.heldFor(held, 2), 0);
    QCOMPARE(ledger.heldFor(999, 1), 0);
}

void TestLedger::entriesNewestFirst()
{
    const qint64 profile = profileWith(10);
    const qint64 other = profileWith(10, QStringLiteral("Other"));
    for (int i = 1; i <= 5; ++i)
        QVERIFY(m_store->ledger().topUp(profile, i, {}, kT0 + i, nullptr));
    const QList<LedgerEntry> entries = m_store->ledger().entries(profile, 3);
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.at(0).amount, 5);
    QCOMPARE(entries.at(2).amount, 3);
    QVERIFY(entries.at(0).id > entries.at(1).id);
    QCOMPARE(entries.at(0).profileId, profile);
    QCOMPARE(m_store->ledger().entries(other).size(), 1);
}

void TestLedger::unknownGenerationIsAStorageError()
{
    const qint64 profile = profileWith(100);
    GenerationError error;
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("^Could not write the reserve .*FOREIGN KEY")));
    QVERIFY(!m_store->ledger().reserve(profile, 4242, 1, 5, kT0, &error)); // foreign keys are on
    QCOMPARE(error.category, Category::Storage);
    QVERIFY(error.message.contains(QLatin1String("reserve")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Could not write the grant ")));
    QVERIFY(!m_store->ledger().grant(777, 5, {}, kT0, &error));
    QCOMPARE(error.category, Category::Storage);
    QCOMPARE(m_store->ledger().balance(profile), 100);
}

void TestLedger::entriesCannotBeChanged()
{
    const qint64 profile = profileWith(100);
    const qint64 id = generation(profile, 40);
    const qint64 entry = m_store->ledger().entries(profile).first().id;
    QVERIFY(!tamper(QStringLiteral("UPDATE ledger SET amount = 0 WHERE id = ?"), entry));
    QVERIFY(!tamper(QStringLiteral("UPDATE ledger SET note = 'x' WHERE id = ?"), entry));
    QVERIFY(!tamper(QStringLiteral("DELETE FROM ledger WHERE id = ?"), entry));
    QVERIFY(!tamper(QStringLiteral("DELETE FROM ledger WHERE id >= ?"), 0));
    QCOMPARE(m_store->ledger().balance(profile), 60);
    QCOMPARE(m_store->ledger().heldFor(id, 1), 40);
    QCOMPARE(rawCount(), 2);
}

void TestLedger::randomOperationsKeepTheBooks()
{
    struct Run
    {
        qint64 held = 0;
        bool reserved = false;
        bool ended = false;
    };
    QRandomGenerator random(20240601);
    const QList<qint64> profiles{profileWith(300, QStringLiteral("p1")), profileWith(0, QStringLiteral("p2")),
                                 profileWith(1000, QStringLiteral("p3"))};
    QHash<qint64, qint64> expected{{profiles.at(0), 300}, {profiles.at(1), 0}, {profiles.at(2), 1000}};
    QHash<qint64, qint64> owner; // generation -> profile
    QList<qint64> generations;
    QMap<QPair<qint64, int>, Run> runs;
    Ledger &ledger = m_store->ledger();
    int written = 0;
    int replays = 0;
    int refusals = 0;

    for (int step = 0; step < 2000; ++step) {
        const QByteArray where = "step " + QByteArray::number(step);
        const qint64 profile = profiles.at(random.bounded(int(profiles.size())));
        const int operation = generations.isEmpty() ? 0 : random.bounded(8);
        const qint64 id = generations.isEmpty() ? 0 : generations.at(random.bounded(int(generations.size())));
        const int run = random.bounded(1, 4);
        Run &state = runs[{id, run}];
        GenerationError error;
        const qint64 before = ledger.balance(owner.value(id, profile));
        bool wrote = false;
        switch (operation) {
        case 0: { // submit through the store, which checks the balance
            const qint64 reserve = random.bounded(0, 61);
            const int rows = rawCount();
            const qint64 created = m_store->insertGeneration(request(profile), reserve, kT0 + step, &error);
            if (expected[profile] < reserve) {
                QVERIFY2(created == 0 && error.category == Category::InsufficientTokens, where);
                QVERIFY2(rawCount() == rows, where);
                ++refusals;
                break;
            }
            QVERIFY2(created > 0, qPrintable(error.message));
            generations.append(created);
            owner.insert(created, profile);
            runs[{created, 1}] = Run{reserve, reserve > 0, false};
            expected[profile] -= reserve;
            wrote = reserve > 0;
            break;
        }
        case 1: // a reservation, or a replay of one
            wrote = ledger.reserve(owner[id], id, run, random.bounded(1, 51), kT0 + step, &error);
            QVERIFY2(wrote == !state.reserved, where);
            if (wrote) {
                state.held = -ledger.entries(owner[id], 1).first().amount;
                state.reserved = true;
                expected[owner[id]] -= state.held;
            }
            break;
        case 2:
        case 3: { // a settlement, or a replay of one
            const qint64 charged = random.bounded(0, 71);
            wrote = ledger.settle(id, run, charged, kT0 + step, &error);
            QVERIFY2(wrote == (state.reserved && !state.ended), where);
            if (wrote) {
                state.ended = true;
                expected[owner[id]] += state.held - charged;
            }
            break;
        }
        case 4:
        case 5: // a refund, or a replay of one
            wrote = ledger.refund(id, run, kT0 + step, &error);
            QVERIFY2(wrote == (state.reserved && !state.ended), where);
            if (wrote) {
                state.ended = true;
                expected[owner[id]] += state.held;
            }
            break;
        case 6: { // a top-up, sometimes an invalid one
            const qint64 amount = random.bounded(-5, 101);
            wrote = m_store->topUp(profile, amount, {}, kT0 + step, &error);
            QVERIFY2(wrote == (amount > 0), where);
            QVERIFY2(wrote || error.category == Category::Validation, where);
            if (wrote)
                expected[profile] += amount;
            break;
        }
        case 7: { // someone edits the table by hand
            const qint64 entry = random.bounded(1, rawCount() + 1);
            QVERIFY2(!tamper(QStringLiteral("UPDATE ledger SET amount = amount + 1 WHERE id = ?"), entry),
                     where);
            QVERIFY2(!tamper(QStringLiteral("DELETE FROM ledger WHERE id = ?"), entry), where);
            break;
        }
        }
        QVERIFY2(!error.isError() || error.category == Category::InsufficientTokens ||
                     error.category == Category::Validation,
                 qPrintable(error.message));
        if (wrote)
            ++written;
        else if (operation >= 1 && operation <= 5) {
            ++replays;
            QVERIFY2(ledger.balance(owner[id]) == before, where); // a replay changes nothing
        }
        if (operation >= 1 && operation <= 5)
            QVERIFY2(ledger.heldFor(id, run) == (state.reserved && !state.ended ? state.held : 0), where);

        for (const qint64 p : profiles) {
            const qint64 balance = ledger.balance(p);
            QVERIFY2(balance == expected.value(p), where);
            QVERIFY2(balance == rawSum(p), where);
            if (step % 20 == 0 || step == 1999)
                QVERIFY2(balance == sumOfEntries(p), where);
        }
    }

    // Settled or refunded at most once per run, never without a reservation.
    QSqlQuery query(m_raw);
    QVERIFY(query.exec(QStringLiteral(
        "SELECT COUNT(*) FROM (SELECT generation_id, run FROM ledger WHERE kind IN ('settle', 'refund')"
        " GROUP BY generation_id, run HAVING COUNT(*) > 1)")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 0);
    QVERIFY(query.exec(
        QStringLiteral("SELECT COUNT(*) FROM ledger e WHERE e.kind IN ('settle', 'refund') AND NOT EXISTS"
                       " (SELECT 1 FROM ledger r WHERE r.kind = 'reserve' AND r.generation_id = "
                       "e.generation_id AND r.run = e.run)")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 0);
    query.finish();
    // Every kind of operation happened often enough to mean something.
    QVERIFY(written > 300);
    QVERIFY(replays > 300);
    QVERIFY(refusals > 0);
}

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
