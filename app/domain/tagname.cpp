#include "tagname.h"

#include "board.h"

#include <algorithm>

namespace atelier {

std::optional<QString> TagName::normalized(const QString &text, QString *why)
{
    const QString tag = text.simplified().toLower();
    if (std::none_of(tag.cbegin(), tag.cend(), [](QChar c) { return c.isLetterOrNumber(); })) {
        *why = tr("A tag needs at least one letter or digit.");
        return std::nullopt;
    }
    if (tag.contains(QLatin1Char(','))) {
        *why = tr("A tag cannot hold a comma: commas separate tags.");
        return std::nullopt;
    }
    if (tag.size() > kMaxLength) {
        *why = tr("The tag \"%1…\" is longer than %2 characters.").arg(tag.left(20)).arg(kMaxLength);
        return std::nullopt;
    }
    return tag;
}

std::optional<QStringList> TagName::parseList(const QString &text, QString *why)
{
    QStringList tags;
    const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (part.trimmed().isEmpty())
            continue;
        const std::optional<QString> tag = normalized(part, why);
        if (!tag)
            return std::nullopt;
        if (!tags.contains(*tag))
            tags.append(*tag);
    }
    return tags;
}

std::optional<QString> TagName::boardName(const QString &text, QString *why)
{
    const QString name = text.simplified();
    if (name.isEmpty()) {
        *why = tr("A board needs a name.");
        return std::nullopt;
    }
    if (name.size() > Board::kMaxNameLength) {
        *why = tr("A board name can be at most %1 characters long.").arg(Board::kMaxNameLength);
        return std::nullopt;
    }
    return name;
}

} // namespace atelier
