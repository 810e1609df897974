#pragma once

#include "domain/generationerror.h"

#include <QSqlDatabase>

namespace atelier {

// One write transaction, rolled back unless committed. BEGIN IMMEDIATE takes the write lock up front, so a
// second process (the CLI next to the window) waits on the busy time-out instead of failing half-way when a
// read turns into a write.
class Transaction final
{
public:
    // Begins at once; on failure isActive() is false and *error says why.
    Transaction(QSqlDatabase db, const QString &what, GenerationError *error);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    bool isActive() const { return m_active; }
    // Commits; on failure sets *error and returns false, and the destructor rolls back.
    bool commit(GenerationError *error);

private:
    QSqlDatabase m_db;
    QString m_what;
    bool m_active = false;
};

} // namespace atelier
