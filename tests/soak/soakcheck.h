#pragma once

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace atelier::test {

// Reads what a crash soak left behind (the database, read-only, and the library folder) and says in words
// every way it breaks the promises the engine makes after any crash: every generation ends, each queued
// prompt is there exactly once, no run is charged or refunded twice and every reservation is settled or
// refunded, each balance is the sum of its ledger, every completed file decodes, and the library holds
// nothing that no generation names. It reads the tables itself rather than through Store, so that a bug in
// the storage code cannot hide its own traces.
class SoakCheck final
{
public:
    SoakCheck(QString databasePath, QString libraryDir, QStringList prompts);
    ~SoakCheck();
    Q_DISABLE_COPY_MOVE(SoakCheck)

    // Runs every check; false when the database could not be read at all (see violations()).
    bool run();
    QStringList summary() const { return m_summary; }
    QStringList violations() const { return m_violations; }

private:
    struct Row
    {
        qint64 id = 0;
        qint64 profileId = 0;
        QString status;
        QString prompt;
        QString errorCategory;
        int imageCount = 0;
        qint64 reserved = 0;
        qint64 charged = 0;
        QStringList resultPaths;
        bool deleted = false;
    };

    bool open();
    bool loadGenerations();
    void checkIntegrity();
    void checkStates();
    void checkPrompts();
    void checkLedger();
    void checkBalances();
    void checkFiles();
    void checkLibrary();
    void violation(const QString &text) { m_violations.append(text); }
    QString absolute(const QString &path) const;

    QString m_databasePath;
    QString m_libraryDir;
    QStringList m_prompts;
    QString m_connection;
    QSqlDatabase m_db;
    QList<Row> m_rows;
    QStringList m_summary;
    QStringList m_violations;
};

} // namespace atelier::test
