#include "statement.h"

#include <QHash>
#include <QSqlDriver>

#include <memory>

namespace atelier {

namespace {
// Prepared statements by connection (its driver) and SQL text. A connection lives on one thread.
using Statements = QHash<QString, std::shared_ptr<QSqlQuery>>;
thread_local QHash<const QSqlDriver *, Statements> t_prepared;
} // namespace

bool Statement::exec(const QString &sql, const QVariantList &values)
{
    finish();
    std::shared_ptr<QSqlQuery> &prepared = t_prepared[m_db.driver()][sql];
    if (prepared && prepared->isActive()) {
        // Another Statement is still reading these rows: re-running the shared one would reset them under it.
        m_own = std::make_unique<QSqlQuery>(m_db);
        m_own->setForwardOnly(true);
        if (!m_own->prepare(sql)) {
            m_error = m_own->lastError();
            m_own.reset();
            return false;
        }
        m_query = m_own.get();
    } else {
        if (!prepared) {
            auto query = std::make_shared<QSqlQuery>(m_db);
            query->setForwardOnly(true);
            if (!query->prepare(sql)) {
                m_error = query->lastError();
                t_prepared[m_db.driver()].remove(sql);
                return false;
            }
            prepared = std::move(query);
        }
        m_query = prepared.get();
    }
    for (int i = 0; i < values.size(); ++i)
        m_query->bindValue(i, values.at(i));
    if (!m_query->exec()) {
        m_error = m_query->lastError();
        finish();
        return false;
    }
    m_error = {};
    return true;
}

bool Statement::next()
{
    if (!m_query)
        return false;
    if (m_query->next())
        return true;
    // A step can fail after the first row (an interrupted read, a busy or damaged database): say so rather
    // than end as if every row had been read.
    if (m_query->lastError().isValid())
        m_error = m_query->lastError();
    return false;
}

void Statement::finish()
{
    if (m_query)
        m_query->finish();
    m_query = nullptr;
    m_own.reset();
}

void Statement::forgetConnection(const QSqlDatabase &db)
{
    t_prepared.remove(db.driver());
}

} // namespace atelier
