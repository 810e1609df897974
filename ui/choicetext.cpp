#include "choicetext.h"

#include <QHash>

namespace atelier {

QString ChoiceText::label(const QString &value)
{
    static const QHash<QString, const char *> names{
        {QStringLiteral("auto"), QT_TR_NOOP("Automatic")},
        {QStringLiteral("low"), QT_TR_NOOP("Low")},
        {QStringLiteral("medium"), QT_TR_NOOP("Medium")},
        {QStringLiteral("high"), QT_TR_NOOP("High")},
        {QStringLiteral("standard"), QT_TR_NOOP("Standard")},
        {QStringLiteral("hd"), QT_TR_NOOP("HD (finer detail)")},
        {QStringLiteral("vivid"), QT_TR_NOOP("Vivid")},
        {QStringLiteral("natural"), QT_TR_NOOP("Natural")},
        {QStringLiteral("transparent"), QT_TR_NOOP("Transparent")},
        {QStringLiteral("opaque"), QT_TR_NOOP("Opaque")},
        {QStringLiteral("png"), QT_TR_NOOP("PNG")},
        {QStringLiteral("jpeg"), QT_TR_NOOP("JPEG")},
        {QStringLiteral("webp"), QT_TR_NOOP("WebP")},
    };
    if (const char *name = names.value(value))
        return tr(name);
    QString text = value;
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

} // namespace atelier
