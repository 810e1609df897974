#pragma once

#include "domain/historyquery.h"

#include <QList>
#include <QString>
#include <QStringList>
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

    // For words few prompts hold: these generations (every match of the words, found beforehand) stand for
    // the full-text condition, looked up by id. No change without words.
    void matchAmong(const QList<qint64> &ids);

    // The words as an FTS5 expression (see matchExpression); empty when the query has none.
    const QString &match() const { return m_match; }
    QString where() const;
    // The WHERE clause of a count (values() bind to it): on a tag or a board, the rows are looked up by id
    // from its list, not walked through the profile's index and each tested against the list.
    QString countWhere() const;
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
    void add(const QString &condition, const QVariantList &values = {});

    QStringList m_conditions; // joined by AND; the first one names the profile
    QVariantList m_values;
    QString m_match;
    int m_matchCondition = -1; // where the full-text condition and its value sit
    int m_matchValue = -1;
    bool m_byList = false; // a tag or a board names the rows
};

} // namespace atelier
