#pragma once

#include <QWidget>

namespace atelier {

struct StudioContext;

// The tool bar's profile picker with the balance, new, rename and top-up.
class ProfileSwitcher final : public QWidget
{
    Q_OBJECT
public:
    explicit ProfileSwitcher(StudioContext &context, QWidget *parent = nullptr);

private:
    StudioContext &m_context;
};

} // namespace atelier
