#pragma once

#include <QRandomGenerator>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace chat::bench {

//! Words of 3–9 letters from a fixed seed; drawn with a Zipf-like skew, as in real text
//! (a few words are everywhere, most are rare). The message texts of bench_search and
//! bench_history.
class Vocabulary
{
public:
    explicit Vocabulary(int size)
    {
        QRandomGenerator random(42);
        static const QString letters = QStringLiteral("abcdefghijklmnopqrstuvwxyzéèàü");
        for (int i = 0; i < size; ++i) {
            QString word;
            const int length = 3 + int(random.bounded(7));
            for (int c = 0; c < length; ++c)
                word.append(letters.at(int(random.bounded(qint64(letters.size())))));
            m_words.append(word);
        }
    }

    //! Rank r is drawn with weight 1/(r+1): a rough Zipf distribution.
    [[nodiscard]] const QString &draw(QRandomGenerator &random) const
    {
        const double u = random.generateDouble();
        const int rank = int(std::pow(double(m_words.size()), u)) - 1;
        return m_words.at(std::clamp(rank, 0, int(m_words.size()) - 1));
    }

    //! A message text: 3–17 words.
    [[nodiscard]] QString text(QRandomGenerator &random) const
    {
        const int words = 3 + int(random.bounded(15));
        QStringList text;
        for (int w = 0; w < words; ++w)
            text.append(draw(random));
        return text.join(QLatin1Char(' '));
    }

private:
    QStringList m_words;
};

} // namespace chat::bench
