#include "settingsdialog.h"

#include "studiocontext.h"

namespace atelier {

SettingsDialog::SettingsDialog(StudioContext &context, QWidget *parent) : QDialog(parent), m_context(context)
{}

} // namespace atelier
