#pragma once

#include <QList>
#include <QStringList>

namespace atelier {

// What a person marked a generation with to find it again: a favourite star, a rating, free tags and the
// boards (named collections) it is on. A result can be on several boards.
struct GenerationMarks
{
    static constexpr int kMaxRating = 5;

    bool favorite = false;
    int rating = 0;         // 0 (not rated) to kMaxRating
    QStringList tags;       // normalised (see TagName), in alphabetical order
    QList<qint64> boardIds; // ascending

    friend bool operator==(const GenerationMarks &, const GenerationMarks &) = default;
};

} // namespace atelier
