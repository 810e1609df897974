#include "tokentext.h"

#include <QLocale>

namespace atelier {

QString TokenText::number(qint64 tokens)
{
    // The C locale omits group separators; a balance of 12500 reads better as 12,500.
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale.toString(tokens);
}

QString TokenText::amount(qint64 tokens)
{
    if (tokens == 1 || tokens == -1)
        return tr("%1 token").arg(number(tokens));
    return tr("%1 tokens").arg(number(tokens));
}

} // namespace atelier
