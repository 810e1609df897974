#pragma once

#include <QByteArray>
#include <QString>
#include <QVariant>
#include <QVariantList>

namespace atelier {

// Spreadsheet-safe CSV (RFC 4180): cells quoted where they must be, lists of text joined with ';', and a
// cell that a spreadsheet would run as a formula kept as text. Shared by every table Atelier writes.
class CsvLine
{
public:
    static QString cell(const QVariant &value);
    // The cells joined with commas, ended with CRLF, in UTF-8.
    static QByteArray of(const QVariantList &values);
};

} // namespace atelier
