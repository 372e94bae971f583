#include "pathids.h"

#include <QHttpServerRouter>

#include <limits>

namespace chat::server::http {

using namespace Qt::StringLiterals;

QString decimalUpToPattern(qint64 max)
{
    // Numbers with fewer digits than `max` all fit; with as many, each alternative keeps
    // a prefix of `max` and then has a smaller digit, followed by any digits; last, `max`
    // itself. E.g. for 254: \d{1,2}|[0-1]\d{2}|2[0-4]\d|25[0-4].
    const QString digits = QString::number(max);
    QStringList alternatives;
    if (digits.size() > 1)
        alternatives << u"\\d{1,%1}"_s.arg(digits.size() - 1);
    for (qsizetype i = 0; i < digits.size(); ++i) {
        const int digit = digits.at(i).digitValue();
        const qsizetype rest = digits.size() - i - 1;
        if (i + 1 == digits.size()) {
            alternatives << digits.left(i) + u"[0-%1]"_s.arg(digit);
        } else if (digit > 0) {
            alternatives << digits.left(i) + u"[0-%1]"_s.arg(digit - 1)
                    + (rest > 0 ? u"\\d{%1}"_s.arg(rest) : QString());
        }
    }
    return u"0*(?:%1)"_s.arg(alternatives.join(u'|'));
}

void usePlainDecimalPathIds(QHttpServerRouter &router)
{
    router.addConverter(
        QMetaType::fromType<qint64>(), decimalUpToPattern(std::numeric_limits<qint64>::max()));
}

} // namespace chat::server::http
