#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <atomic>
#include <utility>

namespace atelier::test {

// What another process's long transaction does to the others: holds the database's write lock from
// construction until release(). Lives on one thread.
class WriteLock
{
public:
    explicit WriteLock(const QString &path)
    {
        static std::atomic<int> counter{0};
        m_name = QStringLiteral("write-lock-%1").arg(++counter);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_held = db.open() && QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE"));
    }
    ~WriteLock()
    {
        release();
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(WriteLock)

    // Whether the lock was taken: a test asserts it before relying on it.
    bool isHeld() const { return m_held; }

    void release()
    {
        if (std::exchange(m_held, false))
            QSqlQuery(QSqlDatabase::database(m_name, false)).exec(QStringLiteral("COMMIT"));
    }

private:
    QString m_name;
    bool m_held = false;
};

} // namespace atelier::test
