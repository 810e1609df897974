#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <memory>

namespace atelier {

// One use of a prepared statement. SQLite spends more time parsing SQL than running most of Atelier's
// statements, so each connection keeps its statements prepared, by SQL text, from their first use on. A
// Statement borrows the prepared one and resets it when it goes out of scope, so that no read transaction
// outlives the code that reads. While one Statement still reads, another running the same SQL prepares its
// own.
class Statement final
{
public:
    explicit Statement(QSqlDatabase db) : m_db(std::move(db)) {}
    ~Statement() { finish(); }
    Q_DISABLE_COPY_MOVE(Statement)

    // Runs sql with values bound in order. False on failure; lastError() says why.
    bool exec(const QString &sql, const QVariantList &values = {});
    // The next row; false at the end or when reading the row failed (lastError() then says why).
    bool next();
    QVariant value(int column) const { return m_query ? m_query->value(column) : QVariant(); }
    int numRowsAffected() const { return m_query ? m_query->numRowsAffected() : -1; }
    QVariant lastInsertId() const { return m_query ? m_query->lastInsertId() : QVariant(); }
    QSqlError lastError() const { return m_error; }
    void finish();

    // Drops the prepared statements of a connection; call before it closes.
    static void forgetConnection(const QSqlDatabase &db);

private:
    QSqlDatabase m_db;
    QSqlQuery *m_query = nullptr;
    std::unique_ptr<QSqlQuery> m_own; // only when the cached statement was busy
    QSqlError m_error;
};

} // namespace atelier
