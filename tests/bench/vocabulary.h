#pragma once

#include <QList>
#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>

namespace atelier::bench {

// A few hundred made-up words of two or three syllables, used with a Zipf-like frequency so that full-text
// search finds anything from a handful of prompts to most of them, as with real prompts.
class Vocabulary
{
public:
    explicit Vocabulary(int size)
    {
        const QStringList syllables{QStringLiteral("ka"),  QStringLiteral("lo"),  QStringLiteral("mi"),
                                    QStringLiteral("ter"), QStringLiteral("sun"), QStringLiteral("va"),
                                    QStringLiteral("rin"), QStringLiteral("do"),  QStringLiteral("pel"),
                                    QStringLiteral("shu"), QStringLiteral("gar"), QStringLiteral("no"),
                                    QStringLiteral("bri"), QStringLiteral("zen"), QStringLiteral("tho"),
                                    QStringLiteral("wy"),  QStringLiteral("cam"), QStringLiteral("fe")};
        QRandomGenerator random(7);
        while (m_words.size() < size) {
            QString word;
            for (int n = 2 + int(random.bounded(2)); n > 0; --n)
                word += syllables.at(random.bounded(int(syllables.size())));
            if (!m_words.contains(word))
                m_words.append(word);
        }
        double sum = 0;
        for (int rank = 0; rank < size; ++rank)
            m_cumulative.append(sum += 1.0 / double(rank + 1));
    }
    // By frequency, the most frequent first.
    const QStringList &words() const { return m_words; }
    QString pick(QRandomGenerator &random) const
    {
        const double x = random.generateDouble() * m_cumulative.last();
        const auto it = std::upper_bound(m_cumulative.cbegin(), m_cumulative.cend(), x);
        return m_words.at(std::min<qsizetype>(it - m_cumulative.cbegin(), m_words.size() - 1));
    }

private:
    QStringList m_words;
    QList<double> m_cumulative;
};

} // namespace atelier::bench
