#include "historyfilter.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace atelier {

HistoryFilter::HistoryFilter(qint64 profileId, const HistoryQuery &query)
{
    QStringList conditions{QStringLiteral("g.profile_id = ?"), QStringLiteral("g.deleted_at IS NULL")};
    m_values.append(profileId);
    if (!query.statuses.isEmpty()) {
        QStringList marks;
        for (const GenerationStatus status : query.statuses) {
            marks.append(QStringLiteral("?"));
            m_values.append(statusName(status));
        }
        conditions.append(QStringLiteral("g.status IN (%1)").arg(marks.join(QLatin1Char(','))));
    }
    if (!query.model.isEmpty()) {
        conditions.append(QStringLiteral("g.model = ?"));
        m_values.append(query.model);
    }
    const QString match = matchExpression(query.text);
    if (!match.isEmpty()) {
        conditions.append(
            QStringLiteral("g.id IN (SELECT rowid FROM generations_fts WHERE generations_fts MATCH ?)"));
        m_values.append(match);
    }
    if (query.from.isValid()) {
        conditions.append(QStringLiteral("g.created_at >= ?"));
        m_values.append(query.from.toMSecsSinceEpoch());
    }
    if (query.to.isValid()) {
        conditions.append(QStringLiteral("g.created_at < ?"));
        m_values.append(query.to.toMSecsSinceEpoch());
    }
    m_where = conditions.join(QStringLiteral(" AND "));
}

void HistoryFilter::startAfter(const HistoryQuery &query)
{
    if (!query.after.isValid())
        return;
    // The bare bound on created_at keeps the condition a range of the index on (profile, deleted,
    // created_at), whose entries end with the id; the rest only breaks ties within one millisecond.
    const QString past = query.newestFirst ? QStringLiteral("<") : QStringLiteral(">");
    m_where += QStringLiteral(" AND g.created_at %1= ? AND (g.created_at %1 ? OR g.id %1 ?)").arg(past);
    const qint64 ms = query.after.createdAt.toMSecsSinceEpoch();
    m_values << ms << ms << query.after.id;
}

QString HistoryFilter::pageTail(const HistoryQuery &query) const
{
    const QString order = query.newestFirst ? QStringLiteral("DESC") : QStringLiteral("ASC");
    return QStringLiteral("WHERE %1 ORDER BY g.created_at %2, g.id %2 LIMIT ? OFFSET ?").arg(m_where, order);
}

QVariantList HistoryFilter::pageValues(const HistoryQuery &query) const
{
    QVariantList values = m_values;
    // A limit of 0 or less means every row; SQLite reads a negative LIMIT as none.
    values << (query.limit > 0 ? query.limit : -1) << qMax(0, query.offset);
    return values;
}

QString HistoryFilter::matchExpression(const QString &text)
{
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    QStringList terms;
    const QStringList words = text.split(whitespace, Qt::SkipEmptyParts);
    for (const QString &word : words) {
        // A phrase without a token is an FTS5 syntax error, so a word of punctuation only is no term at all.
        const QList<uint> codePoints = word.toUcs4();
        if (std::none_of(codePoints.cbegin(), codePoints.cend(),
                         [](uint c) { return QChar::isLetterOrNumber(char32_t(c)); }))
            continue;
        QString quoted = word;
        quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        terms.append(QStringLiteral("\"%1\"*").arg(quoted));
    }
    return terms.join(QStringLiteral(" AND "));
}

} // namespace atelier
