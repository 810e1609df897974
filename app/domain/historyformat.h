#pragma once

namespace atelier {

// The file formats the history is exported as: a spreadsheet's CSV (RFC 4180, UTF-8) or a JSON array.
enum class HistoryFormat
{
    Csv,
    Json
};

} // namespace atelier
