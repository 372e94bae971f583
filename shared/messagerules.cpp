#include "messagerules.h"

#include <shared/protocol.h>

namespace chat::rules {

using namespace Qt::StringLiterals;

QString excerptOf(const QString &body)
{
    const QString line = body.section(u'\n', 0, 0).trimmed();
    if (line.size() <= protocol::limits::MaxExcerptLength)
        return line;
    QString cut = line.left(protocol::limits::MaxExcerptLength - 1);
    if (cut.back().isHighSurrogate())
        cut.chop(1); // never half a character
    return cut + u'…';
}

} // namespace chat::rules
