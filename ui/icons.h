#pragma once

#include <QIcon>
#include <QString>

namespace atelier {

// The window's icons, drawn from the SVG files in resources/icons so they stay sharp at any scale.
class Icons
{
public:
    // "generate" -> :/icons/generate.svg
    static QIcon icon(const QString &name);
};

} // namespace atelier
