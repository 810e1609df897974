#include "soakcheck.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <utility>

namespace atelier::test {

namespace {

const QStringList terminalStates{QStringLiteral("completed"), QStringLiteral("failed"),
                                 QStringLiteral("cancelled")};

QStringList stringList(const QString &json)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array)
        list.append(value.toString());
    return list;
}

// "prompt" shortened for a line of the report.
QString quoted(const QString &text)
{
    constexpr int longest = 60;
    return QLatin1Char('"') + (text.size() > longest ? text.left(longest) + QStringLiteral("...") : text) +
           QLatin1Char('"');
}

QString ids(const QList<qint64> &list)
{
    QStringList words;
    for (const qint64 id : list)
        words.append(QString::number(id));
    return words.join(QStringLiteral(", "));
}

// What the ledger holds for one generation, over all its runs.
struct Account
{
    int reserves = 0;
    int settles = 0;
    int refunds = 0;
    qint64 reserved = 0; // the reservations, as a positive number
    qint64 sum = 0;      // every entry's amount: minus what was charged in the end
    QSet<qint64> profiles;
};

} // namespace

SoakCheck::SoakCheck(QString databasePath, QString libraryDir, QStringList prompts)
    : m_databasePath(std::move(databasePath)), m_libraryDir(QDir(libraryDir).absolutePath()),
      m_prompts(std::move(prompts)), m_connection(QStringLiteral("soak-check"))
{}

SoakCheck::~SoakCheck()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

bool SoakCheck::run()
{
    if (!open() || !loadGenerations())
        return false;
    checkIntegrity();
    checkStates();
    checkPrompts();
    checkLedger();
    checkBalances();
    checkFiles();
    checkLibrary();
    return true;
}

bool SoakCheck::open()
{
    if (!QFileInfo::exists(m_databasePath)) {
        violation(QStringLiteral("There is no database at %1.").arg(m_databasePath));
        return false;
    }
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    m_db.setDatabaseName(m_databasePath);
    // Read-only, so that checking can never repair what it is meant to find.
    m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open()) {
        violation(QStringLiteral("Could not open the database %1: %2.")
                      .arg(m_databasePath, m_db.lastError().text()));
        return false;
    }
    return true;
}

bool SoakCheck::loadGenerations()
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT id, profile_id, status, prompt, error_category, image_count,"
                                   " tokens_reserved, tokens_charged, result_paths, deleted_at IS NOT NULL"
                                   " FROM generations ORDER BY id"))) {
        violation(QStringLiteral("Could not read the generations: %1.").arg(query.lastError().text()));
        return false;
    }
    while (query.next()) {
        Row row;
        row.id = query.value(0).toLongLong();
        row.profileId = query.value(1).toLongLong();
        row.status = query.value(2).toString();
        row.prompt = query.value(3).toString();
        row.errorCategory = query.value(4).toString();
        row.imageCount = query.value(5).toInt();
        row.reserved = query.value(6).toLongLong();
        row.charged = query.value(7).toLongLong();
        row.resultPaths = stringList(query.value(8).toString());
        row.deleted = query.value(9).toBool();
        m_rows.append(row);
    }
    return true;
}

void SoakCheck::checkIntegrity()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA integrity_check"))) {
        violation(
            QStringLiteral("Could not check the database's integrity: %1.").arg(query.lastError().text()));
        return;
    }
    QStringList problems;
    while (query.next())
        problems.append(query.value(0).toString());
    if (problems != QStringList{QStringLiteral("ok")})
        violation(QStringLiteral("The database is damaged: %1").arg(problems.join(QStringLiteral("; "))));
}

void SoakCheck::checkStates()
{
    QMap<QString, int> byStatus;
    QMap<QString, int> failedBy;
    for (const Row &row : std::as_const(m_rows)) {
        ++byStatus[row.status];
        if (row.status == QLatin1String("failed"))
            ++failedBy[row.errorCategory.isEmpty() ? QStringLiteral("no category") : row.errorCategory];
        if (!terminalStates.contains(row.status))
            violation(
                QStringLiteral("Generation %1 never ended: it is still %2.").arg(row.id).arg(row.status));
    }
    QStringList counts;
    for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
        counts.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    QStringList reasons;
    for (auto it = failedBy.cbegin(); it != failedBy.cend(); ++it)
        reasons.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    m_summary.append(QStringLiteral("generations: %1 (%2)")
                         .arg(m_rows.size())
                         .arg(counts.isEmpty() ? QStringLiteral("none") : counts.join(QStringLiteral(", "))));
    if (!reasons.isEmpty())
        m_summary.append(QStringLiteral("failed because: %1").arg(reasons.join(QStringLiteral(", "))));
}

