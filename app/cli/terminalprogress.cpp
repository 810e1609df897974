#include "terminalprogress.h"

#include <algorithm>

namespace atelier::cli {

QString TerminalProgress::bar(int percent, int width)
{
    const int filled = std::clamp(percent, 0, 100) * width / 100;
    return QLatin1Char('[') + QString(filled, QLatin1Char('#')) + QString(width - filled, QLatin1Char('.')) +
           QLatin1Char(']');
}

void TerminalProgress::setStatus(const QString &line)
{
    if (line == m_status)
        return;
    m_status = line;
    if (!m_interactive) {
        m_out << line << Qt::endl;
        return;
    }
    const int width = int(line.size());
    m_out << '\r' << line << QString(std::max(0, m_drawnWidth - width), QLatin1Char(' ')) << Qt::flush;
    m_drawnWidth = width;
}

void TerminalProgress::print(const QString &line)
{
    clear();
    m_out << line << Qt::endl;
}

void TerminalProgress::clear()
{
    if (m_interactive && m_drawnWidth > 0)
        m_out << '\r' << QString(m_drawnWidth, QLatin1Char(' ')) << '\r' << Qt::flush;
    m_drawnWidth = 0;
    m_status.clear();
}

} // namespace atelier::cli
