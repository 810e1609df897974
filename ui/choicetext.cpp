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

QString ChoiceText::optionName(const QString &name)
{
    static const QHash<QString, const char *> names{
        {QStringLiteral("background"), QT_TR_NOOP("Background")},
        {QStringLiteral("output_format"), QT_TR_NOOP("File format")},
        {QStringLiteral("output_compression"), QT_TR_NOOP("Compression")},
        {QStringLiteral("moderation"), QT_TR_NOOP("Moderation")},
        {QStringLiteral("input_fidelity"), QT_TR_NOOP("Keep references")},
        {QStringLiteral("partial_images"), QT_TR_NOOP("Live previews")},
        {QStringLiteral("mask"), QT_TR_NOOP("Mask")},
        {QStringLiteral("seed"), QT_TR_NOOP("Seed")},
    };
    const char *text = names.value(name);
    return text ? tr(text) : name;
}

} // namespace atelier