void SoakCheck::checkPrompts()
{
    QHash<QString, QList<qint64>> byPrompt;
    for (const Row &row : std::as_const(m_rows))
        byPrompt[row.prompt].append(row.id);
    const QSet<QString> expected(m_prompts.cbegin(), m_prompts.cend());
    if (expected.size() != m_prompts.size())
        violation(QStringLiteral("The prompts file repeats a prompt, so duplicates cannot be told apart."));
    int lost = 0;
    int duplicated = 0;
    for (const QString &prompt : expected) {
        const QList<qint64> found = byPrompt.value(prompt);
        if (found.isEmpty()) {
            ++lost;
            violation(QStringLiteral("The prompt %1 was queued but no generation holds it: it was lost.")
                          .arg(quoted(prompt)));
        } else if (found.size() > 1) {
            ++duplicated;
            violation(QStringLiteral("The prompt %1 was queued once but is held by %2 generations (%3).")
                          .arg(quoted(prompt))
                          .arg(found.size())
                          .arg(ids(found)));
        }
    }
    for (auto it = byPrompt.cbegin(); it != byPrompt.cend(); ++it) {
        if (!expected.contains(it.key()))
            violation(QStringLiteral("Generation %1 holds the prompt %2, which the soak never queued.")
                          .arg(ids(it.value()), quoted(it.key())));
    }
    m_summary.append(QStringLiteral("prompts: %1 queued, %2 lost, %3 duplicated")
                         .arg(expected.size())
                         .arg(lost)
                         .arg(duplicated));
}

void SoakCheck::checkLedger()
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT generation_id, profile_id, kind, amount FROM ledger"
                                   " WHERE generation_id IS NOT NULL ORDER BY id"))) {
        violation(QStringLiteral("Could not read the token ledger: %1.").arg(query.lastError().text()));
        return;
    }
    QHash<qint64, Account> accounts;
    while (query.next()) {
        Account &account = accounts[query.value(0).toLongLong()];
        account.profiles.insert(query.value(1).toLongLong());
        const QString kind = query.value(2).toString();
        const qint64 amount = query.value(3).toLongLong();
        account.sum += amount;
        if (kind == QLatin1String("reserve")) {
            ++account.reserves;
            account.reserved -= amount;
        } else if (kind == QLatin1String("settle")) {
            ++account.settles;
        } else if (kind == QLatin1String("refund")) {
            ++account.refunds;
        }
    }

    qint64 charged = 0;
    int reserves = 0;
    int settles = 0;
    int refunds = 0;
    QSet<qint64> known;
    for (const Row &row : std::as_const(m_rows)) {
        known.insert(row.id);
        const Account account = accounts.value(row.id);
        const QString who = QStringLiteral("Generation %1 (%2)").arg(row.id).arg(row.status);
        charged += row.charged;
        reserves += account.reserves;
        settles += account.settles;
        refunds += account.refunds;
        if (account.reserves != 1)
            violation(QStringLiteral("%1 has %2 reservations in the ledger instead of one.")
                          .arg(who)
                          .arg(account.reserves));
        if (account.settles > 1)
            violation(QStringLiteral("%1 was charged %2 times.").arg(who).arg(account.settles));
        if (account.refunds > 1)
            violation(QStringLiteral("%1 was refunded %2 times.").arg(who).arg(account.refunds));
        if (account.settles > 0 && account.refunds > 0)
            violation(QStringLiteral("%1 was both charged and refunded.").arg(who));
        if (account.profiles.size() > 1 ||
            (!account.profiles.isEmpty() && !account.profiles.contains(row.profileId)))
            violation(QStringLiteral("%1 has ledger entries on another profile's account.").arg(who));
        if (account.reserved != row.reserved)
            violation(QStringLiteral("%1 records %2 tokens reserved but the ledger reserved %3.")
                          .arg(who)
                          .arg(row.reserved)
                          .arg(account.reserved));
        if (!terminalStates.contains(row.status))
            continue;
        // An ended generation holds nothing: what was reserved is charged or refunded, to the token.
        if (account.reserves > 0 && account.settles + account.refunds == 0)
            violation(
                QStringLiteral("%1 still holds its %2 reserved tokens: it was neither charged nor refunded.")
                    .arg(who)
                    .arg(account.reserved));
        if (row.status == QLatin1String("completed") && account.settles == 0)
            violation(QStringLiteral("%1 is completed but was never charged.").arg(who));
        if (row.status != QLatin1String("completed") && (account.settles > 0 || row.charged != 0))
            violation(
                QStringLiteral("%1 did not complete but was charged %2 tokens.").arg(who).arg(row.charged));
        if (account.sum != -row.charged)
            violation(QStringLiteral("%1 records %2 tokens charged but its ledger entries take %3.")
                          .arg(who)
                          .arg(row.charged)
                          .arg(-account.sum));
    }
    for (auto it = accounts.cbegin(); it != accounts.cend(); ++it) {
        if (!known.contains(it.key()))
            violation(QStringLiteral("The ledger names generation %1, which does not exist.").arg(it.key()));
    }
    m_summary.append(QStringLiteral("ledger: %1 reservations, %2 charges (%3 tokens), %4 refunds")
                         .arg(reserves)
                         .arg(settles)
                         .arg(charged)
                         .arg(refunds));
}

