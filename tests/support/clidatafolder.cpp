#include "clidatafolder.h"

#include <QDebug>
#include <QFile>
#include <QSqlQuery>

namespace atelier::test {

CliDataFolder::CliDataFolder(const QString &program) : m_cli(program, m_dir.path(), m_runtimeDir.path())
{
    static int counter = 0;
    m_probeName = QStringLiteral("cli-data-folder-probe-%1").arg(++counter);
    // Qt warns on stderr about a runtime folder others may read, and the tests assert stderr.
    m_private =
        QFile::setPermissions(m_runtimeDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_probeName);
    probe.setDatabaseName(databasePath());
}

CliDataFolder::~CliDataFolder()
{
    QSqlDatabase::database(m_probeName, false).close();
    QSqlDatabase::removeDatabase(m_probeName);
}

bool CliDataFolder::setConcurrency(int jobs)
{
    for (const QString &name :
         {QStringLiteral("queue.concurrency"), QStringLiteral("queue.concurrency.offline")}) {
        const CliProcess::Result set =
            m_cli.run({QStringLiteral("config"), QStringLiteral("set"), name, QString::number(jobs)});
        if (set.exitCode != 0) {
            qWarning() << set.err;
            return false;
        }
    }
    return true;
}

bool CliDataFolder::queueBatch(const QStringList &prompts)
{
    // Small pictures: the tests are about the queue, not about painting.
    const CliProcess::Result queued = m_cli.run(
        {QStringLiteral("batch"), QStringLiteral("-"), QStringLiteral("--size"), QStringLiteral("64x64")},
        prompts.join(QLatin1Char('\n')).toUtf8());
    if (queued.exitCode != 0)
        qWarning() << queued.err;
    return queued.exitCode == 0;
}

QList<QVariant> CliDataFolder::column(const QString &sql)
{
    QList<QVariant> values;
    QSqlDatabase probe = QSqlDatabase::database(m_probeName, false);
    // Opened only once a program made the database: opening it first would create an empty file.
    if (!probe.isOpen() && (!QFile::exists(probe.databaseName()) || !probe.open()))
        return values;
    QSqlQuery query(probe);
    if (!query.exec(sql))
        return values;
    while (query.next())
        values.append(query.value(0));
    return values;
}

} // namespace atelier::test
