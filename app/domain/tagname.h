#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace atelier {

// The rules of tag and board names: what a person types becomes one spelling, so that "Summer  Shoot" and
// "summer shoot" are one tag.
class TagName
{
    Q_DECLARE_TR_FUNCTIONS(TagName)

public:
    static constexpr int kMaxLength = 50;

    // The tag as stored: trimmed, inner whitespace one space, lower case. Nothing, with *why in words, when
    // it is empty, too long or holds a comma (the separator of tag lists).
    static std::optional<QString> normalized(const QString &text, QString *why);
    // Tags typed as a comma-separated list ("client x, hero shot"), normalised, without repeats; the first
    // bad one stops it with *why.
    static std::optional<QStringList> parseList(const QString &text, QString *why);
    // A board name: trimmed, inner whitespace one space, case kept; nothing with *why when empty or longer
    // than Board::kMaxNameLength.
    static std::optional<QString> boardName(const QString &text, QString *why);
};

} // namespace atelier