void SoakCheck::checkBalances()
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(
            QStringLiteral("SELECT p.id, p.name, p.balance,"
                           " (SELECT COALESCE(SUM(amount), 0) FROM ledger l WHERE l.profile_id = p.id),"
                           " (SELECT COUNT(*) FROM ledger l WHERE l.profile_id = p.id)"
                           " FROM profiles p ORDER BY p.id"))) {
        violation(QStringLiteral("Could not read the balances: %1.").arg(query.lastError().text()));
        return;
    }
    while (query.next()) {
        const QString name = query.value(1).toString();
        const qint64 balance = query.value(2).toLongLong();
        const qint64 sum = query.value(3).toLongLong();
        m_summary.append(QStringLiteral("profile %1: balance %2, the sum of its %3 ledger entries is %4")
                             .arg(name)
                             .arg(balance)
                             .arg(query.value(4).toLongLong())
                             .arg(sum));
        if (balance != sum)
            violation(QStringLiteral("Profile %1 shows a balance of %2 tokens but its ledger adds up to %3.")
                          .arg(name)
                          .arg(balance)
                          .arg(sum));
    }
}

QString SoakCheck::absolute(const QString &path) const
{
    return QDir::cleanPath(QDir(m_libraryDir).absoluteFilePath(path));
}

void SoakCheck::checkFiles()
{
    int files = 0;
    qint64 bytes = 0;
    const QString inside = m_libraryDir + QLatin1Char('/');
    for (const Row &row : std::as_const(m_rows)) {
        if (row.deleted)
            continue;
        if (row.status != QLatin1String("completed")) {
            if (!row.resultPaths.isEmpty())
                violation(QStringLiteral("Generation %1 is %2 but names %3 result files.")
                              .arg(row.id)
                              .arg(row.status)
                              .arg(row.resultPaths.size()));
            continue;
        }
        if (row.resultPaths.size() != row.imageCount)
            violation(QStringLiteral("Generation %1 asked for %2 images but names %3 files.")
                          .arg(row.id)
                          .arg(row.imageCount)
                          .arg(row.resultPaths.size()));
        for (const QString &named : row.resultPaths) {
            const QString path = absolute(named);
            const QFileInfo info(path);
            if (!path.startsWith(inside))
                violation(
                    QStringLiteral("Generation %1's file %2 is outside the library.").arg(row.id).arg(path));
            if (!info.isFile()) {
                violation(QStringLiteral("Generation %1 is completed but its file %2 is missing.")
                              .arg(row.id)
                              .arg(path));
                continue;
            }
            ++files;
            bytes += info.size();
            QImageReader reader(path);
            if (reader.read().isNull())
                violation(QStringLiteral("Generation %1's file %2 does not decode: %3.")
                              .arg(row.id)
                              .arg(path, reader.errorString()));
            if (!QFileInfo::exists(path + QStringLiteral(".json")))
                violation(QStringLiteral("Generation %1's file %2 has no sidecar.").arg(row.id).arg(path));
        }
    }
    m_summary.append(QStringLiteral("files: %1 results decoded in full (%2 MB)")
                         .arg(files)
                         .arg(double(bytes) / 1e6, 0, 'f', 1));
}

void SoakCheck::checkLibrary()
{
    QSet<QString> known;
    QHash<qint64, QString> statusOf;
    for (const Row &row : std::as_const(m_rows)) {
        statusOf.insert(row.id, row.status);
        if (row.deleted || row.status != QLatin1String("completed"))
            continue;
        for (const QString &named : row.resultPaths) {
            known.insert(absolute(named));
            known.insert(absolute(named) + QStringLiteral(".json"));
        }
    }
    int seen = 0;
    int strays = 0;
    static const QStringList imageSuffixes{QStringLiteral("png"), QStringLiteral("jpeg"),
                                           QStringLiteral("webp")};
    QDirIterator it(m_libraryDir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = QDir::cleanPath(it.next());
        ++seen;
        if (known.contains(path))
            continue;
        ++strays;
        const QFileInfo info(path);
        const QString suffix = info.suffix();
        // Result files are named "<id>-...", so a stray one still says whose it was.
        bool numbered = false;
        const qint64 owner = info.fileName().section(QLatin1Char('-'), 0, 0).toLongLong(&numbered);
        const QString whose = numbered && statusOf.contains(owner)
                                  ? QStringLiteral(" (its name says generation %1, which is %2)")
                                        .arg(owner)
                                        .arg(statusOf.value(owner))
                                  : QString();
        if (imageSuffixes.contains(suffix) || suffix == QLatin1String("json"))
            violation(QStringLiteral("The library holds %1, which no generation names%2.").arg(path, whose));
        else
            violation(QStringLiteral("The library holds a leftover temporary file %1%2.").arg(path, whose));
    }
    m_summary.append(QStringLiteral("library: %1 files, %2 that no generation names").arg(seen).arg(strays));
}

} // namespace atelier::test
