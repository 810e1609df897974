#pragma once

#include <QByteArray>
#include <QPushButton>

#include <functional>

namespace atelier {

// "Export CSV…" under a table: asks where, then writes what `content` gives at that moment, whole or not at
// all (an existing file is replaced only once the new one is complete).
class CsvExportButton final : public QPushButton
{
    Q_OBJECT
public:
    using Content = std::function<QByteArray()>;

    CsvExportButton(QString suggestedName, Content content, QWidget *parent = nullptr);

    // Writes the table to `path`; false with why in failed().
    bool save(const QString &path);

Q_SIGNALS:
    void saved(const QString &path);
    void failed(const QString &message);

private:
    void ask();

    QString m_suggestedName;
    Content m_content;
};

} // namespace atelier
