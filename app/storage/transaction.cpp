#include "transaction.h"

#include "sql.h"

namespace atelier {

Transaction::Transaction(QSqlDatabase db, const QString &what, GenerationError *error)
    : m_db(std::move(db)), m_what(what)
{
    Statement query(m_db);
    m_active = Sql::run(query, QStringLiteral("BEGIN IMMEDIATE"), {}, m_what, error);
}

Transaction::~Transaction()
{
    if (!m_active)
        return;
    Statement query(m_db);
    if (!query.exec(QStringLiteral("ROLLBACK")))
        Sql::error(QStringLiteral("Could not roll back (%1)").arg(m_what), query.lastError());
}

bool Transaction::commit(GenerationError *error)
{
    Statement query(m_db);
    if (Sql::run(query, QStringLiteral("COMMIT"), {}, m_what, error)) {
        m_active = false;
        return true;
    }
    return false; // the destructor rolls back
}

} // namespace atelier
