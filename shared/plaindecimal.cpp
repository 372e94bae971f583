#include "plaindecimal.h"

#include <limits>

namespace chat {

std::optional<PlainDecimal> parsePlainDecimal(QStringView text)
{
    if (text.isEmpty())
        return std::nullopt;
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    PlainDecimal result;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        const int digit = c.unicode() - u'0';
        // Keep reading after saturating: a later non-digit still makes it no number.
        if (!result.saturated && result.value > (max - digit) / 10) {
            result.saturated = true;
            result.value = max;
        } else if (!result.saturated) {
            result.value = result.value * 10 + digit;
        }
    }
    return result;
}

} // namespace chat
