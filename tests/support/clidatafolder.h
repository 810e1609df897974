#pragma once

#include "cliprocess.h"

#include <QList>
#include <QSqlDatabase>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariant>

namespace atelier::test {

// A data folder that atelier-cli processes share, as a person's would be (see CliProcess), and the test's own
// look into its database.
class CliDataFolder
{
public:
    explicit CliDataFolder(const QString &program);
    ~CliDataFolder();
    Q_DISABLE_COPY_MOVE(CliDataFolder)

    bool isValid() const { return m_dir.isValid() && m_runtimeDir.isValid() && m_private; }
    CliProcess &cli() { return m_cli; }
    QString databasePath() const { return m_dir.filePath(QStringLiteral("data/atelier.sqlite")); }
    QString libraryPath() const { return m_dir.filePath(QStringLiteral("library")); }

    // Sets the limits every process on the folder reads; false (with the program's words logged) when
    // refused.
    bool setConcurrency(int jobs);
    // Queues one small offline job a prompt, with one batch; false (with the words logged) when refused.
    bool queueBatch(const QStringList &prompts);
    // Rows of the database, read by the test itself: one value a row. Empty before a program made the file.
    QList<QVariant> column(const QString &sql);

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_runtimeDir;
    CliProcess m_cli;
    QString m_probeName;
    bool m_private = false; // the runtime folder is the user's alone
};

} // namespace atelier::test
