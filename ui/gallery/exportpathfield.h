#pragma once

#include <QWidget>

class QLineEdit;
class QPushButton;

namespace atelier {

class ProblemLabel;

// Where an export goes, typed or chosen with Browse…: a folder, or a file of one kind. What is wrong with
// the place shows under the field until the path changes.
class ExportPathField final : public QWidget
{
    Q_OBJECT
public:
    explicit ExportPathField(QWidget *parent = nullptr);

    void setFolderMode();
    // A file with this name filter ("Zip archives (*.zip)") and extension ("zip").
    void setFileMode(const QString &nameFilter, const QString &suffix);

    // Cleaned up, with "~" for the home folder; empty when nothing is typed.
    QString path() const;
    void setPath(const QString &path);
    void setProblem(const QString &problem);

Q_SIGNALS:
    void pathChanged();

private:
    void browse();

    QLineEdit *m_path;
    QPushButton *m_browse;
    ProblemLabel *m_problem;
    QString m_nameFilter; // empty: a folder
    QString m_suffix;
};

} // namespace atelier
