#include "historyfilter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace atelier {

HistoryFilter::HistoryFilter(qint64 profileId, const HistoryQuery &query)
{
    add(QStringLiteral("g.profile_id = ?"), {profileId});
    add(QStringLiteral("g.deleted_at IS NULL"));
    if (!query.statuses.isEmpty()) {
        QStringList marks;
        QVariantList names;
        for (const GenerationStatus status : query.statuses) {
            marks.append(QStringLiteral("?"));
            names.append(statusName(status));
        }
        add(QStringLiteral("g.status IN (%1)").arg(marks.join(QLatin1Char(','))), names);
    }
    if (!query.model.isEmpty())
        add(QStringLiteral("g.model = ?"), {query.model});
    m_match = matchExpression(query.text);
    if (!m_match.isEmpty()) {
        m_matchCondition = int(m_conditions.size());
        m_matchValue = int(m_values.size());
        add(QStringLiteral("g.id IN (SELECT rowid FROM generations_fts WHERE generations_fts MATCH ?)"),
            {m_match});
    }
    // Written as the partial indexes' conditions, so that SQLite can use them.
    if (query.favoritesOnly)
        add(QStringLiteral("g.favorite = 1"));
    if (query.minRating > 0)
        add(QStringLiteral("g.rating > 0 AND g.rating >= ?"), {query.minRating});
    m_byList = !query.tag.isEmpty() || query.boardId > 0;
    if (!query.tag.isEmpty())
        add(QStringLiteral("g.id IN (SELECT generation_id FROM generation_tags WHERE tag = ?)"), {query.tag});
    if (query.boardId > 0)
        add(QStringLiteral("g.id IN (SELECT generation_id FROM board_items WHERE board_id = ?)"),
            {query.boardId});
    if (query.from.isValid())
        add(QStringLiteral("g.created_at >= ?"), {query.from.toMSecsSinceEpoch()});
    if (query.to.isValid())
        add(QStringLiteral("g.created_at < ?"), {query.to.toMSecsSinceEpoch()});
}

void HistoryFilter::add(const QString &condition, const QVariantList &values)
{
    m_conditions.append(condition);
    m_values.append(values);
}

QString HistoryFilter::where() const
{
    return m_conditions.join(QStringLiteral(" AND "));
}

QString HistoryFilter::countWhere() const
{
    if (!m_byList || m_conditions.constFirst().startsWith(u'+'))
        return where();
    // The unary plus keeps SQLite off the profile's index (see matchAmong).
    QStringList conditions = m_conditions;
    conditions[0] = QStringLiteral("+g.profile_id = ?");
    return conditions.join(QStringLiteral(" AND "));
}

void HistoryFilter::startAfter(const HistoryQuery &query)
{
    if (!query.after.isValid())
        return;
    // The bare bound on created_at keeps the condition a range of the index on (profile, deleted,
    // created_at), whose entries end with the id; the rest only breaks ties within one millisecond.
    const QString past = query.newestFirst ? QStringLiteral("<") : QStringLiteral(">");
    const qint64 ms = query.after.createdAt.toMSecsSinceEpoch();
    add(QStringLiteral("g.created_at %1= ? AND (g.created_at %1 ? OR g.id %1 ?)").arg(past),
        {ms, ms, query.after.id});
}

void HistoryFilter::matchAmong(const QList<qint64> &ids)
{
    if (m_matchCondition < 0)
        return;
    QJsonArray list;
    for (const qint64 id : ids)
        list.append(id);
    m_conditions[m_matchCondition] = QStringLiteral("g.id IN (SELECT value FROM json_each(?))");
    m_values[m_matchValue] = QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
    // A unary plus keeps SQLite from walking the profile's index in the order asked (and testing every row
    // against the few matches): it looks the matches up by id and sorts them instead.
    m_conditions[0] = QStringLiteral("+g.profile_id = ?");
}

QString HistoryFilter::pageTail(const HistoryQuery &query) const
{
    const QString order = query.newestFirst ? QStringLiteral("DESC") : QStringLiteral("ASC");
    return QStringLiteral("WHERE %1 ORDER BY g.created_at %2, g.id %2 LIMIT ? OFFSET ?").arg(where(), order);
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
