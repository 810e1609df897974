#include "icons.h"

namespace atelier {

QIcon Icons::icon(const QString &name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

} // namespace atelier
