#pragma once

#include <QString>
#include <QTextStream>

namespace atelier::cli {

// Progress on a terminal: on an interactive one, a status line redrawn in place; otherwise (a pipe, a log
// file) only the lines that say something new.
class TerminalProgress
{
public:
    TerminalProgress(QTextStream &out, bool interactive) : m_out(out), m_interactive(interactive) {}

    bool isInteractive() const { return m_interactive; }
    // The live status line. Not interactive: printed only when it differs from the last one printed.
    void setStatus(const QString &line);
    // A line that stays (an event: started, retrying, finished).
    void print(const QString &line);
    // Clears the status line before the program prints its result.
    void clear();

    static QString bar(int percent, int width = 24);

private:
    QTextStream &m_out;
    bool m_interactive;
    QString m_status;
    int m_drawnWidth = 0;
};

} // namespace atelier::cli
