#pragma once

#include <QDialog>

namespace atelier {

struct StudioContext;

// Settings: the OpenAI key (keychain) and connection, concurrency, the library folder, prompt defaults.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(StudioContext &context, QWidget *parent = nullptr);

private:
    StudioContext &m_context;
};

} // namespace atelier
