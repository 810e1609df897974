#include "csvline.h"

#include <QStringList>

namespace atelier {

QString CsvLine::cell(const QVariant &value)
{
    QString text = value.typeId() == QMetaType::QStringList ? value.toStringList().join(QLatin1Char(';'))
                                                            : value.toString();
    // A spreadsheet would run such a cell as a formula: a prompt is the person's text, not a program.
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (!text.isEmpty() && formulaStarts.contains(text.front()))
        text.prepend(QLatin1Char('\''));
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

QByteArray CsvLine::of(const QVariantList &values)
{
    QStringList cells;
    for (const QVariant &value : values)
        cells.append(cell(value));
    return cells.join(QLatin1Char(',')).toUtf8() + "\r\n";
}

} // namespace atelier
