#pragma once

#include <QIcon>
#include <QString>

namespace atelier {

// The window's icons, drawn from the SVG files in resources/icons so they stay sharp at any scale.
// Line icons are drawn in `currentColor` and painted in the application palette's text colour for the icon's
// mode, so they follow a light or dark desktop; icons with colours of their own (the app icon) keep them.
class Icons
{
public:
    // "generate" -> :/icons/generate.svg; a null icon for a name that has no file.
    static QIcon icon(const QString &name);
};

} // namespace atelier
