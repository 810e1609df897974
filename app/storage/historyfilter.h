#pragma once

#include "domain/historyquery.h"

#include <QString>
#include <QVariantList>

namespace atelier {

// The WHERE clause of a history query (generations aliased as g) and the values to bind to it, in order.
class HistoryFilter
{
public:
    HistoryFilter(qint64 profileId, const HistoryQuery &query);

    // Only the rows past query.after in the query's order (no change when it is not valid): paging, which a
    // count leaves out.
    void startAfter(const HistoryQuery &query);

    const QString &where() const { return m_where; }
    const QVariantList &values() const { return m_values; }
    // WHERE, ORDER BY, LIMIT and OFFSET: what follows FROM in a page of the query, and the values to bind to
    // it.
    QString pageTail(const HistoryQuery &query) const;
    QVariantList pageValues(const HistoryQuery &query) const;

    // The person's words as a safe FTS5 expression: each word a quoted prefix term, all of them required.
    // Operators, quotes and brackets in the text are only characters; words without a letter or digit are
    // dropped. Empty when no word is left.
    static QString matchExpression(const QString &text);

private:
    QString m_where;
    QVariantList m_values;
};

} // namespace atelier
