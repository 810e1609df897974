#pragma once

#include <QDialog>
#include <QList>

class QDialogButtonBox;
class QTabWidget;

namespace atelier {

class ProblemLabel;
class SettingsPage;
struct StudioContext;

// Settings: the OpenAI key (keychain) and connection, concurrency, the library folder, prompt defaults.
// OK and Apply save every page and stay disabled while a value is bad; Cancel saves nothing. The key's own
// buttons act at once, since the keychain answers in its own time.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(StudioContext &context, QWidget *parent = nullptr);

    // Saves every page; false, with the reason shown, when one could not be saved.
    bool apply();

private:
    void addPage(SettingsPage *page, const QString &icon, const QString &title);
    void check();

    QTabWidget *m_tabs = nullptr;
    QList<SettingsPage *> m_pages;
    QList<QString> m_icons;
    ProblemLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace atelier
